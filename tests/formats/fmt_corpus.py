"""Annotated documents for format tests: the seeds with made-up, accepted suggestions.

The spans come from simple patterns over each seed (names, triggers), so they fit any
article text; the tests never hard-code offsets.
"""

from __future__ import annotations

import re
from pathlib import Path

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    Evidence,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.core.resources import seeds_dir

ENTITY_PATTERNS = {
    "GPE": r"\b(?:South Korea|North Korea|Japan|Seoul|Tokyo|China|United States)\b",
    "NORP": r"\b(?:Japanese|South Korean|Korean)\b",
    "PERSON": r"\b(?:Fumio Kishida|Kishida|Yoon Suk[- ]yeol|Yoon|Moon Jae-in|Moon|Abe)\b",
    "ORG": r"\b(?:Supreme Court|Reuters|Mitsubishi Heavy Industries|foreign ministry)\b",
    "DATE": r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{4})\b",
}
EVENT_PATTERNS = {
    "MEETING": r"\b(?:summit|talks|met|meeting|visit)\b",
    "AGREEMENT": r"\b(?:agreed|agreement|accord)\b",
    "STATEMENT": r"\b(?:said|urged|demanded|protest(?:ed)?)\b",
}


def seed_texts() -> list[tuple[str, str]]:
    return [(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(Path(seeds_dir()).glob("*.txt"))]


def annotate(text: str, *, doc_id: int | None = None, title: str = "",
             owner: str = "alice") -> AnnotatedDocument:
    """A document whose layer holds accepted suggestions, one rejected and one pending span,
    nested entities ("Korea" inside "South Korea"), event triggers with arguments and tags."""
    spans: list[Span] = []
    for label, pattern in ENTITY_PATTERNS.items():
        for match in re.finditer(pattern, text):
            spans.append(Span(match.start(), match.end(), label, origin=Origin.SUGGESTED,
                              state=State.ACCEPTED, confidence=0.9, source="rules:v1"))
    for match in list(re.finditer(r"South (Korea)\b", text))[:3]:
        spans.append(Span(match.start(1), match.end(1), "GPE"))  # nested inside "South Korea"
    events: list[Span] = []
    for label, pattern in EVENT_PATTERNS.items():
        for match in list(re.finditer(pattern, text))[:4]:
            events.append(Span(match.start(), match.end(), label, kind=LabelKind.EVENT,
                               origin=Origin.SUGGESTED, state=State.ACCEPTED))
    if spans:
        first = spans[0]
        spans[0] = Span(first.start, first.end, first.label, state=State.PENDING, uid=first.uid)
    if len(spans) > 2:
        rejected = spans[1]
        spans[1] = Span(rejected.start, rejected.end, "ORG", state=State.REJECTED,
                        origin=Origin.SUGGESTED, uid=rejected.uid)
    arguments = []
    participants = [s for s in spans if s.label in ("GPE", "PERSON") and s.state is State.ACCEPTED]
    for event in events:
        near = sorted(participants, key=lambda s: abs(s.start - event.start))[:2]
        arguments.extend(EventArgument(event.uid, s.uid, "participant") for s in near)
    tags = [DocTag("SUMMIT_DIPLOMACY", origin=Origin.SUGGESTED, confidence=0.7,
                   evidence=(Evidence(events[0].start, events[0].end),) if events else ()),
            DocTag("NORTH_KOREA", state=State.REJECTED)]
    if "export" in text.lower():
        tags.append(DocTag("EXPORT_CONTROLS"))
    layer = Layer(document_id=doc_id, kind=LayerKind.ANNOTATOR, owner=owner,
                  status=LayerStatus.DONE, spans=spans + events, arguments=arguments, tags=tags)
    document = Document(text=text, title=title, id=doc_id, outlet="Test Outlet",
                        published="2023-03-16", meta={"source": "seed"})
    return AnnotatedDocument(document, [layer])


def seed_corpus() -> list[AnnotatedDocument]:
    return [annotate(text, doc_id=index + 1, title=text.splitlines()[0])
            for index, (_name, text) in enumerate(seed_texts())]


def kept_keys(layer: Layer) -> set[tuple[int, int, str]]:
    return {span.key for span in layer.kept_spans()}


def argument_keys(layer: Layer) -> set[tuple[tuple[int, int, str], tuple[int, int, str], str]]:
    by_uid = {span.uid: span.key for span in layer.spans}
    return {(by_uid[a.event_uid], by_uid[a.argument_uid], a.role) for a in layer.arguments
            if a.event_uid in by_uid and a.argument_uid in by_uid}
