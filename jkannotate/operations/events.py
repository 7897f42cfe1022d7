"""Event data over a project: frames per document, the cross-outlet registry and its
reviewer decisions (kept as a project setting), and the dyad timeline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jkannotate.core.frames import EventFrame, Mention, assemble_frames, frames_of_layer
from jkannotate.core.gc_pause import collector_paused
from jkannotate.core.model import AnnotatedDocument, LabelKind, Layer, LayerKind, LayerStatus
from jkannotate.review.registry import Decision, RegisteredEvent, Registry
from jkannotate.review.timeline import Timeline, dyad_timeline, timeline_section

if TYPE_CHECKING:
    from jkannotate.project import Project

DECISIONS_SETTING = "events.registry.decisions"
CHUNK = 500


def best_layer(item: AnnotatedDocument, layer: str | None = None) -> Layer | None:
    """The layer a document's events come from: the named one, else gold, else a finished
    annotator layer, else the suggestions."""
    if layer is not None:
        return item.layer(layer)
    gold = item.layer("gold")
    if gold is not None and gold.spans:
        return gold
    finished = [lay for lay in item.layers if lay.kind is LayerKind.ANNOTATOR
                and lay.status in (LayerStatus.DONE, LayerStatus.REVIEWED)]
    if finished:
        return finished[0]
    return item.layer("suggestion")


def _layer_name(kind: str, owner: str) -> str:
    return kind if kind in (LayerKind.GOLD.value, LayerKind.SUGGESTION.value) else owner


def _chosen_layers(project: Project, layer: str | None,
                   doc_ids: Sequence[int] | None) -> dict[str, list[int]]:
    """Layer name -> the documents whose events come from it, chosen as :func:`best_layer`
    chooses, from the layers' headers alone (one query, no contents read)."""
    wanted = None if doc_ids is None else set(doc_ids)
    finished = (LayerStatus.DONE.value, LayerStatus.REVIEWED.value)
    ranked: dict[int, tuple[int, str]] = {}  # document -> (rank, layer name); lower wins
    for doc_id, kind, owner, status, has_spans in project.layer_headers():
        if wanted is not None and doc_id not in wanted:
            continue
        name = _layer_name(kind, owner)
        if layer is not None:
            rank = 0 if name == layer else None
        elif kind == LayerKind.GOLD.value:
            rank = 0 if has_spans else None
        elif kind == LayerKind.ANNOTATOR.value:
            rank = 1 if status in finished else None
        else:
            rank = 2 if kind == LayerKind.SUGGESTION.value else None
        if rank is not None and (doc_id not in ranked or rank < ranked[doc_id][0]):
            ranked[doc_id] = (rank, name)
    chosen: dict[str, list[int]] = {}
    for doc_id in sorted(ranked):
        chosen.setdefault(ranked[doc_id][1], []).append(doc_id)
    return chosen


# the rows Project.event_contents gives: (text, title, outlet, published, url) of a document,
# (uid, start, end, label, kind, kb_id, norm) of a span
DocumentRow = tuple[str, str, str | None, str | None, str | None]
SpanRow = tuple[str, int, int, str, str, str | None, str | None]


def _frames_of_rows(doc_id: int, name: str, document: DocumentRow, spans: list[SpanRow],
                    arguments: list[tuple[str, str, str]], tag_labels: list[str],
                    ) -> list[EventFrame]:
    """:func:`~jkannotate.core.frames.frames_of_layer` over the rows
    :meth:`Project.event_contents` reads (unrejected triggers and argument spans in text
    order): the same frames, without a Span, Layer or Document built on the way."""
    text, title, outlet, published, url = document
    mentions = {uid: Mention(text[start:end], start, end, label, kb_id, norm)
                for uid, start, end, label, _kind, kb_id, norm in spans}
    roles: dict[str, list[tuple[str, Mention]]] = {}
    for event_uid, argument_uid, role in arguments:
        target = mentions.get(argument_uid)
        if target is not None and event_uid in mentions:
            roles.setdefault(event_uid, []).append((role, target))
    event = LabelKind.EVENT.value
    triggers = ((uid, label, mentions[uid])  # the rows come in (start, end) order
                for uid, _start, _end, label, kind, _kb_id, _norm in spans if kind == event)
    return assemble_frames(doc_id, name, text, (title, outlet, published, url), triggers,
                           roles, tuple(sorted(set(tag_labels))))


def project_frames(project: Project, layer: str | None = None,
                   doc_ids: Sequence[int] | None = None) -> list[EventFrame]:
    """Every document's frames, from the layer :func:`best_layer` picks: only that layer is
    read, and of it only what frames need, a batch of documents per query."""
    by_document: dict[int, list[EventFrame]] = {}
    hidden: list[int] = []  # a chosen layer blind annotation hides: choose among the rest
    for name, ids in _chosen_layers(project, layer, doc_ids).items():
        for start in range(0, len(ids), CHUNK):
            read = project.event_contents(name, ids[start : start + CHUNK])
            hidden.extend(read.hidden)
            for doc_id, document in read.documents.items():
                by_document[doc_id] = _frames_of_rows(
                    doc_id, name, document, read.spans[doc_id], read.arguments[doc_id],
                    read.tags[doc_id])
    for start in range(0, len(hidden), CHUNK):
        for item in project.annotated_many(hidden[start : start + CHUNK]):
            chosen = best_layer(item, layer)
            if chosen is not None and item.document.id is not None:
                by_document[item.document.id] = frames_of_layer(item, chosen)
    return [frame for doc_id in sorted(by_document) for frame in by_document[doc_id]]


def group_dates(project: Project) -> tuple[dict[int, int], dict[int, str]]:
    """Each document's near-duplicate group, and each group's earliest publication date."""
    return project.duplicate_group_dates()


def decisions(project: Project) -> list[Decision]:
    raw = project.setting(DECISIONS_SETTING)
    return [Decision.from_dict(d) for d in json.loads(raw)] if raw else []


def _record(project: Project, decision: Decision) -> None:
    kept = decisions(project) + [decision]
    project.set_setting(DECISIONS_SETTING, json.dumps([d.to_dict() for d in kept]))


def confirm_event(project: Project, frame_keys: Sequence[str]) -> None:
    """A reviewer confirms that these frames report one event."""
    _record(project, Decision("confirm", tuple(frame_keys), project.user))


def split_event(project: Project, frame_keys: Sequence[str]) -> None:
    """A reviewer takes these frames out of their proposed event into one of their own."""
    _record(project, Decision("split", tuple(frame_keys), project.user))


def build_registry(project: Project, layer: str | None = None, window: int | None = None,
                   frames: Sequence[EventFrame] | None = None) -> list[RegisteredEvent]:
    registry = Registry(window) if window is not None else Registry()
    group_of, earliest = group_dates(project)
    with collector_paused():
        chosen = frames if frames is not None else project_frames(project, layer)
        return registry.build(chosen, decisions(project), earliest, group_of)


def project_timeline(project: Project, layer: str | None = None) -> tuple[Timeline, int, int]:
    """The dyad timeline of the project's registry, with the registry's size and merges."""
    events = build_registry(project, layer)
    merged = sum(1 for e in events if e.cross_outlet)
    return dyad_timeline(events), len(events), merged


def timeline_report_section(project: Project) -> list[str]:
    """The HTML report's timeline section (none when no event involves Japan and Korea)."""
    timeline, size, merged = project_timeline(project)
    return [timeline_section(timeline, size, merged)] if timeline.points else []
