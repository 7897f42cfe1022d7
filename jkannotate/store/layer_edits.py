"""Edits to a stored layer under optimistic locking: each write steps the layer's
version, and a writer holding an older version gets a conflict (a part of the Store)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, NotFound
from jkannotate.core.history import LogEntry
from jkannotate.core.model import Layer, LayerKind
from jkannotate.store import convert, edit_log, layer_batch, roles
from jkannotate.store.tables import (
    Base,
    CommentRow,
    DocTagRow,
    DocumentRow,
    EventArgumentRow,
    LayerRow,
    SpanRow,
    UserRow,
)
from jkannotate.store.transactions import Transactions, now_iso
from jkannotate.store.upsert import insert_ignoring

# called inside the write transaction with the users' roles and the stored layer's
# kind and owner; raising rolls the edit back
Guard = Callable[[Mapping[str, str], LayerKind, str], None]
CHUNK = 500  # uids per IN (...) list


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


# edits that a run of alike ones applies at once (span updates when their changes are equal)
_RUNS = (ed.AddSpan, ed.AddArgument, ed.RemoveSpan, ed.RemoveArgument, ed.SetTag, ed.RemoveTag)


def _delete_in(
    session: Session, table: Any, layer_id: int, column: Any, values: Sequence[str]
) -> None:
    """Delete the layer's rows of ``table`` whose ``column`` is one of ``values``."""
    for first in range(0, len(values), CHUNK):
        chunk = values[first : first + CHUNK]
        session.execute(delete(table).where(table.layer_id == layer_id, column.in_(chunk)))


def _stored_layers(session: Session, layer_ids: Sequence[int]) -> dict[int, Any]:
    """Layer id → its stored row (id, document, kind, owner, status, version), locked
    until commit on PostgreSQL (SQLite's write transaction holds the whole database)."""
    found: dict[int, Any] = {}
    columns = (LayerRow.id, LayerRow.document_id, LayerRow.kind, LayerRow.owner,
               LayerRow.status, LayerRow.version)
    for first in range(0, len(layer_ids), CHUNK):
        query = select(*columns).where(LayerRow.id.in_(layer_ids[first : first + CHUNK]))
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        found.update((row.id, row) for row in session.execute(query))
    return found


def _step_versions(session: Session, layer_ids: Sequence[int], stamp: str) -> None:
    """Step each layer's version by one (their rows are read and locked already)."""
    if layer_ids:
        table = Base.metadata.tables[LayerRow.__tablename__]
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("b_layer"))
            .values(version=table.c.version + 1, updated=stamp),
            [{"b_layer": layer_id} for layer_id in layer_ids],
        )


def _conflict(layer: Layer, row: Any, expected: int | None) -> str:
    if row is None:
        return (f"the {layer.name} layer of document {layer.document_id} was created "
                "elsewhere meanwhile; nothing was written, reload and try again")
    return (f"the {layer.name} layer of document {layer.document_id} was changed elsewhere "
            f"since it was read (now version {row.version}, read at {expected}); nothing "
            "was written, reload and try again")


