"""Where the project database is and how to connect: URL resolution, SQLite pragmas, masking."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import appdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from jkannotate.core.errors import InputError

ENV_VARIABLE = "JKANNOTATE_DB"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# page cache per connection (KiB; grows only as used): with SQLite's default 2 MiB a large
# import spills pages to the WAL mid-transaction, which doubled its insert time
SQLITE_CACHE_KIB = 65_536

_write_intent = threading.local()


def default_db_path() -> Path:
    return Path(appdirs.user_data_dir("jkannotate")) / "default.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` value, else ``$JKANNOTATE_DB``, else the per-user default file, as a URL."""
    value = str(db) if db else os.environ.get(ENV_VARIABLE) or str(default_db_path())
    if "://" in value:
        try:
            url = make_url(value)
        except ArgumentError as error:
            raise InputError(f"not a database URL: {mask_url(value)}") from error
        if url.drivername in ("postgresql", "postgres"):
            # psycopg 3 is the driver we ship; SQLAlchemy's default would be psycopg2
            return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return value
    path = Path(value).expanduser().resolve()
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a database file")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def read_only_url(url: str) -> str:
    """A SQLite URL that opens the file read-only (SQLite refuses every write on it)."""
    path = make_url(url).database
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***``, for every message and log line."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def scrub(message: str, url: str) -> str:
    """A driver's message with the URL's password (plain or %-encoded) replaced by ``***``.

    Drivers sometimes echo the connection string in their errors; a message shown to
    the user must never carry the password even then.
    """
    try:
        password = make_url(url).password
    except ArgumentError:
        return message
    if not password:
        return message
    from urllib.parse import quote

    for form in {str(password), quote(str(password), safe="")}:
        message = message.replace(form, "***")
    return message


def is_postgresql(url: str) -> bool:
    return url.startswith(("postgresql", "postgres"))


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    """An engine with WAL, foreign keys and a busy timeout on SQLite.

    SQLite transactions that intend to write start with ``BEGIN IMMEDIATE`` so two
    writers queue on the busy timeout instead of failing on a lock upgrade.
    """
    if not is_sqlite(url):
        # READ COMMITTED for writes: a version-checked UPDATE that waited on another
        # writer's row lock re-reads the row and sees the new version (a conflict).
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(
        url,
        connect_args={"isolation_level": None, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        if "mode=ro" not in url:
            _enable_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        # a read opened while a write is under way (``reader``) must not queue behind it
        immediate = getattr(
            _write_intent, "active", False
        ) and not connection.get_execution_options().get("jk_reader")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def reader(engine: Engine) -> Engine:
    """The same pool for read transactions: never ``BEGIN IMMEDIATE`` on SQLite, and one
    snapshot per transaction (REPEATABLE READ) on PostgreSQL."""
    if is_sqlite(str(engine.url)):
        return engine.execution_options(jk_reader=True)
    return engine.execution_options(jk_reader=True, isolation_level="REPEATABLE READ")


def _enable_wal(cursor: Any) -> None:
    """Switch to WAL, retrying: SQLite answers a journal-mode change that meets another
    connection's lock with "database is locked" at once, without its busy handler."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class write_intent:
    """Context manager marking the transactions begun inside it as writes."""

    def __enter__(self) -> None:
        self._previous = getattr(_write_intent, "active", False)
        _write_intent.active = True

    def __exit__(self, *exc: object) -> None:
        _write_intent.active = self._previous
