"""The project's layers: reading them (one, a document's, many documents' at once) and
writing them (creating one, applying edits to one or a batch in one transaction), with
their edit log. Reads hide what blind annotation hides from the working user."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, NotFound
from jkannotate.core.history import LogEntry
from jkannotate.core.model import AnnotatedDocument, Layer, LayerKind
from jkannotate.store import convert, edit_log, importing, layer_batch, layer_edits, loading, roles
from jkannotate.store.database import Database, now_iso
from jkannotate.store.tables import DocumentRow, LayerRow, UserRow
from jkannotate.store.upsert import insert_ignoring

# called inside the write transaction with the users' roles and the stored layer's
# kind and owner; raising rolls the edit back
Guard = Callable[[Mapping[str, str], LayerKind, str], None]


@dataclass(slots=True)
class LayerWrite:
    """One layer's part of a batch write: its edits, applied to the layer as it was read.

    ``layer.id`` None: the layer is new and is created (empty) by the write, so its
    edits start from an empty layer; one that exists meanwhile is a conflict.
    ``expected_version`` None: not version-checked. ``log`` enters the edit log.
    """

    layer: Layer
    edits: Sequence[ed.Edit]
    expected_version: int | None
    log: LogEntry | None = None


def _exists(session: Session, doc_id: int, kind: LayerKind, owner: str) -> bool:
    return session.execute(
        select(LayerRow.id).where(
            LayerRow.document_id == doc_id, LayerRow.kind == kind.value, LayerRow.owner == owner
        )
    ).first() is not None


def _insert_if_absent(session: Session, layer: Layer, stamp: str) -> int | None:
    """Insert a layer unless one of that document, kind and owner exists (also one that a
    concurrent transaction is inserting right now); None when it existed."""
    assert layer.document_id is not None
    statement = insert_ignoring(session, LayerRow, ["document_id", "kind", "owner"]).returning(
        LayerRow.id
    )
    layer_id = session.execute(statement, [convert.layer_values(layer, stamp)]).scalar_one_or_none()
    if layer_id is None:
        return None
    layer.id = layer_id
    importing.insert_contents(session, [layer])
    return int(layer_id)


def _load(session: Session, doc_id: int, kind: LayerKind, owner: str) -> Layer:
    """One stored layer with its contents, read the way the bulk loader reads them."""
    layer = loading.load_layer(session, doc_id, (kind, owner))
    assert layer is not None  # the callers found or made it in this transaction
    return layer


class Layers:
    """Layers; every method is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # reading -----------------------------------------------------------------------

    def get(self, doc_id: int, kind: LayerKind, owner: str) -> Layer | None:
        """The stored layer, or None when there is none or blind annotation hides it."""
        with self.db.read() as session:
            if not _exists(session, doc_id, kind, owner):
                return None
            visible = self.db.visibility(session)
            if visible is not None and not visible(doc_id, kind, owner):
                return None
            return _load(session, doc_id, kind, owner)

    def of_document(self, doc_id: int) -> list[Layer]:
        """The document's layers (those blind annotation shows), in the order made."""
        with self.db.read() as session:
            found = loading.load_chunk(session, [doc_id], None)
            if doc_id not in found:
                return []
            return self.db.blind([found[doc_id]], self.db.visibility(session))[0].layers

    def annotated_documents(
        self,
        doc_ids: Sequence[int],
        layers: Collection[tuple[LayerKind, str]] | None = None,
        *,
        missing_ok: bool = False,
    ) -> list[AnnotatedDocument]:
        """Documents with their layers (all, or those whose (kind, owner) is in ``layers``),
        in the order of ``doc_ids``: one query per table per batch of ids, one snapshot."""
        with self.db.read() as session:
            found = loading.annotated_documents(session, doc_ids, layers, missing_ok=missing_ok)
            return self.db.blind(found, self.db.visibility(session))

    def versions(self, doc_ids: Sequence[int], kind: LayerKind, owner: str) -> dict[int, int]:
        """Document id → version of its (kind, owner) layer, for documents that have one."""
        with self.db.read() as session:
            return loading.layer_versions(session, doc_ids, (kind, owner))

    def suggestion_models(self) -> dict[int, str]:
        """Document id → the model that made its suggestion layer."""
        with self.db.read() as session:
            rows = session.execute(
                select(LayerRow.document_id, LayerRow.model).where(
                    LayerRow.kind == LayerKind.SUGGESTION.value
                )
            )
            return {int(doc_id): str(model) for doc_id, model in rows}

    # writing -----------------------------------------------------------------------

    def create(self, layer: Layer, log: LogEntry | None = None) -> Layer:
        """Insert a layer with its contents; an existing layer of that owner is returned
        instead. ``log`` enters the edit log in the same transaction when it is created."""
        with self.db.write() as session:
            assert layer.document_id is not None
            if self.db.user is not None:
                roles.check_layer_write(session, self.db.user, layer.kind, layer.owner)
            if session.get(DocumentRow, layer.document_id) is None:
                raise NotFound(f"no document {layer.document_id}")
            stamp = now_iso()
            if _insert_if_absent(session, layer, stamp) is not None:
                edit_log.append_created(session, layer, log, stamp)
                return layer
            return _load(session, layer.document_id, layer.kind, layer.owner)

    def apply_edits(
        self,
        layer_id: int,
        edits: Sequence[ed.Edit],
        expected_version: int | None = None,
        *,
        log: LogEntry | None = None,
        guard: Guard | None = None,
    ) -> int:
        """Apply edits to one layer in one transaction; returns the layer's new version.

        Raises :class:`ConflictError` (nothing written) when ``expected_version`` is
        given and another writer changed the layer since. ``guard`` checks permission
        against the roles and the layer as stored, inside the transaction; ``log`` is
        appended to the edit log in the same transaction (its layer, document, version
        and time filled in here).
        """
        user = self.db.user
        with self.db.write() as session:
            # the stored row (locked by the version step) decides, not the caller's copy;
            # a refused edit rolls the step back with the rest
            row = layer_edits.bump_version(session, layer_id, expected_version)
            users = _users(session) if user is not None or guard is not None else {}
            if user is not None:
                roles.check_layer_write(session, user, row.kind, row.owner, row.status, edits,
                                        role=roles.role_among(users, user))
            if guard is not None:
                guard(users, LayerKind(row.kind), row.owner)
            layer_edits.apply_all(session, layer_id, edits, user)
            if log is not None:
                log.layer_id, log.document_id = layer_id, row.document_id
                log.version, log.at = row.version, now_iso()
                edit_log.append(session, log)
            return int(row.version)

    def apply_batch(
        self, writes: Sequence[LayerWrite], *, guard: Guard | None = None, skip_conflicts: bool
    ) -> list[int | None]:
        """Apply each write in one transaction; returns each layer's new version.

        A layer changed since it was read (or created meanwhile, for a new one) raises
        :class:`ConflictError` and nothing is written, or with ``skip_conflicts`` is left
        as it is (its version None) while the others are written. A new layer's id is
        set on its ``layer``. The stored rows are read (and locked) once for the batch,
        and the edits of all layers applied together (:mod:`.layer_batch`).
        """
        versions: list[int | None] = []
        user = self.db.user
        with self.db.write() as session:
            stamp = now_iso()
            users = _users(session) if user is not None or guard is not None else {}
            role = roles.role_among(users, user) if user is not None else None
            created: set[int] = set()
            for write in writes:
                layer = write.layer
                if layer.id is None:
                    layer_id = layer_edits.insert_empty_layer(session, layer, stamp)
                    if layer_id is not None:
                        layer.id = layer_id
                        created.add(layer_id)
            stored = layer_edits.stored_layers(session, [w.layer.id for w in writes if w.layer.id])
            stepped: list[tuple[LayerWrite, Any]] = []
            for write in writes:
                layer = write.layer
                row = stored.get(layer.id) if layer.id is not None else None
                if layer.id is not None and row is None:
                    raise NotFound(f"no layer {layer.id}")
                expected = 0 if layer.id in created else write.expected_version
                if row is None or (expected is not None and row.version != expected):
                    if not skip_conflicts:
                        raise ConflictError(layer_edits.conflict(layer, row, expected))
                    versions.append(None)
                    continue
                if user is not None:
                    roles.check_layer_write(
                        session, user, row.kind, row.owner, row.status, write.edits,
                        role=role,
                    )
                if guard is not None:
                    guard(users, LayerKind(row.kind), row.owner)
                stepped.append((write, row))
                versions.append(int(row.version) + 1)
            layer_edits.step_versions(session, [row.id for _, row in stepped], stamp)
            phased: list[layer_batch.LayerEditList] = []
            logged: list[LogEntry] = []
            for write, row in stepped:
                if layer_batch.in_phase_order(write.edits):
                    phased.append((row.id, write.edits))
                else:
                    layer_edits.apply_all(session, row.id, write.edits, user)
                if write.log is not None:
                    log = write.log
                    log.layer_id, log.document_id = row.id, row.document_id
                    log.version, log.at = row.version + 1, stamp
                    logged.append(log)
            layer_batch.apply_phased(session, phased)
            edit_log.append_many(session, logged)
        return versions

    # the edit log --------------------------------------------------------------------

    def log(self, layer_id: int, author: str | None = None) -> list[LogEntry]:
        """A layer's edit log in order (only ``author``'s entries when given)."""
        with self.db.read() as session:
            return edit_log.layer_entries(session, layer_id, author)

    def document_log(self, document_id: int, span_uid: str | None = None) -> list[LogEntry]:
        """The edit log of all of a document's layers (only entries touching a span)."""
        with self.db.read() as session:
            return edit_log.document_entries(session, document_id, span_uid)


def _users(session: Session) -> dict[str, str]:
    """The users table as name → role: read once per write for both role checks."""
    return {name: role for name, role in session.execute(select(UserRow.name, UserRow.role))}
