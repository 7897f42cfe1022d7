"""Where the project database is and how to connect: URL resolution, SQLite pragmas, masking.

A SQLite file is looked at before anything writes to it: a file that is not a database, or
a database of another application (tables, but no jkannotate schema), is refused untouched;
a file or folder that is not writable is opened read-only (so ``stats`` and ``docs`` work).
Driver errors that say the database is damaged, full or read-only become one
:class:`StorageError` line naming the file.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import appdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError

from jkannotate.core.environment import DATABASE_VARIABLE
from jkannotate.core.errors import InputError, ServerUnavailable, StorageError

SQLITE_BUSY_TIMEOUT_MS = 30_000
# page cache per connection (KiB; grows only as used): with SQLite's default 2 MiB a large
# import spills pages to the WAL mid-transaction, which doubled its insert time
SQLITE_CACHE_KIB = 65_536

# libpq options the engine sets unless the URL does: give up connecting after 10 s, and
# notice a silently dropped connection (no FIN: cable, Wi-Fi, VPN) within about 30 s,
# idle (keepalives) or with a query unanswered (tcp_user_timeout, ms)
SERVER_CONNECT_ARGS = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 15,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,
}
# SQLSTATEs of a lost or refused connection: class 08, and the server shutting down,
# crashing or starting up (57P01-57P03)
UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03")
# libpq's words when it cannot connect at all (such errors carry no SQLSTATE)
UNREACHABLE_WORDS = (
    "connection refused", "could not connect", "timeout expired", "no route to host",
    "network is unreachable", "connection timed out", "could not translate host name",
    "no such file or directory", "server closed the connection", "connection reset",
    "the database system is", "connection is lost", "connection is closed",
)

_write_intent = threading.local()


def default_db_path() -> Path:
    return Path(appdirs.user_data_dir("jkannotate")) / "default.db"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` value, else ``$JKANNOTATE_DB``, else the per-user default file, as a URL."""
    value = str(db) if db else os.environ.get(DATABASE_VARIABLE) or str(default_db_path())
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


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for an in-memory database)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def check_sqlite_file(path: Path) -> None:
    """Refuse, without changing it, a file that is not a jkannotate database (an empty
    file or an empty database becomes a new project)."""
    try:
        if path.stat().st_size == 0:
            return
        connection = sqlite3.connect(_read_only_uri(path), uri=True)
    except (OSError, sqlite3.Error) as error:
        raise StorageError(f"{path}: cannot open the database ({error})") from error
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    except sqlite3.DatabaseError as error:
        raise StorageError(_explain(str(error), path) or f"{path}: {error}") from error
    finally:
        connection.close()
    if tables and "alembic_version" not in tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise StorageError(f"{path}: a SQLite database of another application (tables: {shown}); "
                           "not a jkannotate project, left as it is")


def read_only_reason(path: Path) -> str | None:
    """Why an existing database file can only be read (None when it can be written)."""
    if not path.is_file():
        return None
    if not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "its folder is read-only"
    return None


def _read_only_uri(path: Path) -> str:
    """Read-only access; in a folder where SQLite cannot create the WAL index, the file is
    read as it is on disk (immutable), which is all it holds after a clean close."""
    wal_ready = Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists()
    if os.access(path.parent, os.W_OK | os.X_OK) or wal_ready:
        return f"{path.as_uri()}?mode=ro"
    return f"{path.as_uri()}?mode=ro&immutable=1"


def _explain(message: str, path: Path | None) -> str | None:
    """A one-line explanation of a SQLite error about the file itself, or None."""
    where = f"{path}: " if path else ""
    lowered = message.lower()
    if "malformed" in lowered or "not a database" in lowered:
        return (f"{where}the database file is damaged ({message}); nothing was changed. "
                "Restore a backup, or recover what is readable with `sqlite3 FILE .recover`")
    if "disk is full" in lowered or "disk i/o error" in lowered:
        return (f"{where}cannot write the database ({message}): is the disk full? "
                "Nothing was changed")
    if "readonly database" in lowered or "read-only" in lowered:
        return f"{where}the database cannot be written ({message}); nothing was changed"
    if "unable to open database file" in lowered:
        return f"{where}cannot open or create the database ({message}): is its folder writable?"
    return None


