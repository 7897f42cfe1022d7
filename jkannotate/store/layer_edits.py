"""The SQL of edits to a stored layer, inside the caller's write transaction: stepping
the layer's version under optimistic locking (a writer holding an older version gets a
conflict) and applying the edits to its rows, a run of alike edits at once. The
:class:`~jkannotate.store.layers.Layers` repository runs them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, NotFound
from jkannotate.core.model import Layer
from jkannotate.store import convert
from jkannotate.store.database import now_iso
from jkannotate.store.tables import (
    Base,
    CommentRow,
    DocTagRow,
    DocumentRow,
    EventArgumentRow,
    LayerRow,
    SpanRow,
)
from jkannotate.store.upsert import insert_ignoring

CHUNK = 500  # uids per IN (...) list


# edits that a run of alike ones applies at once (span updates when their changes are equal)
_RUNS = (ed.AddSpan, ed.AddArgument, ed.RemoveSpan, ed.RemoveArgument, ed.SetTag, ed.RemoveTag)


def _delete_in(
    session: Session, table: Any, layer_id: int, column: Any, values: Sequence[str]
) -> None:
    """Delete the layer's rows of ``table`` whose ``column`` is one of ``values``."""
    for first in range(0, len(values), CHUNK):
        chunk = values[first : first + CHUNK]
        session.execute(delete(table).where(table.layer_id == layer_id, column.in_(chunk)))


def stored_layers(session: Session, layer_ids: Sequence[int]) -> dict[int, Any]:
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


def step_versions(session: Session, layer_ids: Sequence[int], stamp: str) -> None:
    """Step each layer's version by one (their rows are read and locked already)."""
    if layer_ids:
        table = Base.metadata.tables[LayerRow.__tablename__]
        session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("b_layer"))
            .values(version=table.c.version + 1, updated=stamp),
            [{"b_layer": layer_id} for layer_id in layer_ids],
        )


def conflict(layer: Layer, row: Any, expected: int | None) -> str:
    if row is None:
        return (f"the {layer.name} layer of document {layer.document_id} was created "
                "elsewhere meanwhile; nothing was written, reload and try again")
    return (f"the {layer.name} layer of document {layer.document_id} was changed elsewhere "
            f"since it was read (now version {row.version}, read at {expected}); nothing "
            "was written, reload and try again")


def bump_version(session: Session, layer_id: int, expected: int | None) -> Any:
    """Step the layer's version (taking its row lock until commit); returns the row's
    new ``version`` with its ``document_id``, ``kind``, ``owner`` and ``status``.

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
        .returning(
            LayerRow.version, LayerRow.document_id, LayerRow.kind, LayerRow.owner, LayerRow.status
        )
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


def insert_empty_layer(session: Session, layer: Layer, stamp: str) -> int | None:
    """Insert an empty layer row (version 0); None when that layer exists already."""
    if session.get(DocumentRow, layer.document_id) is None:
        raise NotFound(f"no document {layer.document_id}")
    empty = Layer(document_id=layer.document_id, kind=layer.kind, owner=layer.owner)
    statement = insert_ignoring(session, LayerRow, ["document_id", "kind", "owner"])
    layer_id = session.execute(
        statement.returning(LayerRow.id), [convert.layer_values(empty, stamp)]
    ).scalar_one_or_none()
    return None if layer_id is None else int(layer_id)


def apply_all(
    session: Session, layer_id: int, edits: Sequence[ed.Edit], author: str | None
) -> None:
    """Apply edits in order, a run of alike edits at once: span updates making the same
    change (accept all, reject all and their undo) one UPDATE per 500 spans; added
    spans, arguments or tags one INSERT; removals one DELETE per 500."""
    at = 0
    while at < len(edits):
        edit = edits[at]
        run = at + 1
        while run < len(edits) and _alike(edit, edits[run]):
            run += 1
        if run - at == 1:
            _apply_one(session, layer_id, edit, author)
        else:
            _apply_run(session, layer_id, edits[at:run])
        at = run


def _alike(first: ed.Edit, other: ed.Edit) -> bool:
    """Whether ``other`` joins the run ``first`` opens (see :func:`apply_all`)."""
    if isinstance(first, ed.UpdateSpan):
        return isinstance(other, ed.UpdateSpan) and other.changes == first.changes
    return isinstance(first, _RUNS) and type(other) is type(first)


def _apply_run(session: Session, layer_id: int, run: Sequence[Any]) -> None:
    """A run of two or more alike edits (see :func:`_alike`)."""
    first = run[0]
    if isinstance(first, ed.UpdateSpan):
        _update_spans(session, layer_id, [e.uid for e in run], first.changes)
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
        case ed.SetModel(model):
            session.execute(update(LayerRow).where(LayerRow.id == layer_id).values(model=model))
        case ed.AddComment(comment):
            if author is not None:
                comment = replace(comment, author=author)
            session.execute(insert(CommentRow), [convert.comment_values(layer_id, comment)])
