"""Builders of annotated documents for the review tests and the agreement benchmark."""

from __future__ import annotations

import random
from collections.abc import Sequence

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
)
from jkannotate.core.offsets import token_bounds

ENTITY_LABELS = ["PERSON", "ORG", "GPE", "NORP", "DATE", "LAW"]
EVENT_LABELS = ["MEETING", "STATEMENT", "TRADE_MEASURE"]
ISSUE_LABELS = ["FORCED_LABOUR", "EXPORT_CONTROLS", "NORTH_KOREA", "CHINA", "TREATY_1965"]
ROLES = ["participant", "agent", "target", "time", "place"]
WORDS = (
    "Seoul Tokyo Moon Abe Kishida Yoon summit talks ministry court ruling export "
    "controls semiconductor materials Dokdo Takeshima islets apology compensation "
    "labourers Mitsubishi Nippon Steel Pyongyang missile launch drills alliance GSOMIA "
    "trilateral Washington treaty 1965 agreement protest statement visit"
).split()


def layer(
    owner: str,
    spans: Sequence[Span] = (),
    tags: Sequence[str] = (),
    *,
    status: LayerStatus = LayerStatus.DONE,
    arguments: Sequence[EventArgument] = (),
    kind: LayerKind = LayerKind.ANNOTATOR,
    doc_id: int | None = 1,
    created: str | None = None,
    updated: str | None = None,
) -> Layer:
    return Layer(
        doc_id,
        kind,
        owner,
        status,
        spans=list(spans),
        arguments=list(arguments),
        tags=[DocTag(t) for t in tags],
        created=created,
        updated=updated,
    )


def random_text(rng: random.Random, words: int) -> str:
    parts = []
    for i in range(words):
        parts.append(rng.choice(WORDS))
        if i % 12 == 11:
            parts[-1] += "."
    return " ".join(parts)


def _truth(rng: random.Random, text: str, spans: int) -> list[Span]:
    tokens = token_bounds(text)
    found: list[Span] = []
    for _ in range(spans):
        first = rng.randrange(len(tokens))
        last = min(len(tokens) - 1, first + rng.choice([0, 0, 1, 2]))
        event = rng.random() < 0.2
        label = rng.choice(EVENT_LABELS if event else ENTITY_LABELS)
        kind = LabelKind.EVENT if event else LabelKind.ENTITY
        found.append(Span(tokens[first][0], tokens[last][1], label, kind))
    return found


def _perturb(rng: random.Random, text: str, truth: list[Span], noise: float) -> list[Span]:
    tokens = token_bounds(text)
    spans: list[Span] = []
    for span in truth:
        roll = rng.random()
        if roll < noise * 0.3:
            continue  # missed
        if roll < noise * 0.6:
            pool = EVENT_LABELS if span.kind is LabelKind.EVENT else ENTITY_LABELS
            spans.append(Span(span.start, span.end, rng.choice(pool), span.kind))
        elif roll < noise:
            ends = [end for _start, end in tokens if end > span.start]
            spans.append(Span(span.start, rng.choice(ends[:3]), span.label, span.kind))
        else:
            spans.append(Span(span.start, span.end, span.label, span.kind))
    if rng.random() < noise:
        spans.extend(_truth(rng, text, 1))
    return spans


def _arguments(rng: random.Random, spans: list[Span]) -> list[EventArgument]:
    events = [s for s in spans if s.kind is LabelKind.EVENT]
    entities = [s for s in spans if s.kind is LabelKind.ENTITY]
    if not events or not entities:
        return []
    return [
        EventArgument(event.uid, rng.choice(entities[:3]).uid, rng.choice(ROLES[:2]))
        for event in events[:2]
    ]


def random_corpus(
    seed: int,
    *,
    documents: int = 20,
    annotators: Sequence[str] = ("ana", "ben", "chloe"),
    spans: int = 8,
    words: int = 60,
    tags: int = 2,
    noise: float = 0.3,
    tag_labels: Sequence[str] = ISSUE_LABELS,
) -> list[AnnotatedDocument]:
    """Documents where each annotator is a noisy copy of a hidden truth."""
    rng = random.Random(seed)
    corpus = []
    for doc_id in range(1, documents + 1):
        text = random_text(rng, words)
        truth = _truth(rng, text, spans)
        truth_tags = rng.sample(list(tag_labels), k=min(tags, len(tag_labels)))
        layers = []
        for owner in annotators:
            own = _perturb(rng, text, truth, noise)
            own_tags = [t for t in truth_tags if rng.random() > noise / 2]
            if rng.random() < noise / 2:
                own_tags.append(rng.choice(list(tag_labels)))
            layers.append(
                layer(
                    owner, own, sorted(set(own_tags)), arguments=_arguments(rng, own), doc_id=doc_id
                )
            )
        corpus.append(AnnotatedDocument(Document(text, id=doc_id), layers))
    return corpus
