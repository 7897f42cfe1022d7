"""Many layers' edits applied together: one statement (executed for many rows) per kind
of edit for the whole batch, instead of a few statements per layer.

This holds when each layer's edits come in :data:`PHASES` order, as
:func:`jkannotate.core.edits.rewrite` makes them: then running each phase over all
layers before the next changes each layer exactly as applying its edits in order would,
since layers do not share rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, or_, update
from sqlalchemy.orm import Session

from jkannotate.core import edits as ed
from jkannotate.core.errors import NotFound
from jkannotate.store import convert
from jkannotate.store.tables import Base, DocTagRow, EventArgumentRow, LayerRow, SpanRow

PHASES: tuple[type, ...] = (
    ed.RemoveArgument,
    ed.RemoveSpan,
    ed.UpdateSpan,
    ed.AddSpan,
    ed.AddArgument,
    ed.RemoveTag,
    ed.SetTag,
    ed.SetStatus,
    ed.SetNotes,
    ed.SetModel,
)
_PHASE = {kind: number for number, kind in enumerate(PHASES)}
_SPAN = Base.metadata.tables[SpanRow.__tablename__]
_ARGUMENT = Base.metadata.tables[EventArgumentRow.__tablename__]
_TAG = Base.metadata.tables[DocTagRow.__tablename__]
_LAYER = Base.metadata.tables[LayerRow.__tablename__]
LayerEditList = tuple[int, Sequence[ed.Edit]]  # (layer id, its edits)


def in_phase_order(edits: Sequence[ed.Edit]) -> bool:
    """Whether the edits can join a phased batch (see the module's docstring)."""
    last = 0
    for edit in edits:
        phase = _PHASE.get(type(edit))
        if phase is None or phase < last:
            return False
        last = phase
    return True


def _of(layer_id: int, column: str, value: Any) -> dict[str, Any]:
    return {"b_layer": layer_id, column: value}


def _delete_rows(session: Session, table: Any, where: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(
            delete(table).where(table.c.layer_id == bindparam("b_layer"), where), rows
        )


def apply_phased(session: Session, batch: Sequence[LayerEditList]) -> None:
    """Apply each layer's edits (all in phase order), phase by phase over the batch."""
    by_phase: list[list[tuple[int, Any]]] = [[] for _ in PHASES]
    for layer_id, edits in batch:
        for edit in edits:
            by_phase[_PHASE[type(edit)]].append((layer_id, edit))
    connection = session.connection()
    removed_arguments, removed_spans, updated, added_spans, added_arguments = by_phase[:5]
    removed_tags, set_tags, statuses, notes, models = by_phase[5:]
    _delete_rows(session, _ARGUMENT, _ARGUMENT.c.uid == bindparam("b_uid"),
                 [_of(layer, "b_uid", e.uid) for layer, e in removed_arguments])
    spans = [_of(layer, "b_uid", e.uid) for layer, e in removed_spans]
    _delete_rows(session, _ARGUMENT, or_(_ARGUMENT.c.event_uid == bindparam("b_uid"),
                                         _ARGUMENT.c.argument_uid == bindparam("b_uid")), spans)
    _delete_rows(session, _SPAN, _SPAN.c.uid == bindparam("b_uid"), spans)
    _update_spans(session, updated)
    if added_spans:
        connection.execute(
            insert(_SPAN), [convert.span_values(layer, e.span) for layer, e in added_spans]
        )
    if added_arguments:
        connection.execute(
            insert(_ARGUMENT),
            [convert.argument_values(layer, e.argument) for layer, e in added_arguments],
        )
    labels = [_of(layer, "b_label", e.label) for layer, e in removed_tags]
    labels += [_of(layer, "b_label", e.tag.label) for layer, e in set_tags]
    _delete_rows(session, _TAG, _TAG.c.label == bindparam("b_label"), labels)
    if set_tags:
        last = {(layer, e.tag.label): (layer, e.tag) for layer, e in set_tags}  # last one wins
        connection.execute(insert(_TAG), [convert.tag_values(*pair) for pair in last.values()])
    for column, rows in (("status", [(la, e.status.value) for la, e in statuses]),
                         ("notes", [(la, e.notes) for la, e in notes]),
                         ("model", [(la, e.model) for la, e in models])):
        if rows:
            connection.execute(
                update(_LAYER).where(_LAYER.c.id == bindparam("b_layer"))
                .values({column: bindparam("b_value")}),
                [{"b_layer": layer, "b_value": value} for layer, value in rows],
            )


def _update_spans(session: Session, updated: list[tuple[int, Any]]) -> None:
    """Span updates, one statement per set of changed fields."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for layer_id, edit in updated:
        values = {f"v_{k}": (v.value if hasattr(v, "value") else v) for k, v in edit.changes}
        row = {"b_layer": layer_id, "b_uid": edit.uid, **values}
        groups.setdefault(tuple(sorted(k for k, _ in edit.changes)), []).append(row)
    for fields, rows in groups.items():
        result = session.connection().execute(
            update(_SPAN)
            .where(and_(_SPAN.c.layer_id == bindparam("b_layer"),
                        _SPAN.c.uid == bindparam("b_uid")))
            .values({name: bindparam(f"v_{name}") for name in fields}),
            rows,
        )
        if result.rowcount not in (-1, len(rows)):
            raise NotFound("some of the spans to update are not in their layer")
