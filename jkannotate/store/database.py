"""One opened database as the repositories share it: its engine, who works, and the
read and write transactions every repository method runs in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from jkannotate.core.errors import PermissionDenied
from jkannotate.core.model import AnnotatedDocument
from jkannotate.store.engine import is_sqlite, reader, scrub, write_intent
from jkannotate.store.roles import Login, Visible, server_login, visibility


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Database:
    """The engine of an opened (and migrated) database and its transactions.

    ``user`` (set by the Project that opens the store) is who works: every write checks
    the stored rows against their role in its own transaction, and every read of layers
    hides what blind annotation hides from them. Without a user nothing is checked
    (copying, tests); on PostgreSQL the server's policies bind the login regardless.
    """

    def __init__(self, url: str, display_url: str, engine: Engine, *, read_only: bool) -> None:
        self.url = url
        self.display_url = display_url
        self.engine = engine
        self.read_engine = reader(engine)
        self.read_only = read_only
        self.user: str | None = None
        self._login: Login | None = None

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def on_server(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def login(self) -> Login | None:
        """The PostgreSQL login this database connects as; None on SQLite."""
        if not self.on_server:
            return None
        if self._login is None:
            with self.engine.connect() as connection:
                self._login = server_login(connection)
        return self._login

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back entirely on any error."""
        if self.read_only:
            raise PermissionDenied(f"{self.display_url} is open read-only; nothing was written")
        try:
            with write_intent(), Session(self.engine) as session, session.begin():
                yield session
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) != "42501":  # insufficient privilege
                raise
            login = self.login()
            who = f"the database login {login.name}" if login else "this user"
            reason = scrub(str(error.orig).strip().splitlines()[0], self.url)
            raise PermissionDenied(
                f"the server refused {who}: {reason}; nothing was written"
            ) from error

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction; on PostgreSQL one snapshot (REPEATABLE READ) for all its queries."""
        with Session(self.read_engine) as session, session.begin():
            yield session

    # blind annotation ----------------------------------------------------------------

    def visibility(self, session: Session) -> Visible | None:
        """Which layers the working user may see; None when they see everything."""
        return None if self.user is None else visibility(session, self.user)

    @staticmethod
    def blind(docs: list[AnnotatedDocument], visible: Visible | None) -> list[AnnotatedDocument]:
        """The documents with the layers ``visible`` hides taken out."""
        if visible is not None:
            for doc in docs:
                doc_id = doc.document.id
                assert doc_id is not None
                doc.layers = [
                    layer for layer in doc.layers if visible(doc_id, layer.kind, layer.owner)
                ]
        return docs
