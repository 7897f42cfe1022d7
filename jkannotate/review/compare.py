"""One registry event across outlets: each report's frame parts, words and tags, and a table
of where the reports differ (the data the comparison view shows)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jkannotate.core.actors import ActorKB, shipped_actors
from jkannotate.core.frames import EventFrame
from jkannotate.core.model import AnnotatedDocument
from jkannotate.review.contested import ContestedTerms, shipped_contested
from jkannotate.review.registry import RegisteredEvent


@dataclass(frozen=True, slots=True)
class Highlight:
    start: int
    end: int
    kind: str  # trigger, source, target, time, place, term
    note: str


@dataclass(slots=True)
class OutletReport:
    document_id: int
    outlet: str
    title: str
    published: str | None
    text: str
    frames: list[EventFrame]
    highlights: list[Highlight] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    terms: dict[str, list[str]] = field(default_factory=dict)  # concept -> terms used


@dataclass(slots=True)
class Comparison:
    event: RegisteredEvent
    reports: list[OutletReport]
    differences: list[tuple[str, list[str]]]  # aspect -> value per report (same order)


def _report(document: AnnotatedDocument, frames: list[EventFrame], kb: ActorKB,
            terms: ContestedTerms) -> OutletReport:
    doc = document.document
    highlights: list[Highlight] = []
    actors: list[str] = []
    for frame in frames:
        highlights.append(Highlight(frame.trigger.start, frame.trigger.end, "trigger",
                                    frame.label))
        for kind, mentions in (("source", frame.sources), ("target", frame.targets)):
            for mention in mentions:
                actor = kb.get(mention.kb_id)
                name = actor.name if actor else mention.text
                highlights.append(Highlight(mention.start, mention.end, kind, name))
                if name not in actors:
                    actors.append(name)
        for kind, mention in (("time", frame.time), ("place", frame.place)):
            if mention is not None:
                highlights.append(Highlight(mention.start, mention.end, kind,
                                            mention.norm or mention.text))
    used: dict[str, list[str]] = {}
    for use in terms.find(doc.text):
        highlights.append(Highlight(use.start, use.end, "term", f"{use.concept} ({use.usage})"))
        variants = used.setdefault(use.concept, [])
        if use.term not in variants:
            variants.append(use.term)
    return OutletReport(
        document_id=doc.id or 0, outlet=doc.outlet or "?", title=doc.title,
        published=doc.published, text=doc.text, frames=frames,
        highlights=sorted(highlights, key=lambda h: (h.start, h.end)), actors=actors,
        tags=frames[0].tags if frames else (), terms=used,
    )


def compare_event(event: RegisteredEvent, documents: Mapping[int, AnnotatedDocument],
                  kb: ActorKB | None = None,
                  terms: ContestedTerms | None = None) -> Comparison:
    """Each report of ``event`` (documents by id) and the table of their differences."""
    kb, terms = kb or shipped_actors(), terms or shipped_contested()
    reports = []
    for doc_id in event.documents:
        if doc_id in documents:
            frames = [f for f in event.frames if f.document_id == doc_id]
            reports.append(_report(documents[doc_id], frames, kb, terms))
    rows: list[tuple[str, list[str]]] = [
        ("outlet", [r.outlet for r in reports]),
        ("date", [r.published or "" for r in reports]),
        ("trigger words", [", ".join(dict.fromkeys(f.trigger.text for f in r.frames))
                           for r in reports]),
        ("who is named", [", ".join(r.actors) for r in reports]),
        ("issue tags", [", ".join(t.replace("_", " ").lower() for t in r.tags) for r in reports]),
    ]
    concepts = sorted({c for r in reports for c in r.terms})
    for concept in concepts:
        rows.append((f"words: {concept.replace('_', ' ')}",
                     [", ".join(r.terms.get(concept, [])) or "—" for r in reports]))
    differences = [(aspect, values) for aspect, values in rows
                   if aspect == "outlet" or len(set(values)) > 1]
    return Comparison(event, reports, differences)
