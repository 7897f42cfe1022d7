"""The project's documents: importing them (with the layers they bring) and reading
them whole or a few columns for a batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import func, select

from jkannotate.core.errors import NotFound
from jkannotate.core.model import AnnotatedDocument, Document, Layer
from jkannotate.store import convert, importing, roles
from jkannotate.store.database import Database, now_iso
from jkannotate.store.tables import DocumentRow
from jkannotate.store.upsert import lock_imports

# (new documents' (id, signature) in id order, stored group heads' (id, signature))
#   -> document id -> duplicate group id
GroupFinder = Callable[[list[tuple[int, bytes]], Iterator[tuple[int, bytes]]], dict[int, int]]
Signer = importing.Signer


class RowBatch(Protocol):
    """Documents read for an import: their ``importing.ROW_COLUMNS`` values, and their
    signatures on request: those of the rows inserted, asked for once per batch in
    order, an empty list included (the reader then knows the batch is done with)."""

    @property
    def rows(self) -> Sequence[Sequence[Any]]: ...

    def signatures(self, wanted: Sequence[int]) -> Sequence[bytes]: ...


@dataclass(slots=True)
class ImportOutcome:
    added: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # ids of documents already stored
    layers_added: int = 0
    layers_kept: int = 0  # layers that existed already and were left as they were


class Documents:
    """Documents; every method is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
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
        new documents' ids (ascending) with their signatures and those of the stored
        documents that may head a duplicate group, read in this transaction, and returns
        the duplicate group of each document it groups.
        """
        outcome = ImportOutcome()
        stamp = now_iso()
        given: Signer | None
        if signatures is None or callable(signatures):
            given = signatures
        else:
            listed = {id(item.document): sig for item, sig in zip(items, signatures, strict=True)}
            given = lambda document: listed[id(document)]  # noqa: E731
        made: dict[str, bytes | None] = {}  # hash -> the signature its row was given

        def sign(document: Document) -> bytes | None:
            assert given is not None
            made[document.hash] = value = given(document)
            return value

        user = self.db.user
        with self.db.write() as session:
            if user is not None:
                roles.require(session, user, roles.REVIEWING, "import documents")
                for item in items:
                    for layer in item.layers:
                        roles.check_layer_write(session, user, layer.kind, layer.owner)
            lock_imports(session)
            hashes = [item.document.hash for item in items]
            known = importing.ids_by_hash(session, hashes)
            fresh: dict[str, Document] = {}  # hash -> its first document
            for item in items:
                if item.document.hash not in known:
                    fresh.setdefault(item.document.hash, item.document)
            inserted = importing.insert_documents(
                session, list(fresh.values()), sign if given else None, stamp)
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
            new = sorted((inserted[h], signature) for h, signature in made.items()
                         if h in inserted and signature is not None)
            if find_groups and new:
                heads = importing.head_signatures(session, {doc_id for doc_id, _ in new})
                importing.set_groups(session, find_groups(new, heads))
        return outcome

    def add_batches(
        self, batches: Iterable[RowBatch], find_groups: GroupFinder
    ) -> ImportOutcome:
        """Insert documents as they are read, batch by batch, in one transaction (what
        :meth:`add` does for documents without layers, with the same rows): a text stored
        before, or earlier in the batches, is not inserted again (nor signed); the new
        documents are grouped with the stored group heads once all are in."""
        outcome = ImportOutcome()
        stamp = now_iso()
        seen: set[str] = set()  # hashes read so far
        known_ids: set[int] = set()
        new: list[tuple[int, bytes]] = []
        user = self.db.user
        with self.db.write() as session:
            if user is not None:
                roles.require(session, user, roles.REVIEWING, "import documents")
            lock_imports(session)
            for batch in batches:
                rows = batch.rows
                hashes = [row[0] for row in rows]
                known = importing.ids_by_hash(session, [h for h in hashes if h not in seen])
                known_ids.update(known.values())
                wanted: list[int] = []
                for k, text_hash in enumerate(hashes):
                    if text_hash not in seen:
                        seen.add(text_hash)
                        if text_hash not in known:
                            wanted.append(k)
                signatures = batch.signatures(wanted)  # asked even for none: see RowBatch
                if not wanted:
                    continue
                fresh = [rows[k] for k in wanted]
                inserted = importing.insert_rows(session, fresh, signatures, stamp)
                for row, signature in zip(fresh, signatures, strict=True):
                    doc_id = inserted.get(row[0])
                    if doc_id is not None:
                        new.append((doc_id, signature))
                        outcome.added.append(doc_id)
                # a concurrent import that stored the same text first (ON CONFLICT DO
                # NOTHING) makes ours "already in the project" instead
                raced = [row[0] for row in fresh if row[0] not in inserted]
                known_ids.update(importing.ids_by_hash(session, raced).values())
            outcome.duplicates = sorted(known_ids)
            if new:
                new.sort()
                heads = importing.head_signatures(session, {doc_id for doc_id, _ in new})
                importing.set_groups(session, find_groups(new, heads))
        return outcome

    def stored_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes are stored already."""
        with self.db.read() as session:
            return set(importing.ids_by_hash(session, hashes))

    def get(self, doc_id: int) -> Document:
        with self.db.read() as session:
            row = session.execute(
                select(*convert.DOCUMENT_COLUMNS).where(DocumentRow.id == doc_id)
            ).one_or_none()
            if row is None:
                raise NotFound(f"no document {doc_id} in {self.db.display_url}")
            return convert.document_from_row(row)

    def ids(self) -> list[int]:
        with self.db.read() as session:
            return list(session.execute(select(DocumentRow.id).order_by(DocumentRow.id)).scalars())

    def count(self) -> int:
        with self.db.read() as session:
            return int(session.execute(select(func.count()).select_from(DocumentRow)).scalar_one())

    def texts(self, doc_ids: Sequence[int]) -> dict[int, str]:
        """Document texts for a batch, in one query."""
        with self.db.read() as session:
            rows = session.execute(
                select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(list(doc_ids)))
            )
            return {int(doc_id): str(text) for doc_id, text in rows}

    def publication_dates(self, doc_ids: Sequence[int]) -> dict[int, str | None]:
        """Documents' publication dates for a batch, in one query."""
        with self.db.read() as session:
            rows = session.execute(
                select(DocumentRow.id, DocumentRow.published).where(
                    DocumentRow.id.in_(list(doc_ids))
                )
            )
            return {int(doc_id): published for doc_id, published in rows}
