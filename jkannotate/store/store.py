"""The project database, opened: the engine (migrated to the current schema) and the
repositories over it, one per thing the project keeps.

``store.documents`` (:mod:`.documents`), ``store.layers`` (:mod:`.layers`: reads, edits,
the edit log), ``store.users`` (:mod:`.users`: roles, logins, assignments),
``store.settings`` (:mod:`.settings`: labels, settings), ``store.statistics``
(:mod:`.statistics`), and, imported on first use, ``store.queue`` (:mod:`.queue`: the
annotation queue and its search), ``store.events`` (:mod:`.event_reads`) and
``store.decisions`` (:mod:`.decisions`). Every repository method is one transaction,
run by the :class:`~jkannotate.store.database.Database` they share.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError

from jkannotate.core.errors import JkError, NotFound
from jkannotate.store.database import Database
from jkannotate.store.documents import Documents
from jkannotate.store.engine import (
    is_sqlite,
    make_engine,
    mask_url,
    read_only_url,
    resolve_url,
    scrub,
)
from jkannotate.store.layers import Layers
from jkannotate.store.migrate import current_revision, ensure_schema
from jkannotate.store.settings import Settings
from jkannotate.store.statistics import Statistics
from jkannotate.store.users import Users

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from jkannotate.store.decisions import Decisions
    from jkannotate.store.event_reads import EventReads
    from jkannotate.store.queue import QueueQueries


def _sqlite_file_exists(url: str) -> bool:
    database = make_url(url).database
    if not database or database == ":memory:":
        return False
    return Path(database).is_file()


class Store:
    """Opens (and migrates) a database given as a path or SQLAlchemy URL, and holds the
    repositories over it.

    ``user`` (set by the Project that opens it) is who works: every write checks the
    stored rows against their role in its own transaction, and every read of layers
    hides what blind annotation hides from them. Without a user nothing is checked
    (copying, tests); on PostgreSQL the server's policies bind the login regardless.
    """

    def __init__(
        self, db: str | None = None, *, must_exist: bool = False, read_only: bool = False
    ) -> None:
        """``must_exist``: refuse (NotFound) a database that holds no project yet,
        instead of creating one. ``read_only``: open a SQLite file read-only (nothing
        is created or migrated; every write is refused)."""
        url = resolve_url(db)
        display_url = mask_url(url)
        if read_only and not is_sqlite(url):
            raise JkError("--read-only opens SQLite files; on a server, roles decide who writes")
        if (must_exist or read_only) and is_sqlite(url) and not _sqlite_file_exists(url):
            raise NotFound(f"no project database at {display_url}")
        try:
            engine = make_engine(read_only_url(url) if read_only else url)
        except (ImportError, NoSuchModuleError) as error:
            raise JkError(f"cannot open {display_url}: {scrub(str(error), url)}") from error
        try:
            if must_exist and current_revision(engine) is None:
                raise NotFound(f"{display_url} holds no jkannotate project")
            self.migrated_from = ensure_schema(engine, display_url, migrate=not read_only)
        except DBAPIError as error:
            engine.dispose()
            reason = scrub(str(error.orig).strip(), url)
            raise JkError(f"cannot open {display_url}: {reason}") from error
        except JkError:
            engine.dispose()
            raise
        self.db = Database(url, display_url, engine, read_only=read_only)
        self.documents = Documents(self.db)
        self.layers = Layers(self.db)
        self.users = Users(self.db)
        self.settings = Settings(self.db)
        self.statistics = Statistics(self.db)

    @cached_property
    def queue(self) -> QueueQueries:
        from jkannotate.store.queue import QueueQueries

        return QueueQueries(self.db)

    @cached_property
    def events(self) -> EventReads:
        from jkannotate.store.event_reads import EventReads

        return EventReads(self.db)

    @cached_property
    def decisions(self) -> Decisions:
        from jkannotate.store.decisions import Decisions

        return Decisions(self.db)

    @property
    def user(self) -> str | None:
        """Who works (None: nothing is checked)."""
        return self.db.user

    @user.setter
    def user(self, name: str | None) -> None:
        self.db.user = name

    @property
    def url(self) -> str:
        return self.db.url

    @property
    def display_url(self) -> str:
        return self.db.display_url

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @property
    def is_sqlite(self) -> bool:
        return self.db.is_sqlite

    def close(self) -> None:
        self.db.engine.dispose()

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` result ("ok" when healthy); "ok" elsewhere."""
        if not self.is_sqlite:
            return "ok"
        with self.db.engine.connect() as connection:
            return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())
