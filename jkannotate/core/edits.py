"""Edits to one layer as data: the single write path shared by GUI, CLI and undo.

Each edit is applied by the store in one transaction; :func:`inverse` gives the
edit that undoes it against the layer as it was before. Edits round-trip through
JSON (:func:`edits_to_json`), the form the edit log stores them in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from jkannotate.core.model import (
    Comment,
    DocTag,
    EventArgument,
    LabelKind,
    Layer,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.core.serialize import (
    argument_from_dict,
    argument_to_dict,
    comment_from_dict,
    comment_to_dict,
    span_from_dict,
    span_to_dict,
    tag_from_dict,
    tag_to_dict,
)


@dataclass(frozen=True, slots=True)
class AddSpan:
    """Add a span; ``made_from`` names the spans of other layers of the document it was
    made from when its uid is not theirs (gold adjudicated from annotators' versions), so
    its history goes on from theirs."""

    span: Span
    made_from: tuple[str, ...] = ()


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
class SetModel:
    """Name the model that made a suggestion layer."""

    model: str


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
    | SetModel
    | AddComment
)


def apply_to_layer(layer: Layer, edits: list[Edit]) -> None:
    """Apply edits to an in-memory layer (the store does the same to its rows).

    A run of span updates, or of removals, is gathered and applied in one pass over the
    layer's lists, so accepting (or removing) thousands of suggestions costs one pass, not
    one per suggestion.
    """
    updates: dict[str, dict[str, Any]] = {}  # uid -> changes not yet applied
    removals = _Removals()
    for edit in edits:
        if isinstance(edit, UpdateSpan):
            removals.apply(layer)
            updates.setdefault(edit.uid, {}).update(edit.changes)
            continue
        if updates:
            _update_spans(layer, updates)
            updates = {}
        if isinstance(edit, RemoveSpan):
            removals.spans.add(edit.uid)
            continue
        if isinstance(edit, RemoveArgument):
            removals.arguments.add(edit.uid)
            continue
        removals.apply(layer)
        match edit:
            case AddSpan(span):
                layer.spans.append(span)
            case AddArgument(argument):
                layer.arguments.append(argument)
            case SetTag(tag):
                layer.tags = [t for t in layer.tags if t.label != tag.label] + [tag]
            case RemoveTag(label):
                layer.tags = [t for t in layer.tags if t.label != label]
            case SetStatus(status):
                layer.status = status
            case SetNotes(notes):
                layer.notes = notes
            case SetModel(model):
                layer.model = model
            case AddComment(comment):
                layer.comments.append(comment)
    if updates:
        _update_spans(layer, updates)
    removals.apply(layer)


def _update_spans(layer: Layer, updates: dict[str, dict[str, Any]]) -> None:
    layer.spans = [replace(s, **updates[s.uid]) if s.uid in updates else s for s in layer.spans]


@dataclass(slots=True)
class _Removals:
    """Span and argument removals not yet applied (removals commute with each other)."""

    spans: set[str] = field(default_factory=set)
    arguments: set[str] = field(default_factory=set)

    def apply(self, layer: Layer) -> None:
        if self.spans:
            layer.spans = [s for s in layer.spans if s.uid not in self.spans]
        if self.spans or self.arguments:
            layer.arguments = [
                a for a in layer.arguments
                if a.uid not in self.arguments
                and a.event_uid not in self.spans and a.argument_uid not in self.spans
            ]
        self.spans.clear()
        self.arguments.clear()


def inverse(layer: Layer, edits: list[Edit]) -> list[Edit]:
    """The edits that undo ``edits`` when applied after them (``layer`` is the state before).

    One pass over the edits with lookup tables (spans by uid, arguments by their own uid
    and by the spans they hang on, tags by label) instead of the layer's lists, so the
    inverse of accept-all or reject-all on thousands of spans costs one pass, not one
    per edit. Each table keeps the order of the layer's lists, so the result is the same.
    """
    undo: list[Edit] = []
    by_uid = {s.uid: s for s in layer.spans}
    updated: dict[str, dict[str, Any]] = {}  # uid -> fields changed by earlier edits
    arguments = _ArgumentTable(layer.arguments)
    tags: dict[str, list[DocTag]] = {}  # label -> the layer's tags of it, in list order
    for tag in layer.tags:
        tags.setdefault(tag.label, []).append(tag)
    status, notes, model = layer.status, layer.notes, layer.model
    for edit in edits:
        match edit:
            case AddSpan(span):
                undo.append(RemoveSpan(span.uid))
                by_uid[span.uid] = span
                updated.pop(span.uid, None)
            case UpdateSpan(uid, changes):
                before, changed = by_uid[uid], updated.setdefault(uid, {})
                undo.append(
                    UpdateSpan(
                        uid, tuple((k, changed.get(k, getattr(before, k))) for k, _ in changes)
                    )
                )
                changed.update(changes)
            case RemoveSpan(uid):
                removed, changed = by_uid.pop(uid), updated.pop(uid, {})
                undo.append(AddSpan(replace(removed, **changed) if changed else removed))
                undo.extend(AddArgument(a) for a in arguments.remove_on_span(uid))
            case AddArgument(argument):
                undo.append(RemoveArgument(argument.uid))
                arguments.add(argument)
            case RemoveArgument(uid):
                undo.extend(AddArgument(a) for a in arguments.remove(uid))
            case SetTag(tag):
                old = tags.get(tag.label)
                undo.append(SetTag(old[0]) if old else RemoveTag(tag.label))
                tags[tag.label] = [tag]
            case RemoveTag(label):
                undo.extend(SetTag(t) for t in tags.pop(label, []))
            case SetStatus(new_status):
                undo.append(SetStatus(status))
                status = new_status
            case SetNotes(new_notes):
                undo.append(SetNotes(notes))
                notes = new_notes
            case SetModel(new_model):
                undo.append(SetModel(model))
                model = new_model
            case AddComment():
                pass  # comments are a record of discussion; undo does not erase them
    undo.reverse()
    return undo


class _ArgumentTable:
    """A layer's arguments in list order, found by their uid or by a span they hang on.

    Entries are numbered in the order they enter (the layer's, then added ones), which is
    their order in the layer's list; the indexes may keep numbers already removed, which
    a lookup skips.
    """

    def __init__(self, arguments: list[EventArgument]) -> None:
        self._count = 0
        self._live: dict[int, EventArgument] = {}
        self._by_uid: dict[str, list[int]] = {}
        self._by_span: dict[str, dict[int, None]] = {}
        for argument in arguments:
            self.add(argument)

    def add(self, argument: EventArgument) -> None:
        number = self._count
        self._count += 1
        self._live[number] = argument
        self._by_uid.setdefault(argument.uid, []).append(number)
        for span_uid in (argument.event_uid, argument.argument_uid):
            self._by_span.setdefault(span_uid, {})[number] = None

    def remove(self, uid: str) -> list[EventArgument]:
        """Remove the arguments with this uid; returns them in list order."""
        return self._take(self._by_uid.pop(uid, []))

    def remove_on_span(self, span_uid: str) -> list[EventArgument]:
        """Remove the arguments hanging on this span; returns them in list order."""
        return self._take(list(self._by_span.pop(span_uid, {})))

    def _take(self, numbers: list[int]) -> list[EventArgument]:
        return [self._live.pop(n) for n in numbers if n in self._live]


# edits as JSON (the edit log stores them) ---------------------------------------

_SPAN_FIELD_TYPES: dict[str, Callable[[Any], Any]] = {
    "kind": LabelKind,
    "origin": Origin,
    "state": State,
}


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    """One edit as a JSON-ready dict; :func:`edit_from_dict` is its exact inverse."""
    match edit:
        case AddSpan(span, made_from):
            data = {"op": "add_span", "span": span_to_dict(span)}
            return {**data, "made_from": list(made_from)} if made_from else data
        case UpdateSpan(uid, changes):
            return {"op": "update_span", "uid": uid, "changes": {k: _plain(v) for k, v in changes}}
        case RemoveSpan(uid):
            return {"op": "remove_span", "uid": uid}
        case AddArgument(argument):
            return {"op": "add_argument", "argument": argument_to_dict(argument)}
        case RemoveArgument(uid):
            return {"op": "remove_argument", "uid": uid}
        case SetTag(tag):
            return {"op": "set_tag", "tag": tag_to_dict(tag)}
        case RemoveTag(label):
            return {"op": "remove_tag", "label": label}
        case SetStatus(status):
            return {"op": "set_status", "status": status.value}
        case SetNotes(notes):
            return {"op": "set_notes", "notes": notes}
        case SetModel(model):
            return {"op": "set_model", "model": model}
        case AddComment(comment):
            return {"op": "add_comment", "comment": comment_to_dict(comment)}
    raise TypeError(f"not an edit: {edit!r}")


def edit_from_dict(data: dict[str, Any]) -> Edit:
    op = data.get("op")
    if op == "add_span":
        return AddSpan(span_from_dict(data["span"]), tuple(data.get("made_from", ())))
    if op == "update_span":
        changes = {
            k: _SPAN_FIELD_TYPES[k](v) if k in _SPAN_FIELD_TYPES else v
            for k, v in data["changes"].items()
        }
        return UpdateSpan.of(data["uid"], **changes)
    if op == "remove_span":
        return RemoveSpan(data["uid"])
    if op == "add_argument":
        return AddArgument(argument_from_dict(data["argument"]))
    if op == "remove_argument":
        return RemoveArgument(data["uid"])
    if op == "set_tag":
        return SetTag(tag_from_dict(data["tag"]))
    if op == "remove_tag":
        return RemoveTag(data["label"])
    if op == "set_status":
        return SetStatus(LayerStatus(data["status"]))
    if op == "set_notes":
        return SetNotes(data["notes"])
    if op == "set_model":
        return SetModel(data["model"])
    if op == "add_comment":
        return AddComment(comment_from_dict(data["comment"]))
    raise ValueError(f"unknown edit {op!r}")


def edits_to_json(edits: list[Edit]) -> str:
    return json.dumps([edit_to_dict(e) for e in edits], ensure_ascii=False, sort_keys=True)


def edits_from_json(text: str) -> list[Edit]:
    return [edit_from_dict(item) for item in json.loads(text)]


# what an undo may safely revert -----------------------------------------------------


def still_applied(layer: Layer, edits: list[Edit]) -> bool:
    """Whether ``layer`` still shows the effect of ``edits`` (nobody changed those items
    since), so that applying their inverse reverts exactly them and nothing newer."""
    spans = {s.uid: s for s in layer.spans}
    tags = {t.label: t for t in layer.tags}
    arguments = {a.uid for a in layer.arguments}
    final: dict[tuple[str, str], object] = {}  # the last effect of edits on each item
    for edit in edits:
        match edit:
            case AddSpan(span):
                final[("span", span.uid)] = span
            case UpdateSpan(uid, changes):
                before = final.get(("span", uid), spans.get(uid))
                if isinstance(before, Span):
                    final[("span", uid)] = replace(before, **dict(changes))
                else:
                    return False
            case RemoveSpan(uid):
                final[("span", uid)] = None
            case AddArgument(argument):
                final[("argument", argument.uid)] = True
            case RemoveArgument(uid):
                final[("argument", uid)] = False
            case SetTag(tag):
                final[("tag", tag.label)] = tag
            case RemoveTag(label):
                final[("tag", label)] = None
            case SetStatus(status):
                final[("status", "")] = status
            case SetNotes(notes):
                final[("notes", "")] = notes
            case SetModel(model):
                final[("model", "")] = model
    for (what, key), value in final.items():
        if what == "span" and spans.get(key) != value:
            return False
        if what == "argument" and (key in arguments) != value:
            return False
        if what == "tag" and tags.get(key) != value:
            return False
        if what == "status" and layer.status is not value:
            return False
        if what == "notes" and layer.notes != value:
            return False
        if what == "model" and layer.model != value:
            return False
    return True


def describe(edits: list[Edit], undo: list[Edit] | None = None, *, added: str = "added") -> str:
    """A short account of edits for a history line ("relabelled GPE → ORG", "accepted 3");
    ``added`` is the verb for added spans ("suggested" for a suggest run)."""
    before = {}
    for edit in undo or []:
        if isinstance(edit, UpdateSpan):
            before[edit.uid] = dict(edit.changes)
    parts: list[str] = []
    counts: dict[str, int] = {}
    for edit in edits:
        match edit:
            case AddSpan(span):
                text = f"{added} {span.label}"
            case UpdateSpan(uid, changes):
                values = dict(changes)
                if "label" in values and before.get(uid, {}).get("label") not in (
                    None,
                    values["label"],
                ):
                    text = f"relabelled {before[uid]['label']} → {values['label']}"
                elif "label" in values:
                    text = f"labelled {values['label']}"
                elif "state" in values:
                    text = {
                        State.ACCEPTED: "accepted",
                        State.REJECTED: "rejected",
                        State.PENDING: "reset to pending",
                    }[State(values["state"])]
                elif {"start", "end"} & set(values):
                    text = "resized"
                else:
                    text = "changed " + ", ".join(sorted(values))
            case RemoveSpan():
                text = "removed"
            case AddArgument(argument):
                text = f"linked {argument.role}"
            case RemoveArgument():
                text = "unlinked"
            case SetTag(tag):
                text = f"tagged {tag.label} {tag.state.value}"
            case RemoveTag(label):
                text = f"untagged {label}"
            case SetStatus(status):
                text = f"status {status.value}"
            case SetNotes():
                text = "notes"
            case SetModel(model):
                text = f"model {model}"
            case AddComment():
                text = "commented"
            case _:
                text = type(edit).__name__
        counts[text] = counts.get(text, 0) + 1
    for text, count in counts.items():
        parts.append(text if count == 1 else f"{text} ×{count}")
    return ", ".join(parts)


def rewrite(
    before: Layer, after: Layer, made_from: Mapping[str, Sequence[str]] | None = None
) -> list[Edit]:
    """The edits that turn ``before``'s contents into ``after``'s (spans and arguments by
    uid, tags by label, then status, notes and model); comments are left as they are.

    Arguments go before the spans they hang on, so the inverse restores each once. An
    added span records the uids ``made_from`` gives for it (see :class:`AddSpan`).
    """
    made_from = made_from or {}
    old_spans = {s.uid: s for s in before.spans}
    new_spans = {s.uid: s for s in after.spans}
    old_arguments = {a.uid: a for a in before.arguments}
    new_arguments = {a.uid: a for a in after.arguments}
    edits: list[Edit] = [
        RemoveArgument(uid) for uid, a in old_arguments.items() if new_arguments.get(uid) != a
    ]
    edits += [RemoveSpan(uid) for uid in old_spans if uid not in new_spans]
    for uid, span in new_spans.items():
        old = old_spans.get(uid)
        if old is not None and old != span:
            changes = {
                name: getattr(span, name)
                for name in span.__dataclass_fields__
                if getattr(span, name) != getattr(old, name)
            }
            edits.append(UpdateSpan(uid, tuple(changes.items())))
    edits += [
        AddSpan(span, tuple(made_from.get(uid, ())))
        for uid, span in new_spans.items()
        if uid not in old_spans
    ]
    edits += [
        AddArgument(a) for uid, a in new_arguments.items() if old_arguments.get(uid) != a
    ]
    old_tags = {t.label: t for t in before.tags}
    new_tags = {t.label: t for t in after.tags}
    edits += [RemoveTag(label) for label in old_tags if label not in new_tags]
    edits += [SetTag(tag) for label, tag in new_tags.items() if old_tags.get(label) != tag]
    if after.status is not before.status:
        edits.append(SetStatus(after.status))
    if after.notes != before.notes:
        edits.append(SetNotes(after.notes))
    if after.model != before.model:
        edits.append(SetModel(after.model))
    return edits
