"""Numbered schema migrations with Alembic: upgrade older databases, refuse newer ones."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from jkannotate.core.errors import SchemaVersionError
from jkannotate.store.engine import write_intent

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x6A6B_0001  # PostgreSQL advisory lock key held while migrating


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


def ensure_schema(engine: Engine, display_url: str, *, migrate: bool = True) -> str | None:
    """Bring the database to the newest schema; returns the revision it had before.

    Without ``migrate`` (a file opened read-only) an older schema is refused instead.

    A revision this code does not know was written by a newer jkannotate: refuse it
    rather than guess, so the newer program's data stays intact.
    """
    config = _config()
    script = ScriptDirectory.from_config(config)
    known = {rev.revision for rev in script.walk_revisions()}
    before = current_revision(engine)
    _refuse_newer(before, known, display_url, script)
    if before == script.get_current_head():
        return before
    if not migrate:
        raise SchemaVersionError(
            f"{display_url} has schema version {before}, older than this jkannotate's "
            f"({script.get_current_head()}); open it once without --read-only to upgrade it"
        )
    # Several annotators may open a fresh shared database at the same moment: migrate
    # under a lock (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL) and look
    # again inside it, so exactly one of them creates the tables.
    with write_intent(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        before = MigrationContext.configure(connection).get_current_revision()
        _refuse_newer(before, known, display_url, script)
        if before != script.get_current_head():
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return before


def _refuse_newer(
    revision: str | None, known: set[str], display_url: str, script: ScriptDirectory
) -> None:
    if revision is not None and revision not in known:
        raise SchemaVersionError(
            f"{display_url} has schema version {revision}, newer than this jkannotate knows "
            f"(newest: {script.get_current_head()}); upgrade jkannotate to open it"
        )
