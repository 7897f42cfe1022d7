"""Numbered schema migrations with Alembic: upgrade older databases, refuse newer ones.

Opening a database that is already current needs no Alembic: the revisions are read
from the migration files' ``revision``/``down_revision`` lines and the database's from
its ``alembic_version`` table, so Alembic is imported only when there is work to do.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from jkannotate.core.errors import SchemaVersionError
from jkannotate.store.engine import write_intent

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x6A6B_0001  # PostgreSQL advisory lock key held while migrating
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|None)", re.M)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def _revisions() -> dict[str, str | None]:
    """Revision → the revision it revises, from the migration files."""
    found: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values = {
            m.group(1): m.group(2) or m.group(3) for m in _ASSIGNMENT.finditer(path.read_text())
        }
        if values.get("revision"):
            found[values["revision"]] = values.get("down_revision")
    return found


def head_revision() -> str:
    revisions = _revisions()
    heads = set(revisions) - {down for down in revisions.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def _revision_of(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _revision_of(connection)


def ensure_schema(engine: Engine, display_url: str, *, migrate: bool = True) -> str | None:
    """Bring the database to the newest schema; returns the revision it had before.

    Without ``migrate`` (a file opened read-only) an older schema is refused instead.

    A revision this code does not know was written by a newer jkannotate: refuse it
    rather than guess, so the newer program's data stays intact.
    """
    head = head_revision()
    before = current_revision(engine)
    _refuse_newer(before, display_url)
    if before == head:
        return before
    if not migrate:
        raise SchemaVersionError(
            f"{display_url} has schema version {before}, older than this jkannotate's "
            f"({head}); open it once without --read-only to upgrade it"
        )
    from alembic import command

    # Several annotators may open a fresh shared database at the same moment: migrate
    # under a lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL) and look
    # again inside it, so exactly one of them creates the tables.
    with write_intent(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        before = _revision_of(connection)
        _refuse_newer(before, display_url)
        if before != head:
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return before


def _refuse_newer(revision: str | None, display_url: str) -> None:
    if revision is not None and revision not in _revisions():
        raise SchemaVersionError(
            f"{display_url} has schema version {revision}, newer than this jkannotate knows "
            f"(newest: {head_revision()}); upgrade jkannotate to open it"
        )
