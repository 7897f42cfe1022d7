"""Edits to one layer as data: the single write path shared by GUI, CLI and undo.

Each edit is applied by the store in one transaction; :func:`inverse` gives the
edit that undoes it against the layer as it was before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from jkannotate.core.model import Comment, DocTag, EventArgument, Layer, LayerStatus, Span


@dataclass(frozen=True, slots=True)
class AddSpan:
    span: Span


@dataclass(frozen=True, slots=True)
class UpdateSpan:
    """Change fields of a span (label, state, start, end, …) identified by uid."""

    uid: str
    changes: tuple[tuple[str, Any], ...]

    @staticmethod
    def of(uid: str, **changes: Any) -> UpdateSpan:
        return UpdateSpan(uid, tuple(sorted(changes.items())))


@dataclass(frozen=True, slots=True)
class RemoveSpan:
    uid: str


@dataclass(frozen=True, slots=True)
class AddArgument:
    argument: EventArgument


@dataclass(frozen=True, slots=True)
class RemoveArgument:
    uid: str


@dataclass(frozen=True, slots=True)
class SetTag:
    """Add or replace the tag with this tag's label."""

    tag: DocTag


@dataclass(frozen=True, slots=True)
class RemoveTag:
    label: str


@dataclass(frozen=True, slots=True)
class SetStatus:
    status: LayerStatus


@dataclass(frozen=True, slots=True)
class SetNotes:
    notes: str


@dataclass(frozen=True, slots=True)
class AddComment:
    comment: Comment


Edit = (
    AddSpan
    | UpdateSpan
    | RemoveSpan
    | AddArgument
    | RemoveArgument
    | SetTag
    | RemoveTag
    | SetStatus
    | SetNotes
    | AddComment
)


def apply_to_layer(layer: Layer, edits: list[Edit]) -> None:
    """Apply edits to an in-memory layer (the store does the same to its rows).

    Span updates are gathered and applied in one pass over the spans, so accepting
    thousands of suggestions costs one pass, not one per suggestion.
    """
    updates: dict[str, dict[str, Any]] = {}  # uid -> changes not yet applied
    for edit in edits:
        if isinstance(edit, UpdateSpan):
            updates.setdefault(edit.uid, {}).update(edit.changes)
            continue
        if updates:
            _update_spans(layer, updates)
            updates = {}
        match edit:
            case AddSpan(span):
                layer.spans.append(span)
            case RemoveSpan(uid):
                layer.spans = [s for s in layer.spans if s.uid != uid]
                layer.arguments = [
                    a for a in layer.arguments if uid not in (a.event_uid, a.argument_uid)
                ]
            case AddArgument(argument):
                layer.arguments.append(argument)
            case RemoveArgument(uid):
                layer.arguments = [a for a in layer.arguments if a.uid != uid]
            case SetTag(tag):
                layer.tags = [t for t in layer.tags if t.label != tag.label] + [tag]
            case RemoveTag(label):
                layer.tags = [t for t in layer.tags if t.label != label]
            case SetStatus(status):
                layer.status = status
            case SetNotes(notes):
                layer.notes = notes
            case AddComment(comment):
                layer.comments.append(comment)
    if updates:
        _update_spans(layer, updates)


def _update_spans(layer: Layer, updates: dict[str, dict[str, Any]]) -> None:
    layer.spans = [replace(s, **updates[s.uid]) if s.uid in updates else s for s in layer.spans]


def inverse(layer: Layer, edits: list[Edit]) -> list[Edit]:
    """The edits that undo ``edits`` when applied after them (``layer`` is the state before)."""
    undo: list[Edit] = []
    working = Layer(
        document_id=layer.document_id,
        kind=layer.kind,
        owner=layer.owner,
        status=layer.status,
        spans=list(layer.spans),
        arguments=list(layer.arguments),
        tags=list(layer.tags),
        notes=layer.notes,
    )
    by_uid = {s.uid: s for s in working.spans}
    updated: dict[str, dict[str, Any]] = {}  # uid -> fields changed by earlier edits
    for edit in edits:
        match edit:
            case AddSpan(span):
                undo.append(RemoveSpan(span.uid))
            case UpdateSpan(uid, changes):
                before, changed = by_uid[uid], updated.setdefault(uid, {})
                undo.append(
                    UpdateSpan(
                        uid, tuple((k, changed.get(k, getattr(before, k))) for k, _ in changes)
                    )
                )
                changed.update(changes)
                continue  # ``working`` spans are not read again: one pass, not one per edit
            case RemoveSpan(uid):
                undo.append(AddSpan(replace(by_uid[uid], **updated.pop(uid, {}))))
                undo.extend(
                    AddArgument(a)
                    for a in working.arguments
                    if uid in (a.event_uid, a.argument_uid)
                )
            case AddArgument(argument):
                undo.append(RemoveArgument(argument.uid))
            case RemoveArgument(uid):
                undo.extend(AddArgument(a) for a in working.arguments if a.uid == uid)
            case SetTag(tag):
                old = [t for t in working.tags if t.label == tag.label]
                undo.append(SetTag(old[0]) if old else RemoveTag(tag.label))
            case RemoveTag(label):
                undo.extend(SetTag(t) for t in working.tags if t.label == label)
            case SetStatus():
                undo.append(SetStatus(working.status))
            case SetNotes():
                undo.append(SetNotes(working.notes))
            case AddComment():
                pass  # comments are a record of discussion; undo does not erase them
        apply_to_layer(working, [edit])
        if isinstance(edit, AddSpan):
            by_uid[edit.span.uid] = edit.span
            updated.pop(edit.span.uid, None)
        elif isinstance(edit, RemoveSpan):
            by_uid.pop(edit.uid, None)
    undo.reverse()
    return undo
