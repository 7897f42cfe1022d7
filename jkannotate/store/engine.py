"""Where the project database is and how to connect: URL resolution, SQLite pragmas, masking."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import appdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from jkannotate.core.errors import InputError

ENV_VARIABLE = "JKANNOTATE_DB"
SQLITE_BUSY_TIMEOUT_MS = 30_000

_write_intent = threading.local()


def default_db_path() -> Path:
    return Path(appdirs.user_data_dir("jkannotate")) / "default.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` value, else ``$JKANNOTATE_DB``, else the per-user default file, as a URL."""
    value = str(db) if db else os.environ.get(ENV_VARIABLE) or str(default_db_path())
    if "://" in value:
        try:
            make_url(value)
        except ArgumentError as error:
            raise InputError(f"not a database URL: {mask_url(value)} ({error})") from error
        return value
    path = Path(value).expanduser().resolve()
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a database file")
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***``, for every message and log line."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1] if "@" in url else url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    """An engine with WAL, foreign keys and a busy timeout on SQLite.

    SQLite transactions that intend to write start with ``BEGIN IMMEDIATE`` so two
    writers queue on the busy timeout instead of failing on a lock upgrade.
    """
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(
        url,
        connect_args={"isolation_level": None, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        immediate = getattr(_write_intent, "active", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class write_intent:
    """Context manager marking the transactions begun inside it as writes."""

    def __enter__(self) -> None:
        self._previous = getattr(_write_intent, "active", False)
        _write_intent.active = True

    def __exit__(self, *exc: object) -> None:
        _write_intent.active = self._previous
