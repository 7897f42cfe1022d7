"""Event frames: an event trigger with its arguments, read off one layer of a document.

A frame is what the event exports (PLOVER, CSV), the registry and the timeline work on:
who (source actors: the agent, else the first participant), to whom (the target, else
the other participants), when (the ``time`` argument's normalised value, else the
publication date), where (the ``place`` argument), the sentence, and the document's
issue tags and citation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from jkannotate.core.model import AnnotatedDocument, LabelKind, Layer, Span, State
from jkannotate.core.temporal import as_day

_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n+")


class Mention(NamedTuple):
    """An argument of a frame: the span's text and offsets, label and linked actor (a tuple:
    a corpus has hundreds of thousands of them)."""

    text: str
    start: int
    end: int
    label: str
    kb_id: str | None = None
    norm: str | None = None


@dataclass(slots=True)
class EventFrame:
    document_id: int | None
    layer: str
    uid: str
    label: str
    trigger: Mention
    sources: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    time: Mention | None = None
    place: Mention | None = None
    sentence: tuple[int, int] = (0, 0)
    sentence_text: str = ""
    published: str | None = None
    outlet: str | None = None
    title: str = ""
    url: str | None = None
    tags: tuple[str, ...] = ()
    key: str = ""  # stable across exports of the same layer: document, layer, trigger uid

    @property
    def date(self) -> str | None:
        """The event's day: its time argument's normalised day, else the publication day."""
        if self.time is not None and _is_day(self.time.norm):
            return self.time.norm
        return self.published

    @property
    def date_is_published(self) -> bool:
        return not (self.time is not None and _is_day(self.time.norm))

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.kb_id for m in self.sources if m.kb_id}))

    @property
    def target_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.kb_id for m in self.targets if m.kb_id}))


def _is_day(value: str | None) -> bool:
    # as_day's test, without a regular expression: this runs for every frame of a corpus
    return value is not None and len(value) == 10 and value[4] == "-" and value[7] == "-" \
        and as_day(value) is not None


class Sentences:
    """The sentence (or line) boundaries of a text, found once, looked up by bisection."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.gaps = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
        self.gap_starts = [start for start, _ in self.gaps]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        index = bisect_right(self.gap_starts, start) - 1
        left = self.gaps[index][1] if index >= 0 and self.gaps[index][1] <= start else 0
        following = bisect_left(self.gap_starts, end)
        right = self.gap_starts[following] if following < len(self.gaps) else self.length
        return left, right


def _mention(text: str, span: Span) -> Mention:
    start, end = span.start, span.end
    return Mention(text[start:end], start, end, span.label, span.kb_id, span.norm)


Citation = tuple[str, str | None, str | None, str | None]  # title, outlet, published, url


def assemble_frames(doc_id: int | None, name: str, text: str, citation: Citation,
                    triggers: Iterable[tuple[str, str, Mention]],
                    roles: Mapping[str, Sequence[tuple[str, Mention]]],
                    tags: tuple[str, ...]) -> list[EventFrame]:
    """One frame per trigger ((uid, label, mention), in text order), its arguments from
    ``roles`` (trigger uid → (role, mention)): agents are sources, targets and the other
    participants targets (the first participant is the source when no agent is named)."""
    title, outlet, published, url = citation
    sentences = Sentences(text)
    frames = []
    for uid, label, trigger in triggers:
        by_role: dict[str, list[Mention]] = {}
        for role, mention in sorted(roles.get(uid, ()), key=lambda pair: pair[1].start):
            by_role.setdefault(role, []).append(mention)
        sources = by_role.get("agent", [])
        targets = by_role.get("target", [])
        participants = by_role.get("participant", [])
        if not sources and participants:
            sources, participants = participants[:1], participants[1:]
        bounds = sentences.bounds(trigger.start, trigger.end)
        times, places = by_role.get("time"), by_role.get("place")
        frames.append(EventFrame(
            document_id=doc_id, layer=name, uid=uid, label=label, trigger=trigger,
            sources=sources, targets=targets + participants,
            time=times[0] if times else None, place=places[0] if places else None,
            sentence=bounds, sentence_text=text[bounds[0] : bounds[1]], published=published,
            outlet=outlet, title=title, url=url, tags=tags, key=f"{doc_id}-{name}-{uid}",
        ))
    return frames


def frames_of_layer(item: AnnotatedDocument, layer: Layer) -> list[EventFrame]:
    """The frames of one layer (rejected triggers and arguments left out), in text order."""
    document, text = item.document, item.document.text
    rejected, event_kind = State.REJECTED, LabelKind.EVENT  # enum lookups cost, per span
    kept = {s.uid: s for s in layer.spans if s.state is not rejected}
    roles: dict[str, list[tuple[str, Mention]]] = {}
    for argument in layer.arguments:
        target = kept.get(argument.argument_uid)
        if target is not None and argument.event_uid in kept:
            roles.setdefault(argument.event_uid, []).append(
                (argument.role, _mention(text, target)))
    tags = tuple(sorted({t.label for t in layer.tags if t.state is not rejected}))
    triggers = sorted((s for s in kept.values() if s.kind is event_kind),
                      key=lambda s: (s.start, s.end))
    citation = (document.title, document.outlet, document.published, document.url)
    return assemble_frames(document.id, layer.name, text, citation,
                           ((s.uid, s.label, _mention(text, s)) for s in triggers), roles, tags)


def frames_of(item: AnnotatedDocument, layer_name: str | None = None) -> list[EventFrame]:
    """The frames of the named layer, or of every layer when ``layer_name`` is None."""
    layers = [item.layer(layer_name)] if layer_name else item.layers
    return [frame for layer in layers if layer is not None
            for frame in frames_of_layer(item, layer)]
