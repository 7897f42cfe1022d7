"""Event data over a project: frames per document, the cross-outlet registry and its
reviewer decisions (kept as a project setting), and the dyad timeline.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jkannotate.core.frames import EventFrame, frames_of_layer
from jkannotate.core.model import AnnotatedDocument, Layer, LayerKind, LayerStatus
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


def project_frames(project: Project, layer: str | None = None,
                   doc_ids: Sequence[int] | None = None) -> list[EventFrame]:
    """Every document's frames, from the layer :func:`best_layer` picks."""
    ids = list(doc_ids) if doc_ids is not None else project.document_ids()
    frames: list[EventFrame] = []
    for start in range(0, len(ids), CHUNK):
        for item in project.annotated_many(ids[start : start + CHUNK]):
            chosen = best_layer(item, layer)
            if chosen is not None:
                frames.extend(frames_of_layer(item, chosen))
    return frames


def group_dates(project: Project) -> tuple[dict[int, int], dict[int, str]]:
    """Each document's near-duplicate group, and each group's earliest publication date."""
    group_of: dict[int, int] = {}
    earliest: dict[int, str] = {}
    for summary in project.documents():
        group = summary.duplicate_group
        if group is None:
            continue
        group_of[summary.id] = group
        day = summary.published
        if day and (group not in earliest or day < earliest[group]):
            earliest[group] = day
    return group_of, earliest


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
