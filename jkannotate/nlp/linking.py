"""Link entity spans to the actor knowledge base and normalise DATE spans (pure Python).

A mention links to an actor when, in order:

1. it is a person's family name alone and an earlier mention in the same document was
   linked to a person of that family name ("Moon" after "Moon Jae-in", even where another
   Moon is in the knowledge base);
2. it is one of the actor's names, of a type the span's label allows (a GPE mention may
   name a LOC actor and the reverse; a NORP mention links through a country's demonyms);
3. it is a generic local name ("Foreign Ministry", "Supreme Court") and the words right
   before it name the country ("Japan's", "South Korean", "Seoul's");
4. it names exactly one actor of any type.

Anything else stays unlinked: a wrong link is worse than none. DATE spans get their
normalised value from :mod:`jkannotate.core.temporal` against the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from jkannotate.core.actors import Actor, ActorKB, normalise_name, shipped_actors
from jkannotate.core.model import LabelKind, Span, State
from jkannotate.core.temporal import normalise_in_context

TYPES_FOR_LABEL: dict[str, tuple[str, ...]] = {
    "PERSON": ("PERSON",),
    "ORG": ("ORG",),
    "GPE": ("GPE", "LOC"),
    "LOC": ("LOC", "GPE"),
    "FAC": ("LOC",),
}
DATE_LABELS = {"DATE"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_WORDS_BEFORE = re.compile(r"([\w.\-'’]+(?:\s+[\w.\-'’]+){0,5})\s*$")


def _surface(text: str) -> str:
    return _LEADING_THE.sub("", _POSSESSIVE.sub("", text.strip()))


class Linker:
    """Links the mentions of one document at a time (mentions in text order)."""

    def __init__(self, kb: ActorKB | None = None) -> None:
        self.kb = kb or shipped_actors()

    def country_before(self, text: str, start: int) -> str | None:
        """The country named among the (up to six) words right before ``start`` in its
        clause: "Japan's", "South Korean", "South Korea's main opposition", nearest first."""
        match = _WORDS_BEFORE.search(text[max(0, start - 60) : start])
        if not match:
            return None
        words = [_surface(w) for w in match.group(1).split()]
        for end in range(len(words), 0, -1):
            for size in (3, 2, 1):
                if end - size < 0:
                    continue
                phrase = " ".join(words[end - size : end])
                for actor in self.kb.named(phrase, ("GPE",)):
                    if actor.country:
                        return actor.country
                for actor in self.kb.by_demonym.get(normalise_name(phrase), []):
                    return actor.code
        return None

    def link(self, text: str, span: Span, seen: Sequence[Actor]) -> Actor | None:
        """The actor ``span`` (an entity of ``text``) names, given the ``seen`` actors."""
        mention = _surface(text[span.start : span.end])
        if not mention:
            return None
        key = normalise_name(mention)
        if span.label == "NORP":
            found = self.kb.by_demonym.get(key, [])
            return found[0] if len(found) == 1 else None
        types = TYPES_FOR_LABEL.get(span.label)
        if types is None:
            return None
        if span.label == "PERSON" and " " not in mention.strip():
            for actor in seen:  # nearest first
                if key in actor.short_names():
                    return actor
        for actor_type in types:
            found = self.kb.by_name.get((key, actor_type), [])
            if len(found) == 1:
                return found[0]
        local = [a for t in types for a in self.kb.by_local.get((key, t), [])]
        if local:
            country = self.country_before(text, span.start)
            matching = [a for a in local if a.code == country]
            return matching[0] if len(matching) == 1 else None
        anywhere = self.kb.named(mention)
        return anywhere[0] if len(anywhere) == 1 else None

    def link_document(self, text: str, spans: Iterable[Span]) -> dict[str, str]:
        """uid → actor id for the entity spans of one document that link.

        Full names first, then family names alone, each resolved to the nearest full name
        before it, else the first after it (a headline names "Lee" before the body's "Lee
        Myung-bak").
        """
        links: dict[str, str] = {}
        people: list[tuple[int, Actor]] = []
        ordered = [s for s in sorted(spans, key=lambda s: (s.start, s.end))
                   if s.kind is LabelKind.ENTITY and s.state is not State.REJECTED]
        alone = [s for s in ordered if s.label == "PERSON"
                 and " " not in _surface(text[s.start:s.end]).strip()]
        alone_uids = {s.uid for s in alone}
        for span in ordered:
            if span.uid in alone_uids:
                continue
            actor = self.link(text, span, [])
            if actor is not None:
                links[span.uid] = actor.id
                if actor.type == "PERSON":
                    people.append((span.start, actor))
        for span in alone:
            before = [a for at, a in reversed(people) if at < span.start]
            after = [a for at, a in people if at > span.start]
            actor = self.link(text, span, before + after)
            if actor is not None:
                links[span.uid] = actor.id
        return links


def date_value(text: str, span: Span, published: str | None) -> str | None:
    """The normalised value of a DATE span, read with the tense of its clause."""
    return normalise_in_context(
        text[span.start : span.end], published,
        text[max(0, span.start - 120) : span.start], text[span.end : span.end + 60],
    )


def link_spans(
    text: str, spans: Sequence[Span], published: str | None = None, *,
    linker: Linker | None = None, overwrite: bool = False,
) -> list[Span]:
    """``spans`` with ``kb_id`` on linked entities and ``norm`` on DATE spans.

    Values already set (an annotator's choice) are kept unless ``overwrite``.
    """
    linker = linker or Linker()
    links = linker.link_document(text, spans)
    result = []
    for span in spans:
        changes: dict[str, str] = {}
        if (overwrite or span.kb_id is None) and span.uid in links:
            changes["kb_id"] = links[span.uid]
        if span.label in DATE_LABELS and (overwrite or span.norm is None):
            value = date_value(text, span, published)
            if value is not None:
                changes["norm"] = value
        result.append(replace(span, **changes) if changes else span)
    return result
