"""The project database: every public method is one transaction.

This module holds opening the database, documents and reading/writing whole layers;
the Store's other methods come from its parts: :mod:`~jkannotate.store.configuration`
(labels, settings, users, assignments), :mod:`~jkannotate.store.layer_edits` (edits
under optimistic locking) and :mod:`~jkannotate.store.statistics` (summaries, stats).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session

from jkannotate.core.errors import JkError, NotFound, PermissionDenied
from jkannotate.core.history import LogEntry
from jkannotate.core.model import AnnotatedDocument, Document, Layer, LayerKind
from jkannotate.store import convert, edit_log, importing, loading, roles
from jkannotate.store.configuration import Configuration
from jkannotate.store.engine import (
    is_sqlite,
    make_engine,
    mask_url,
    read_only_url,
    reader,
    resolve_url,
    scrub,
    write_intent,
)
from jkannotate.store.layer_edits import LayerEdits
from jkannotate.store.migrate import current_revision, ensure_schema
from jkannotate.store.roles import TeamAccess
from jkannotate.store.statistics import DocumentSummary, Statistics  # noqa: F401  (re-export)
from jkannotate.store.tables import (
    DocumentRow,
    LayerRow,
)
from jkannotate.store.transactions import now_iso
from jkannotate.store.upsert import insert_ignoring, lock_imports

# (new document ids, stored group heads' signatures) -> document id -> duplicate group id
GroupFinder = Callable[[list[int], Iterator[tuple[int, bytes]]], dict[int, int]]
Signer = Callable[[Document], bytes | None]


@dataclass(slots=True)
class ImportOutcome:
    added: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # ids of documents already stored
    layers_added: int = 0
    layers_kept: int = 0  # layers that existed already and were left as they were


def _sqlite_file_exists(url: str) -> bool:
    database = make_url(url).database
    return bool(database) and database != ":memory:" and Path(database).is_file()


class Store(Configuration, LayerEdits, Statistics, TeamAccess):
    """Opens (and migrates) a database given as a path or SQLAlchemy URL.

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
        self.user: str | None = None
        self.url = resolve_url(db)
        self.display_url = mask_url(self.url)
        self.read_only = read_only
        if read_only and not self.is_sqlite:
            raise JkError("--read-only opens SQLite files; on a server, roles decide who writes")
        if (must_exist or read_only) and self.is_sqlite and not _sqlite_file_exists(self.url):
            raise NotFound(f"no project database at {self.display_url}")
        try:
            self.engine = make_engine(read_only_url(self.url) if read_only else self.url)
        except (ImportError, NoSuchModuleError) as error:
            raise JkError(
                f"cannot open {self.display_url}: {scrub(str(error), self.url)}"
            ) from error
        self._read_engine = reader(self.engine)
        try:
            if must_exist and current_revision(self.engine) is None:
                raise NotFound(f"{self.display_url} holds no jkannotate project")
            self.migrated_from = ensure_schema(
                self.engine, self.display_url, migrate=not read_only
            )
        except DBAPIError as error:
            self.engine.dispose()
            reason = scrub(str(error.orig).strip(), self.url)
            raise JkError(f"cannot open {self.display_url}: {reason}") from error
        except JkError:
            self.engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

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
        with Session(self._read_engine) as session, session.begin():
            yield session

    # documents -----------------------------------------------------------

    def import_documents(
        self,
        items: Sequence[AnnotatedDocument],
        signatures: Sequence[bytes | None] | Signer | None = None,
        find_groups: GroupFinder | None = None,
    ) -> ImportOutcome:
        """Insert new documents (and their layers) in one transaction.

        A document whose text is already stored is not inserted again; layers it
        brings are added only where that document has no such layer yet.
        ``signatures`` are the near-duplicate signatures, one per item, or a function
        called only for the documents actually inserted. ``find_groups`` receives the
        new ids (ascending) and the signatures of the stored documents that may head a
        duplicate group, read in this transaction, and returns the duplicate group of
        each document it groups.
        """
        outcome = ImportOutcome()
        stamp = now_iso()
        sign: Signer | None
        if signatures is None or callable(signatures):
            sign = signatures
        else:
            given = {id(item.document): sig for item, sig in zip(items, signatures, strict=True)}
            sign = lambda document: given[id(document)]  # noqa: E731
        with self.write() as session:
            if self.user is not None:
                roles.require(session, self.user, roles.REVIEWING, "import documents")
                for item in items:
                    for layer in item.layers:
                        roles.check_layer_write(session, self.user, layer.kind, layer.owner)
            lock_imports(session)
            hashes = [item.document.hash for item in items]
            known = importing.ids_by_hash(session, hashes)
            fresh: dict[str, Document] = {}  # hash -> its first document
            for item in items:
                if item.document.hash not in known:
                    fresh.setdefault(item.document.hash, item.document)
            inserted = importing.insert_documents(session, list(fresh.values()), sign, stamp)
            # a concurrent import that stored the same text first (ON CONFLICT DO NOTHING)
            # makes ours "already in the project" instead of a unique-key crash
            raced = [h for h in fresh if h not in inserted]
            known.update(importing.ids_by_hash(session, raced))
            by_hash = {**known, **inserted}
            outcome.added = [inserted[h] for h in fresh if h in inserted]
            outcome.duplicates = sorted({known[h] for h in hashes if h in known})
            layers: list[Layer] = []
            for item in items:
                doc_id = by_hash[item.document.hash]
                item.document.id = doc_id
                for layer in item.layers:
                    layer.document_id = doc_id
                    layers.append(layer)
            if layers:
                added = importing.insert_layers(session, layers, stamp)
                outcome.layers_added = sum(added)
                outcome.layers_kept = len(added) - outcome.layers_added
            if find_groups and outcome.added:
                new_ids = sorted(outcome.added)
                heads = importing.head_signatures(session, set(new_ids))
                importing.set_groups(session, find_groups(new_ids, heads))
        return outcome

    def stored_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes are stored already."""
        with self.read() as session:
            return set(importing.ids_by_hash(session, hashes))

    def document(self, doc_id: int) -> Document:
        with self.read() as session:
            row = session.get(DocumentRow, doc_id)
            if row is None:
                raise NotFound(f"no document {doc_id} in {self.display_url}")
            return convert.document_from_row(row)

    def document_ids(self) -> list[int]:
        with self.read() as session:
            return list(session.execute(select(DocumentRow.id).order_by(DocumentRow.id)).scalars())

    def count_documents(self) -> int:
        with self.read() as session:
            return session.execute(select(func.count()).select_from(DocumentRow)).scalar_one()

    # layers --------------------------------------------------------------

    @staticmethod
    def _find_layer(session: Session, doc_id: int, kind: LayerKind, owner: str) -> LayerRow | None:
        return session.execute(
            select(LayerRow).where(
                LayerRow.document_id == doc_id, LayerRow.kind == kind.value, LayerRow.owner == owner
            )
        ).scalar_one_or_none()

    def _insert_layer_if_absent(self, session: Session, layer: Layer, stamp: str) -> int | None:
        """Insert a layer unless one of that document, kind and owner exists (also one
        that a concurrent transaction is inserting right now); None when it existed."""
        assert layer.document_id is not None
        statement = insert_ignoring(session, LayerRow, ["document_id", "kind", "owner"]).returning(
            LayerRow.id
        )
        layer_id = session.execute(
            statement, [convert.layer_values(layer, stamp)]
        ).scalar_one_or_none()
        if layer_id is None:
            return None
        layer.id = layer_id
        importing.insert_contents(session, [layer])
        return int(layer_id)

    @staticmethod
    def _load_layer(session: Session, doc_id: int, kind: LayerKind, owner: str) -> Layer:
        """One stored layer with its contents, read the way the bulk loader reads them."""
        layer = loading.load_layer(session, doc_id, (kind, owner))
        assert layer is not None  # the callers found or made it in this transaction
        return layer

    def layer(self, doc_id: int, kind: LayerKind, owner: str) -> Layer | None:
        """The stored layer, or None when there is none or blind annotation hides it."""
        with self.read() as session:
            if self._find_layer(session, doc_id, kind, owner) is None:
                return None
            visible = self._visibility(session)
            if visible is not None and not visible(doc_id, kind, owner):
                return None
            return self._load_layer(session, doc_id, kind, owner)

    def layers(self, doc_id: int) -> list[Layer]:
        with self.read() as session:
            found = loading.load_chunk(session, [doc_id], None)
            if doc_id not in found:
                return []
            return self._blind([found[doc_id]], self._visibility(session))[0].layers

    def annotated_documents(
        self,
        doc_ids: Sequence[int],
        layers: Collection[tuple[LayerKind, str]] | None = None,
        *,
        missing_ok: bool = False,
    ) -> list[AnnotatedDocument]:
        """Documents with their layers (all, or those whose (kind, owner) is in ``layers``),
        in the order of ``doc_ids``: one query per table per batch of ids, one snapshot."""
        with self.read() as session:
            found = loading.annotated_documents(session, doc_ids, layers, missing_ok=missing_ok)
            return self._blind(found, self._visibility(session))

    def layer_versions(
        self, doc_ids: Sequence[int], kind: LayerKind, owner: str
    ) -> dict[int, int]:
        """Document id → version of its (kind, owner) layer, for documents that have one."""
        with self.read() as session:
            return loading.layer_versions(session, doc_ids, (kind, owner))

    def create_layer(self, layer: Layer, log: LogEntry | None = None) -> Layer:
        """Insert a layer with its contents; an existing layer of that owner is returned
        instead. ``log`` enters the edit log in the same transaction when it is created."""
        with self.write() as session:
            assert layer.document_id is not None
            if self.user is not None:
                roles.check_layer_write(session, self.user, layer.kind, layer.owner)
            if session.get(DocumentRow, layer.document_id) is None:
                raise NotFound(f"no document {layer.document_id}")
            stamp = now_iso()
            if self._insert_layer_if_absent(session, layer, stamp) is not None:
                edit_log.append_created(session, layer, log, stamp)
                return layer
            return self._load_layer(session, layer.document_id, layer.kind, layer.owner)

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` result ("ok" when healthy); "ok" elsewhere."""
        if not self.is_sqlite:
            return "ok"
        with self.engine.connect() as connection:
            return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())
