"""Likely inconsistencies across documents: one surface string, several labels;
a gazetteer name left unlabelled in a finished document."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from jkannotate.core.model import AnnotatedDocument, Layer, LayerKind, Span, State

from .selection import FINISHED, status_values

Occurrence = tuple[int | None, str, int, int, str | None]  # doc id, layer, start, end, label


@dataclass(slots=True)
class Inconsistency:
    """One finding of ``jkannotate check``, with where it occurs."""

    kind: Literal["label_conflict", "unlabelled_gazetteer"]
    surface: str
    labels: dict[str, int]  # label -> how often (for a gazetteer entry: its expected label -> 0)
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.kind == "label_conflict":
            shares = ", ".join(f"{label} ×{n}" for label, n in self.labels.items())
            docs = len({o[0] for o in self.occurrences})
            return f"“{self.surface}” is labelled differently in {docs} documents: {shares}"
        label = next(iter(self.labels), "?")
        doc_ids = sorted({str(o[0]) for o in self.occurrences})
        shown = ", ".join(doc_ids[:8]) + (" …" if len(doc_ids) > 8 else "")
        return (
            f"“{self.surface}” ({label} in the gazetteer) is unlabelled "
            f"{len(self.occurrences)}× in finished documents {shown}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "surface": self.surface,
            "labels": dict(self.labels),
            "message": self.message,
            "occurrences": [
                {"document_id": d, "layer": layer, "start": s, "end": e, "label": label}
                for d, layer, s, e, label in self.occurrences
            ],
        }


def _checked_layers(
    docs: Iterable[AnnotatedDocument], statuses: Sequence[str]
) -> Iterable[tuple[AnnotatedDocument, Layer]]:
    wanted = status_values(statuses)
    for doc in docs:
        for layer in doc.layers:
            if layer.kind is not LayerKind.SUGGESTION and layer.status.value in wanted:
                yield doc, layer


def decided_spans(layer: Layer) -> list[Span]:
    """The spans a person accepted or wrote: pending suggestions decide nothing."""
    return [span for span in layer.spans if span.state is State.ACCEPTED]


def normalise_surface(text: str) -> str:
    """The comparison form of a surface string: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def label_conflicts(
    docs: Sequence[AnnotatedDocument], statuses: Sequence[str] = FINISHED
) -> list[Inconsistency]:
    """Surface strings given different labels (of the same kind) across documents.

    Differences inside one document only are left to :func:`disagreements`; a
    conflict is reported when the differing labels occur in two or more documents.
    """
    seen: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
    shapes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc, layer in _checked_layers(docs, statuses):
        text = doc.document.text
        for span in decided_spans(layer):
            surface = text[span.start : span.end]
            key = (span.kind.value, normalise_surface(surface))
            seen[key].append((doc.document.id, layer.name, span.start, span.end, span.label))
            shapes[key][" ".join(surface.split())] += 1
    found = []
    for key, occurrences in seen.items():
        labels = Counter(o[4] or "" for o in occurrences)
        documents = {o[0] if o[0] is not None else id(o) for o in occurrences}
        if len(labels) < 2 or len(documents) < 2:
            continue
        surface = shapes[key].most_common(1)[0][0]
        found.append(
            Inconsistency("label_conflict", surface, dict(labels.most_common()), occurrences)
        )
    found.sort(key=lambda item: (-len(item.occurrences), item.surface))
    return found


def _alias_pattern(aliases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for all aliases, longest first; Latin-script names match whole words only."""
    parts = []
    for alias in sorted({a for a in aliases if a.strip()}, key=lambda a: (-len(a), a)):
        before = r"(?<![\w])" if alias[0].isascii() and alias[0].isalnum() else ""
        after = r"(?![\w])" if alias[-1].isascii() and alias[-1].isalnum() else ""
        parts.append(f"{before}{re.escape(alias)}{after}")
    return re.compile("|".join(parts)) if parts else None


def unlabelled_gazetteer_names(
    docs: Sequence[AnnotatedDocument],
    gazetteer_aliases: Mapping[str, str],
    statuses: Sequence[str] = FINISHED,
) -> list[Inconsistency]:
    """Gazetteer aliases (alias → label) that no kept span covers in a finished layer."""
    pattern = _alias_pattern(gazetteer_aliases)
    if pattern is None:
        return []
    missed: dict[str, list[Occurrence]] = defaultdict(list)
    for doc, layer in _checked_layers(docs, statuses):
        spans = decided_spans(layer)
        for match in pattern.finditer(doc.document.text):
            start, end = match.span()
            if not any(s.start <= start and end <= s.end for s in spans):
                missed[match.group(0)].append((doc.document.id, layer.name, start, end, None))
    found = [
        Inconsistency("unlabelled_gazetteer", alias, {gazetteer_aliases[alias]: 0}, occurrences)
        for alias, occurrences in missed.items()
    ]
    found.sort(key=lambda item: (-len(item.occurrences), item.surface))
    return found


def consistency_check(
    docs: Sequence[AnnotatedDocument],
    gazetteer_aliases: Mapping[str, str] | None = None,
    *,
    statuses: Sequence[str] = FINISHED,
) -> list[Inconsistency]:
    """Label conflicts first, then unlabelled gazetteer names; most frequent first."""
    found = label_conflicts(docs, statuses)
    if gazetteer_aliases:
        found += unlabelled_gazetteer_names(docs, gazetteer_aliases, statuses)
    return found
