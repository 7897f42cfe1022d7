"""Numbered schema migrations with Alembic: upgrade older databases, refuse newer ones."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from jkannotate.core.errors import SchemaVersionError

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ensure_schema(engine: Engine, display_url: str) -> str | None:
    """Bring the database to the newest schema; returns the revision it had before.

    A revision this code does not know was written by a newer jkannotate: refuse it
    rather than guess, so the newer program's data stays intact.
    """
    config = _config()
    script = ScriptDirectory.from_config(config)
    before = current_revision(engine)
    if before is not None and before not in {rev.revision for rev in script.walk_revisions()}:
        raise SchemaVersionError(
            f"{display_url} has schema version {before}, newer than this jkannotate knows "
            f"(newest: {script.get_current_head()}); upgrade jkannotate to open it"
        )
    if before != script.get_current_head():
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return before