class LayerEdits(Transactions):
    """Applying edits to one layer; every public method is one transaction."""

    @staticmethod
    def _bump_version(session: Session, layer_id: int, expected: int | None) -> Any:
        """Step the layer's version (taking its row lock until commit); returns the row's
        new ``version`` with its ``document_id``, ``kind`` and ``owner``.

        With ``expected`` the step happens only if nobody stepped it since the caller
        loaded the layer. On PostgreSQL a concurrent writer's UPDATE waits for this
        one's commit, then sees the new version and gets the conflict.
        """
        condition = LayerRow.id == layer_id
        if expected is not None:
            condition = condition & (LayerRow.version == expected)
        stepped = session.execute(
            update(LayerRow)
            .where(condition)
            .values(version=LayerRow.version + 1, updated=now_iso())
            .returning(LayerRow.version, LayerRow.document_id, LayerRow.kind, LayerRow.owner)
        ).one_or_none()
        if stepped is not None:
            return stepped
        now = session.execute(
            select(LayerRow.version).where(LayerRow.id == layer_id)
        ).scalar_one_or_none()
        if now is None:
            raise NotFound(f"no layer {layer_id}")
        raise ConflictError(
            f"this layer was changed elsewhere since you loaded it (now version {now}, "
            f"yours {expected}); reload the document to see the other changes, then redo yours"
        )

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
        with self.write() as session:
            if self.user is not None:  # the stored row decides, not the caller's copy of it
                roles.check_stored_layer_write(session, self.user, layer_id, edits)
            row = self._bump_version(session, layer_id, expected_version)
            if guard is not None:
                users = session.execute(select(UserRow.name, UserRow.role))
                guard({name: role for name, role in users}, LayerKind(row.kind), row.owner)
            self._apply_all(session, layer_id, edits, self.user)
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
        with self.write() as session:
            stamp = now_iso()
            role = roles.stored_role(session, self.user) if self.user is not None else None
            users: dict[str, str] = {}
            if guard is not None:
                rows = session.execute(select(UserRow.name, UserRow.role))
                users = {name: role for name, role in rows}
            created: set[int] = set()
            for write in writes:
                layer = write.layer
                if layer.id is None:
                    layer_id = self._insert_empty_layer(session, layer, stamp)
                    if layer_id is not None:
                        layer.id = layer_id
                        created.add(layer_id)
            stored = _stored_layers(session, [w.layer.id for w in writes if w.layer.id])
            stepped: list[tuple[LayerWrite, Any]] = []
            for write in writes:
                layer = write.layer
                row = stored.get(layer.id) if layer.id is not None else None
                if layer.id is not None and row is None:
                    raise NotFound(f"no layer {layer.id}")
                expected = 0 if layer.id in created else write.expected_version
                if row is None or (expected is not None and row.version != expected):
                    if not skip_conflicts:
                        raise ConflictError(_conflict(layer, row, expected))
                    versions.append(None)
                    continue
                if self.user is not None:
                    roles.check_layer_write(
                        session, self.user, row.kind, row.owner, row.status, write.edits,
                        role=role,
                    )
                if guard is not None:
                    guard(users, LayerKind(row.kind), row.owner)
                stepped.append((write, row))
                versions.append(int(row.version) + 1)
            _step_versions(session, [row.id for _, row in stepped], stamp)
            phased: list[layer_batch.LayerEditList] = []
            logged: list[LogEntry] = []
            for write, row in stepped:
                if layer_batch.in_phase_order(write.edits):
                    phased.append((row.id, write.edits))
                else:
                    self._apply_all(session, row.id, write.edits, self.user)
                if write.log is not None:
                    log = write.log
                    log.layer_id, log.document_id = row.id, row.document_id
                    log.version, log.at = row.version + 1, stamp
                    logged.append(log)
            layer_batch.apply_phased(session, phased)
            edit_log.append_many(session, logged)
        return versions

    @staticmethod
    def _insert_empty_layer(session: Session, layer: Layer, stamp: str) -> int | None:
        """Insert an empty layer row (version 0); None when that layer exists already."""
        if session.get(DocumentRow, layer.document_id) is None:
            raise NotFound(f"no document {layer.document_id}")
        empty = Layer(document_id=layer.document_id, kind=layer.kind, owner=layer.owner)
        statement = insert_ignoring(session, LayerRow, ["document_id", "kind", "owner"])
        layer_id = session.execute(
            statement.returning(LayerRow.id), [convert.layer_values(empty, stamp)]
        ).scalar_one_or_none()
        return None if layer_id is None else int(layer_id)

    def layer_log(self, layer_id: int, author: str | None = None) -> list[LogEntry]:
        """A layer's edit log in order (only ``author``'s entries when given)."""
        with self.read() as session:
            return edit_log.layer_entries(session, layer_id, author)

    def document_log(self, document_id: int, span_uid: str | None = None) -> list[LogEntry]:
        """The edit log of all of a document's layers (only entries touching a span)."""
        with self.read() as session:
            return edit_log.document_entries(session, document_id, span_uid)

    @classmethod
    def _apply_all(
        cls, session: Session, layer_id: int, edits: Sequence[ed.Edit], author: str | None
    ) -> None:
        """Apply edits in order, a run of alike edits at once: span updates making the same
        change (accept all, reject all and their undo) one UPDATE per 500 spans; added
        spans, arguments or tags one INSERT; removals one DELETE per 500."""
        at = 0
        while at < len(edits):
            edit = edits[at]
            run = at + 1
            while run < len(edits) and cls._alike(edit, edits[run]):
                run += 1
            if run - at == 1:
                cls._apply_one(session, layer_id, edit, author)
            else:
                cls._apply_run(session, layer_id, edits[at:run])
            at = run

    @staticmethod
    def _alike(first: ed.Edit, other: ed.Edit) -> bool:
        """Whether ``other`` joins the run ``first`` opens (see :meth:`_apply_all`)."""
        if isinstance(first, ed.UpdateSpan):
            return isinstance(other, ed.UpdateSpan) and other.changes == first.changes
        return isinstance(first, _RUNS) and type(other) is type(first)

    @classmethod
    def _apply_run(cls, session: Session, layer_id: int, run: Sequence[Any]) -> None:
        """A run of two or more alike edits (see :meth:`_alike`)."""
        first = run[0]
        if isinstance(first, ed.UpdateSpan):
            cls._update_spans(session, layer_id, [e.uid for e in run], first.changes)
        elif isinstance(first, ed.AddSpan):
            session.execute(insert(SpanRow), [convert.span_values(layer_id, e.span) for e in run])
        elif isinstance(first, ed.AddArgument):
            session.execute(
                insert(EventArgumentRow),
                [convert.argument_values(layer_id, e.argument) for e in run],
            )
        elif isinstance(first, ed.SetTag):
            tags = {e.tag.label: e.tag for e in run}  # the last one of a label wins
            _delete_in(session, DocTagRow, layer_id, DocTagRow.label, list(tags))
            session.execute(
                insert(DocTagRow), [convert.tag_values(layer_id, t) for t in tags.values()]
            )
        elif isinstance(first, ed.RemoveTag):
            _delete_in(session, DocTagRow, layer_id, DocTagRow.label, [e.label for e in run])
        elif isinstance(first, ed.RemoveArgument):
            uids = [e.uid for e in run]
            _delete_in(session, EventArgumentRow, layer_id, EventArgumentRow.uid, uids)
        else:  # RemoveSpan: the span and the arguments that hang on it
            uids = [e.uid for e in run]
            for column in (EventArgumentRow.event_uid, EventArgumentRow.argument_uid):
                _delete_in(session, EventArgumentRow, layer_id, column, uids)
            _delete_in(session, SpanRow, layer_id, SpanRow.uid, uids)

    @staticmethod
    def _update_spans(
        session: Session, layer_id: int, uids: list[str], changes: tuple[tuple[str, Any], ...]
    ) -> None:
        values = {k: (v.value if hasattr(v, "value") else v) for k, v in changes}
        for first in range(0, len(uids), CHUNK):
            chunk = uids[first : first + CHUNK]
            result = session.execute(
                update(SpanRow)
                .where(SpanRow.layer_id == layer_id, SpanRow.uid.in_(chunk))
                .values(**values)
            )
            if result.rowcount != len(set(chunk)):  # type: ignore[attr-defined]
                raise NotFound("some of the spans to update are not in this layer")

    @staticmethod
    def _apply_one(
        session: Session, layer_id: int, edit: ed.Edit, author: str | None = None
    ) -> None:
        """One edit; a comment's author is the working user whatever the edit says."""
        match edit:
            case ed.AddSpan(span):
                session.execute(insert(SpanRow), [convert.span_values(layer_id, span)])
            case ed.UpdateSpan(uid, changes):
                values: dict[str, Any] = {
                    k: (v.value if hasattr(v, "value") else v) for k, v in changes
                }
                result = session.execute(
                    update(SpanRow)
                    .where(SpanRow.layer_id == layer_id, SpanRow.uid == uid)
                    .values(**values)
                )
                if result.rowcount != 1:  # type: ignore[attr-defined]
                    raise NotFound(f"no span {uid} in this layer")
            case ed.RemoveSpan(uid):
                session.execute(
                    delete(EventArgumentRow).where(
                        EventArgumentRow.layer_id == layer_id,
                        (EventArgumentRow.event_uid == uid)
                        | (EventArgumentRow.argument_uid == uid),
                    )
                )
                session.execute(
                    delete(SpanRow).where(SpanRow.layer_id == layer_id, SpanRow.uid == uid)
                )
            case ed.AddArgument(argument):
                session.execute(
                    insert(EventArgumentRow), [convert.argument_values(layer_id, argument)]
                )
            case ed.RemoveArgument(uid):
                session.execute(
                    delete(EventArgumentRow).where(
                        EventArgumentRow.layer_id == layer_id, EventArgumentRow.uid == uid
                    )
                )
            case ed.SetTag(tag):
                session.execute(
                    delete(DocTagRow).where(
                        DocTagRow.layer_id == layer_id, DocTagRow.label == tag.label
                    )
                )
                session.execute(insert(DocTagRow), [convert.tag_values(layer_id, tag)])
            case ed.RemoveTag(label):
                session.execute(
                    delete(DocTagRow).where(
                        DocTagRow.layer_id == layer_id, DocTagRow.label == label
                    )
                )
            case ed.SetStatus(status):
                session.execute(
                    update(LayerRow).where(LayerRow.id == layer_id).values(status=status.value)
                )
            case ed.SetNotes(notes):
                session.execute(update(LayerRow).where(LayerRow.id == layer_id).values(notes=notes))
            case ed.AddComment(comment):
                if author is not None:
                    comment = replace(comment, author=author)
                session.execute(insert(CommentRow), [convert.comment_values(layer_id, comment)])
