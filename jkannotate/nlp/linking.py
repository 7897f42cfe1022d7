"""Link entity spans to the actor knowledge base and normalise DATE spans (pure Python).

A mention links to an actor when, in order:

1. it is a person's family name alone and an earlier mention in the same document was
   linked to a person of that family name ("Moon" after "Moon Jae-in", even where another
   Moon is in the knowledge base);
2. it is one of the actor's names, of a type the span's label allows (a GPE mention may
   name a LOC actor and the reverse; a NORP mention links through a country's demonyms);
3. it is a generic local name ("Foreign Ministry", "Supreme Court"), alone or after a
   country word ("S. Korean Supreme Court"), and the country is the one the words right
   before it name ("Japan's", "South Korean", "Seoul's"), else the one the document named
   last before it ("... the final South Korean chapter. The Supreme Court upheld ...");
4. it names exactly one actor of any type.

A company's legal form is optional in every name ("SK Hynix Inc."). Within a document:

- an abbreviation the text defines ("Nippon Steel & Sumitomo Metal (NSSM)") names what
  its long form names, from the definition on (nothing, where the long form links to
  nothing: the text gave it its own meaning);
- a group's name alone ("Samsung") names the group's company the document named before
  ("Samsung Electronics"), or whose line of trade its sentence names ("Samsung's
  chipmaking"), and keeps naming it for the rest of the document;
- a state's name does not link where the land it names is under colonial rule, before the
  state was founded ("when Korea was under Japan's colonial rule").

Anything else stays unlinked: a wrong link is worse than none. DATE spans get their
normalised value from :mod:`jkannotate.core.temporal` against the publication date.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace

from jkannotate.core.actors import Actor, ActorKB, normalise_name, shipped_actors
from jkannotate.core.model import LabelKind, Span, State
from jkannotate.core.temporal import normalise_in_context
from jkannotate.nlp.abbreviations import defined_abbreviations

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
# the end of a sentence, not of an abbreviation ("S. Korean", "U.S.")
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9]{2})[.!?]['’\"”]?\s+|[!?]\s+|\n")
# the land a state's name stands for under another's rule: "when Korea was under Japan's
# colonial rule", "Japan's annexation of Korea", "colonial-era Korea"
_RULED_AFTER = re.compile(
    r"^(?:'s|’s)?,?\s*(?:(?:was|were|had been|remained|fell|came|lay)\s+)?under\s+"
    r"(?:[\w’'\-]+\s+){0,4}?(?:colonization|colonisation|occupation|annexation|colonial|"
    r"(?:imperial|foreign|Japanese|Japan's|Japan’s)\s+rule)", re.I)
_RULED_BEFORE = re.compile(
    r"(?:(?:rule|colonization|colonisation|occupation|annexation)\s+(?:of|over)|annexed|"
    r"colonized|colonised|occupied|colonial|colonial-era|colonial era)\s+(?:the\s+)?$", re.I)


def _surface(text: str) -> str:
    return _LEADING_THE.sub("", _POSSESSIVE.sub("", text.strip()))


class Linker:
    """Links the mentions of one document at a time (mentions in text order)."""

    def __init__(self, kb: ActorKB | None = None) -> None:
        self.kb = kb or shipped_actors()
        self._country_words = self._country_pattern()
        self._cues_of: str | None = None
        self._cues: list[tuple[int, int, str]] = []

    def _country_pattern(self) -> re.Pattern[str] | None:
        """The words that name a country in running text: its English names, its demonyms
        and the adjective of a name in -a ("Korean")."""
        names: set[str] = set()
        adjectives: set[str] = set()
        for actor in self.kb.actors.values():
            if actor.type != "GPE" or not actor.demonyms or not actor.country:
                continue
            own = [actor.name, *actor.names.get("en", ())]
            names.update(n for n in own if n.isascii() and not n.startswith(("the ", "The ")))
            adjectives.update(d for d in actor.demonyms if d.isascii())
            adjectives.update(f"{n}n" for n in own if n.endswith("a"))
        if not names and not adjectives:
            return None

        def either(words: set[str]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        # a name that runs on into another capitalised word is part of that name
        # ("Nippon Steel", "Korea Herald"); an adjective is not ("South Korean Foreign Minister")
        return re.compile(rf"(?<![\w.])(?:{either(adjectives)})(?!\w)"
                          rf"|(?<![\w.])(?:{either(names)})(?!\w)(?!\s+[A-Z])")

    def country_of(self, phrase: str) -> str | None:
        """The country ``phrase`` names: a place ("Seoul"), a demonym ("South Korean") or
        the adjective of a country's name in -a ("S. Korean")."""
        for actor in self.kb.named(phrase, ("GPE",)):
            if actor.country:
                return actor.country
        for actor in self.kb.by_demonym.get(normalise_name(phrase), []):
            return actor.code
        if phrase.endswith("n") and len(phrase) > 3:
            for actor in self.kb.named(phrase[:-1], ("GPE",)):
                if actor.country and actor.demonyms:
                    return actor.country
        return None

    def country_named_last(self, text: str, start: int) -> str | None:
        """The country the document names last before ``start``; none where that is one of
        two countries named together ("officials from Japan and South Korea")."""
        if self._country_words is None:
            return None
        if self._cues_of is not text:  # the country words of one document, found once
            self._cues_of = text
            self._cues = [(m.start(), m.end(), c) for m in self._country_words.finditer(text)
                          if (c := self._cue_country(text, m)) is not None]
        index = bisect_left(self._cues, (start,))
        found = [cue for cue in self._cues[max(0, index - 2) : index] if cue[1] <= start]
        if not found:
            return None
        (last_start, _, country), previous = found[-1], found[-2] if len(found) > 1 else None
        if previous is not None and previous[2] != country and re.fullmatch(
                r"\s*(?:,|and|or|/|-|–|—|&)\s*", text[previous[1] : last_start]):
            return None
        return country

    def _cue_country(self, text: str, match: re.Match[str]) -> str | None:
        """The country a country word names, unless it begins the name of something of
        another country or of none ("Korean Peninsula")."""
        country = self.country_of(match[0])
        following = text[match.end() : match.end() + 40].split()
        for size in (1, 2):
            if len(following) >= size and following[size - 1][:1].isupper():
                phrase = f"{match[0]} {' '.join(following[:size])}"
                named = self.kb.named(_surface(phrase), ("ORG", "LOC", "GPE"))
                if named and all(a.code != country for a in named):
                    return None
        return country

    def country_before(self, text: str, start: int) -> str | None:
        """The country named among the (up to six) words right before ``start`` in its
        clause: "Japan's", "South Korean", "South Korea's main opposition", nearest first."""
        window = text[max(0, start - 60) : start]
        breaks = [m.end() for m in _SENTENCE_BREAK.finditer(window)]
        match = _WORDS_BEFORE.search(window[breaks[-1] if breaks else 0 :])
        if not match:
            return None
        words = [_surface(w) for w in match.group(1).split()]
        for end in range(len(words), 0, -1):
            for size in (3, 2, 1):
                if end - size < 0:
                    continue
                country = self.country_of(" ".join(words[end - size : end]))
                if country:
                    return country
        return None

    def _local_names(self, mention: str, types: tuple[str, ...]) -> tuple[list[Actor], str | None]:
        """The actors a generic local name ``mention`` may name, and the country its own
        leading words name ("S. Korean Supreme Court"); ``([], None)`` if it is none."""
        local = [a for t in types for a in self.kb.by_local.get((normalise_name(mention), t), [])]
        if local:
            return local, None
        words = mention.split()
        for size in (3, 2, 1):
            if len(words) > size:
                rest = normalise_name(" ".join(words[size:]))
                local = [a for t in types for a in self.kb.by_local.get((rest, t), [])]
                if local:
                    country = self.country_of(_surface(" ".join(words[:size])))
                    return (local, country) if country else ([], None)
        return [], None

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
            found = self.kb.named(mention, (actor_type,))
            if len(found) == 1:
                return found[0]
        local, country = self._local_names(mention, types)
        if local:
            country = (country or self.country_before(text, span.start)
                       or self.country_named_last(text, span.start))
            matching = [a for a in local if a.code == country]
            return matching[0] if len(matching) == 1 else None
        anywhere = self.kb.named(mention)
        return anywhere[0] if len(anywhere) == 1 else None

    def _before_founding(self, text: str, span: Span, actor: Actor) -> bool:
        """Whether the mention names the land under colonial rule, before ``actor`` (a
        state with a founding day) was founded."""
        if actor.since is None:
            return False
        return bool(_RULED_AFTER.match(text[span.end : span.end + 80])
                    or _RULED_BEFORE.search(text[max(0, span.start - 60) : span.start]))

    @staticmethod
    def _sentence(text: str, span: Span) -> str:
        """The sentence around ``span`` (at most some 600 characters either side)."""
        begin = max(0, span.start - 600)
        starts = [m.end() for m in _SENTENCE_BREAK.finditer(text, begin, span.start)]
        end = _SENTENCE_BREAK.search(text, span.end, span.end + 600)
        return text[starts[-1] if starts else begin : end.start() if end else span.end + 600]

    def _specific(self, text: str, ordered: list[Span], links: dict[str, str]) -> None:
        """A group's name alone → its company the document named before, or whose line of
        trade the sentence names; kept for the rest of the document."""
        named: dict[str, set[str]] = {}  # group id -> its companies named so far
        chosen: dict[str, str] = {}
        for span in ordered:
            actor = self.kb.get(links.get(span.uid))
            if actor is None:
                continue
            if actor.parent:
                named.setdefault(actor.parent, set()).add(actor.id)
                continue
            mention = normalise_name(_surface(text[span.start : span.end]))
            children = [c for c in self.kb.children.get(actor.id, [])
                        if any(normalise_name(n).startswith(mention) for n in c.all_names())]
            if not children:
                continue  # "Samsung Group" names the group itself
            if actor.id not in chosen:
                before = named.get(actor.id, set())
                if len(before) == 1:
                    chosen[actor.id] = next(iter(before))
                else:
                    sentence = self._sentence(text, span)
                    trading = [c for c in children if any(
                        re.search(rf"\b{re.escape(word)}", sentence, re.I)
                        for word in c.business)]
                    if len(trading) == 1:
                        chosen[actor.id] = trading[0].id
            if actor.id in chosen:
                links[span.uid] = chosen[actor.id]

    def _abbreviated(self, text: str, ordered: list[Span], links: dict[str, str]) -> None:
        """The abbreviations ``text`` defines name what their long forms name, each from its
        definition to the next definition of the same abbreviation."""
        abbreviations = defined_abbreviations(text)
        if not abbreviations:
            return
        ending_at = {s.end: s for s in ordered}
        meanings: dict[str, tuple[list[int], list[str | None]]] = {}
        for abbreviation in abbreviations:
            end = abbreviation.defined_at
            while end > 0 and text[end - 1].isspace():
                end -= 1
            long_span = ending_at.get(end)
            if long_span is not None and long_span.start <= abbreviation.long_start:
                actor_id = links.get(long_span.uid)
            else:
                label = long_span.label if long_span is not None else "ORG"
                actor = self.link(text, Span(abbreviation.long_start, abbreviation.long_end,
                                             label), [])
                actor_id = actor.id if actor is not None else None
            where, what = meanings.setdefault(normalise_name(abbreviation.short), ([], []))
            where.append(abbreviation.defined_at)
            what.append(actor_id)
        for span in ordered:
            meaning = meanings.get(normalise_name(_surface(text[span.start : span.end])))
            if meaning is None:
                continue
            index = bisect_right(meaning[0], span.start) - 1
            if index < 0:
                continue  # before the definition (a headline): the usual meaning
            actor_id = meaning[1][index]
            if actor_id is None:
                links.pop(span.uid, None)
            else:
                links[span.uid] = actor_id

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
            if actor is not None and not self._before_founding(text, span, actor):
                links[span.uid] = actor.id
                if actor.type == "PERSON":
                    people.append((span.start, actor))
        self._abbreviated(text, ordered, links)
        self._specific(text, ordered, links)
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