def _text_explain(error: BaseException) -> str | None:
    """What no database stores, met at the driver (every reader should refuse it first)."""
    message = str(error)
    if isinstance(error, UnicodeEncodeError) and "surrogate" in message:
        return ("a text holds a lone surrogate, which is not a Unicode character; "
                "nothing was changed")
    if "NUL (0x00)" in message:
        return "a text holds NUL characters (\\u0000), which are not stored; nothing was changed"
    return None


def _postgresql_explain(error: BaseException) -> str | None:
    sqlstate = getattr(error, "sqlstate", None) or ""
    if sqlstate.startswith("53"):  # insufficient resources: disk full, out of memory
        return f"the database server cannot write ({str(error).strip()}); nothing was changed"
    if sqlstate == "25006":
        return f"the database is read-only ({str(error).strip()}); nothing was changed"
    return None


def unreachable_reason(error: BaseException, *, disconnect: bool = False) -> str | None:
    """Why the server cannot be reached, in a few words, when ``error`` says it (None for
    every other error: a refused password or a missing database is not "offline")."""
    sqlstate = getattr(error, "sqlstate", None) or ""
    first = (str(error).strip().splitlines() or [""])[0]
    words = first.lower()
    if sqlstate in ("28P01", "28000", "3D000") or "authentication" in words:
        return None
    if disconnect or sqlstate.startswith(UNREACHABLE_SQLSTATES) or any(
        w in words for w in UNREACHABLE_WORDS
    ):
        return first.removeprefix("connection failed: ") or type(error).__name__
    return None


def _server_connect_args(url: str) -> dict[str, Any]:
    given = make_url(url).query
    return {key: value for key, value in SERVER_CONNECT_ARGS.items() if key not in given}


def make_engine(url: str) -> Engine:
    """An engine with WAL, foreign keys and a busy timeout on SQLite.

    SQLite transactions that intend to write start with ``BEGIN IMMEDIATE`` so two
    writers queue on the busy timeout instead of failing on a lock upgrade.
    """
    if not is_sqlite(url):
        # READ COMMITTED for writes: a version-checked UPDATE that waited on another
        # writer's row lock re-reads the row and sees the new version (a conflict).
        # pool_pre_ping: a pooled connection that died with a server restart is noticed
        # and replaced at checkout, so the next operation after a restart just works
        engine = create_engine(
            url, pool_pre_ping=True, hide_parameters=True,
            connect_args=_server_connect_args(url),
        )
        shown = mask_url(url)

        @event.listens_for(engine, "handle_error")
        def _translate_server(context: ExceptionContext) -> BaseException | None:
            original = context.original_exception
            if context.is_pre_ping:  # the pool replaces the dead connection itself
                return None
            unreachable = unreachable_reason(original, disconnect=context.is_disconnect)
            if unreachable is not None:
                return ServerUnavailable(
                    f"cannot reach the database server of {shown} "
                    f"({scrub(unreachable, url)}); nothing was changed"
                )
            reason = _postgresql_explain(original) or _text_explain(original)
            return StorageError(reason) if reason else None

        return engine
    path = sqlite_file(url)
    read_only = None
    if path is not None and path.exists():
        check_sqlite_file(path)
        read_only = read_only_reason(path)
        if read_only:
            url = f"sqlite:///{_read_only_uri(path)}&uri=true"
    engine = create_engine(
        url,
        connect_args={"isolation_level": None, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        try:
            if not read_only and "mode=ro" not in url:
                _enable_wal(cursor)
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        except sqlite3.DatabaseError as error:
            reason = _explain(str(error), path)
            if reason is None:
                raise
            raise StorageError(reason) from error
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # a read opened while a write is under way (``reader``) must not queue behind it
        immediate = getattr(
            _write_intent, "active", False
        ) and not connection.get_execution_options().get("jk_reader")
        if immediate and read_only:
            raise StorageError(f"{path}: opened read-only ({read_only}); this command "
                               "changes the project, so it needs a writable database")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    @event.listens_for(engine, "handle_error")
    def _translate(context: ExceptionContext) -> BaseException | None:
        original = context.original_exception
        if not isinstance(original, sqlite3.DatabaseError):
            reason = _text_explain(original)
            return StorageError(reason) if reason else None
        reason = _explain(str(original), path)
        return StorageError(reason) if reason else None

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


def unreachable(engine: Engine) -> str | None:
    """None when the server answers a trivial query, else why not (one line). Safe to
    call from any thread; the window asks it off the GUI thread to notice the server
    going away and coming back."""
    from sqlalchemy import text

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except ServerUnavailable as error:
        return str(error)
    return None
