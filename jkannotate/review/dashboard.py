"""Team figures for the review dashboard: progress, speed, confusions, suggestion uptake."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from jkannotate.core.model import AnnotatedDocument, Layer, LayerKind, State

from .coefficients import finite_or_none
from .selection import FINISHED, annotator_layers, status_values

UNKNOWN_SOURCE = "unknown"


@dataclass(slots=True)
class AnnotatorProgress:
    """One annotator's finished and assigned documents and working speed."""

    name: str
    assigned: int
    done: int
    in_progress: int
    active_hours: float
    docs_per_hour: float | None  # None without timestamps

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "assigned": self.assigned,
            "done": self.done,
            "in_progress": self.in_progress,
            "active_hours": round(self.active_hours, 3),
            "docs_per_hour": finite_or_none(self.docs_per_hour, 2),
        }


@dataclass(frozen=True, slots=True)
class Confusion:
    """How often the same character range got label ``first`` from one annotator and
    ``second`` from another (labels in alphabetical order)."""

    first: str
    second: str
    count: int


@dataclass(slots=True)
class SuggestionUptake:
    """How often annotators kept a suggestion of this label and source unchanged."""

    label: str
    source: str
    suggested: int  # suggestion × finished annotator layer of its document
    accepted: int

    @property
    def rate(self) -> float | None:
        return self.accepted / self.suggested if self.suggested else None


@dataclass(slots=True)
class Dashboard:
    documents: int
    progress: list[AnnotatorProgress] = field(default_factory=list)
    confusions: list[Confusion] = field(default_factory=list)
    suggestions: list[SuggestionUptake] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "progress": [p.to_json() for p in self.progress],
            "confusions": [
                {"labels": [c.first, c.second], "count": c.count} for c in self.confusions
            ],
            "suggestions": [
                {
                    "label": s.label,
                    "source": s.source,
                    "suggested": s.suggested,
                    "accepted": s.accepted,
                    "rate": finite_or_none(s.rate, 4),
                }
                for s in self.suggestions
            ],
        }


def parse_time(stamp: str | None) -> datetime | None:
    """An ISO timestamp as an aware datetime (naive ones are taken as UTC)."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def active_hours(layers: Iterable[Layer], cap: timedelta) -> float:
    """Hours covered by the layers' created→updated intervals, each capped, overlaps merged.

    The cap keeps a document left open overnight from counting as a night's work.
    """
    intervals = []
    for layer in layers:
        start, end = parse_time(layer.created), parse_time(layer.updated)
        if start is None or end is None or end < start:
            continue
        intervals.append((start, min(end, start + cap)))
    intervals.sort()
    total = timedelta()
    current_start: datetime | None = None
    current_end: datetime | None = None
    for start, end in intervals:
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None and current_end is not None:
        total += current_end - current_start
    return total.total_seconds() / 3600


def _progress(
    docs: Sequence[AnnotatedDocument],
    assignments: Mapping[str, set[int]] | None,
    statuses: Sequence[str],
    cap: timedelta,
) -> list[AnnotatorProgress]:
    finished_status = status_values(statuses)
    layers_by_owner: dict[str, list[tuple[int | None, Layer]]] = defaultdict(list)
    for doc in docs:
        for layer in doc.layers:
            if layer.kind is LayerKind.ANNOTATOR:
                layers_by_owner[layer.owner].append((doc.document.id, layer))
    names = sorted(set(layers_by_owner) | set(assignments or {}))
    progress = []
    for name in names:
        owned = layers_by_owner.get(name, [])
        if assignments is not None and name in assignments:
            wanted = assignments[name]
            owned = [(doc_id, layer) for doc_id, layer in owned if doc_id in wanted]
            assigned = len(wanted)
        else:
            assigned = len({doc_id for doc_id, _layer in owned})
        done_layers = [layer for _id, layer in owned if layer.status.value in finished_status]
        started = sum(1 for _id, layer in owned if layer.status.value == "in_progress")
        hours = active_hours(done_layers, cap)
        timed = sum(
            1 for layer in done_layers if parse_time(layer.created) and parse_time(layer.updated)
        )
        speed = timed / hours if hours > 0 else None
        progress.append(AnnotatorProgress(name, assigned, len(done_layers), started, hours, speed))
    return progress


def _confusions(
    docs: Sequence[AnnotatedDocument], statuses: Sequence[str], top: int
) -> list[Confusion]:
    counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        by_range = []
        for layer in annotator_layers(doc, statuses).values():
            labels: dict[tuple[int, int], set[str]] = defaultdict(set)
            for span in layer.decided().kept_spans():
                labels[(span.start, span.end)].add(span.label)
            by_range.append(labels)
        for first, second in itertools.combinations(by_range, 2):
            for where in first.keys() & second.keys():
                for a in first[where] - second[where]:
                    for b in second[where] - first[where]:
                        counts[(min(a, b), max(a, b))] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [Confusion(a, b, n) for (a, b), n in ranked[:top]]


def _suggestion_uptake(
    docs: Sequence[AnnotatedDocument], statuses: Sequence[str]
) -> list[SuggestionUptake]:
    table: dict[tuple[str, str], SuggestionUptake] = {}
    for doc in docs:
        suggestions = [layer for layer in doc.layers if layer.kind is LayerKind.SUGGESTION]
        if not suggestions:
            continue
        finished = list(annotator_layers(doc, statuses).values())
        if not finished:
            continue
        # only what the annotator accepted counts: a suggestion left pending was not taken up
        span_keys = [{s.key for s in lay.spans if s.state is State.ACCEPTED} for lay in finished]
        tag_keys = [{t.label for t in lay.tags if t.state is State.ACCEPTED} for lay in finished]
        offered: list[tuple[str, str, object, list[set[Any]]]] = []
        for layer in suggestions:
            for span in layer.spans:
                if span.state is State.PENDING:
                    offered.append((span.label, span.source or UNKNOWN_SOURCE, span.key, span_keys))
            for tag in layer.tags:
                if tag.state is State.PENDING:
                    offered.append((tag.label, tag.source or UNKNOWN_SOURCE, tag.label, tag_keys))
        for label, source, key, kept_by_annotator in offered:
            row = table.setdefault((label, source), SuggestionUptake(label, source, 0, 0))
            row.suggested += len(kept_by_annotator)
            row.accepted += sum(1 for kept in kept_by_annotator if key in kept)
    return [table[key] for key in sorted(table)]


def dashboard(
    docs: Sequence[AnnotatedDocument],
    assignments: Mapping[str, set[int]] | None = None,
    *,
    statuses: Sequence[str] = FINISHED,
    max_layer_minutes: float = 60.0,
    top_confusions: int = 20,
) -> Dashboard:
    """Progress per annotator, the most frequent label confusions and suggestion uptake.

    ``assignments`` maps an annotator to the ids of documents assigned to them;
    without it, the documents they have a layer on count as assigned.
    """
    cap = timedelta(minutes=max_layer_minutes)
    return Dashboard(
        documents=len(docs),
        progress=_progress(docs, assignments, statuses, cap),
        confusions=_confusions(docs, statuses, top_confusions),
        suggestions=_suggestion_uptake(docs, statuses),
    )
