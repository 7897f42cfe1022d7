"""Moving a test database to one Alembic revision of the project's migrations."""

from __future__ import annotations

from alembic import command

from jkannotate.store.engine import make_engine
from jkannotate.store.migrate import _config


def at_revision(url: str, revision: str, *, down: bool = False) -> None:
    """Upgrade (or with ``down`` downgrade) the database at ``url`` to ``revision``."""
    engine = make_engine(url)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()
