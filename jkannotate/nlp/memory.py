"""Project memory: what people decided about a string, suggested where the string occurs again.

Every accepted or manual span and every rejected suggestion in an annotator's or gold layer
teaches the memory: the string's tokens (normalised: NFKC, one apostrophe, whitespace-free
token sequence) with how often it was accepted under each label and rejected under each.
Pure Python; no spaCy, so the project can revise suggestions when a layer is opened.

``revise`` merges memory into a document's machine suggestions:

- a suggestion whose string was rejected under its label at least as often as accepted is
  dropped (a rejection is not repeated);
- a suggestion whose string people consistently gave another label is relabelled;
- occurrences of remembered strings that no suggestion covers are added, provenance
  ``memory``, with a confidence from the counts.

Tags learn the same way from their evidence: a short phrase people gave as evidence of an
accepted tag becomes a cue of that tag for the project; where it occurs, the tag is suggested
(or a suggestion of it made surer), unless the phrase was more often evidence of a rejection.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from jkannotate.core.model import (
    DocTag,
    EventArgument,
    Evidence,
    LabelKind,
    Origin,
    Span,
    State,
)

MEMORY_SOURCE = "memory"
MIN_CONFIDENCE = 0.5  # below this a remembered string is not suggested
# an event trigger depends on its sentence ("talks" is not always a meeting): remembered
# triggers are suggested only after people agreed on them more than once
MIN_TRIGGER_CONFIDENCE = 0.75
RELABEL_CONFIDENCE = 0.75  # memory overrides a suggestion's label only when this sure
MAX_TOKENS = 12  # longer strings are not remembered (sentences, not names)

_TOKEN = re.compile(r"\w+|[^\w\s]")
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘´`′ʼ"})

Key = tuple[str, ...]


def _norm_token(token: str) -> str:
    return unicodedata.normalize("NFKC", token).translate(_APOSTROPHES)


def tokens_of(text: str) -> list[tuple[str, int, int]]:
    """Normalised word and punctuation tokens with their code-point offsets."""
    return [(_norm_token(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def key_of(surface: str) -> Key:
    """The normalised token sequence a string is remembered by."""
    return tuple(token for token, _, _ in tokens_of(surface))


@dataclass(frozen=True, slots=True)
class Decision:
    """One person's decision on one string: accepted (or written) or rejected under a label."""

    surface: str
    label: str
    kind: LabelKind
    accepted: bool


@dataclass(frozen=True, slots=True)
class TagDecision:
    """A tag accepted or rejected with the text of its evidence ranges."""

    label: str
    evidence: tuple[str, ...]
    accepted: bool


@dataclass(slots=True)
class _Entry:
    accepted: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    kinds: dict[str, LabelKind] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Recall:
    """What the memory says about a string: the best label and how sure it is."""

    label: str
    kind: LabelKind
    confidence: float
    accepted: int
    rejected: int


class ProjectMemory:
    """String → label counts learnt from people's decisions in one project."""

    def __init__(
        self, decisions: Iterable[Decision] = (), tags: Iterable[TagDecision] = ()
    ) -> None:
        self._entries: dict[Key, _Entry] = {}
        self._lengths: dict[str, set[int]] = defaultdict(set)  # first token -> key lengths
        self._cues: dict[Key, _Entry] = {}  # tag evidence phrases
        self._cue_lengths: dict[str, set[int]] = defaultdict(set)
        for decision in decisions:
            self.learn(decision)
        for tag in tags:
            self.learn_tag(tag)

    def __len__(self) -> int:
        return len(self._entries) + len(self._cues)

    def learn_tag(self, decision: TagDecision) -> None:
        for phrase in decision.evidence:
            key = key_of(phrase)
            if not key or len(key) > MAX_TOKENS:
                continue  # whole sentences of evidence are not cues
            entry = self._cues.get(key)
            if entry is None:
                entry = self._cues[key] = _Entry()
                self._cue_lengths[key[0]].add(len(key))
            (entry.accepted if decision.accepted else entry.rejected)[decision.label] += 1

    def learn(self, decision: Decision) -> None:
        key = key_of(decision.surface)
        if not key or len(key) > MAX_TOKENS:
            return
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
            self._lengths[key[0]].add(len(key))
        counts = entry.accepted if decision.accepted else entry.rejected
        counts[decision.label] += 1
        entry.kinds[decision.label] = decision.kind

    # --- reading -----------------------------------------------------------------------

    def confidence(self, surface: str, label: str) -> float:
        """How sure people were that ``surface`` is ``label`` (0 when never accepted)."""
        entry = self._entries.get(key_of(surface))
        return 0.0 if entry is None else _confidence(entry, label)

    def rejected(self, surface: str, label: str) -> bool:
        """``surface`` was rejected under ``label`` at least as often as accepted."""
        entry = self._entries.get(key_of(surface))
        return entry is not None and _rejected(entry, label)

    def recall(self, surface: str, kind: LabelKind | None = None) -> Recall | None:
        entry = self._entries.get(key_of(surface))
        return None if entry is None else _best(entry, kind)

    def matches(self, text: str) -> list[Span]:
        """Remembered strings found in ``text`` (longest first, left to right, no overlaps)."""
        return [
            Span(start, end, best.label, best.kind, Origin.SUGGESTED, State.PENDING,
                 round(best.confidence, 3), MEMORY_SOURCE)
            for start, end, entry in _find(text, self._entries, self._lengths)
            if (best := _best(entry)) is not None
        ]

    def revise_tags(self, text: str, tags: Sequence[DocTag]) -> list[DocTag]:
        """Tag suggestions of ``text`` with remembered evidence phrases merged in."""
        found: dict[str, tuple[float, list[Evidence]]] = {}
        for start, end, entry in _find(text, self._cues, self._cue_lengths):
            for label, accepted in entry.accepted.items():
                if _rejected(entry, label):
                    continue
                cue = accepted / (accepted + entry.rejected[label] + 0.5)
                if cue < MIN_CONFIDENCE:
                    continue
                confidence, evidence = found.get(label, (0.0, []))
                found[label] = (max(confidence, cue), [*evidence, Evidence(start, end)])
        revised: list[DocTag] = []
        for tag in tags:
            hit = found.pop(tag.label, None)
            pending = tag.origin is Origin.SUGGESTED and tag.state is State.PENDING
            if hit is not None and pending and hit[0] > (tag.confidence or 0.0):
                tag = replace(tag, confidence=round(hit[0], 3))
            revised.append(tag)
        for label, (confidence, evidence) in sorted(found.items()):
            revised.append(DocTag(label, Origin.SUGGESTED, State.PENDING, round(confidence, 3),
                                  MEMORY_SOURCE, tuple(evidence[:3])))
        return revised

    def revise(self, text: str, spans: Sequence[Span]) -> list[Span]:
        """Machine suggestions of ``text`` with the memory merged in (see the module doc).

        Only pending suggested spans are revised; decided and manual spans stay as they are
        and block memory spans that would overlap them.
        """
        kept: list[Span] = []
        for span in spans:
            if span.origin is not Origin.SUGGESTED or span.state is not State.PENDING:
                kept.append(span)
                continue
            surface = text[span.start : span.end]
            entry = self._entries.get(key_of(surface))
            if entry is None:
                kept.append(span)
                continue
            best = _best(entry, span.kind)
            if best is not None and best.label != span.label and (
                best.confidence >= RELABEL_CONFIDENCE or _rejected(entry, span.label)
            ):
                kept.append(replace(span, label=best.label, confidence=round(best.confidence, 3),
                                    source=MEMORY_SOURCE))
            elif not _rejected(entry, span.label):
                kept.append(span)
        for candidate in self.matches(text):
            if not any(
                candidate.overlaps(other) and candidate.kind is other.kind for other in kept
            ):
                kept.append(candidate)
        kept.sort(key=lambda s: (s.start, -s.end))
        return kept


def revise_suggestions(
    memory: ProjectMemory,
    text: str,
    spans: Sequence[Span],
    arguments: Sequence[EventArgument],
    tags: Sequence[DocTag],
) -> tuple[list[Span], list[EventArgument], list[DocTag]]:
    """Spans, arguments and tags of one text revised by ``memory``; arguments whose trigger
    or argument span the memory dropped go with it."""
    revised = memory.revise(text, spans)
    kept = {span.uid for span in revised}
    linked = [a for a in arguments if a.event_uid in kept and a.argument_uid in kept]
    return revised, linked, memory.revise_tags(text, tags)


def _find(
    text: str, entries: dict[Key, _Entry], lengths: dict[str, set[int]]
) -> list[tuple[int, int, _Entry]]:
    """Remembered keys with a usable label in ``text``: longest first, left to right, no
    overlaps."""
    tokens = tokens_of(text)
    found: list[tuple[int, int, _Entry]] = []
    index = 0
    while index < len(tokens):
        taken = 0
        for length in sorted(lengths.get(tokens[index][0], ()), reverse=True):
            key = tuple(token for token, _, _ in tokens[index : index + length])
            entry = entries.get(key) if len(key) == length else None
            if entry is None or _best(entry) is None:
                continue
            start, end = tokens[index][1], tokens[index + length - 1][2]
            if _word_bounded(text, start, end):
                found.append((start, end, entry))
                taken = length
                break
        index += taken or 1
    return found


def _confidence(entry: _Entry, label: str) -> float:
    accepted = entry.accepted[label]
    if not accepted:
        return 0.0
    others = sum(entry.accepted.values()) - accepted
    return accepted / (accepted + others + entry.rejected[label] + 0.5)


def _rejected(entry: _Entry, label: str) -> bool:
    """Rejected at least as often as accepted; a trigger, which depends on its sentence, only
    once rejected twice."""
    rejections = entry.rejected[label]
    least = 2 if entry.kinds.get(label) is LabelKind.EVENT else 1
    return rejections >= least and rejections >= entry.accepted[label]


def _best(entry: _Entry, kind: LabelKind | None = None) -> Recall | None:
    """The label people gave the string most surely, if sure enough and not rejected."""
    ranked = sorted(
        (label for label in entry.accepted
         if kind is None or entry.kinds.get(label, LabelKind.ISSUE) is kind),
        key=lambda label: (-_confidence(entry, label), label),
    )
    for label in ranked:
        confidence = _confidence(entry, label)
        kind_of = entry.kinds.get(label, LabelKind.ISSUE)
        floor = MIN_TRIGGER_CONFIDENCE if kind_of is LabelKind.EVENT else MIN_CONFIDENCE
        if confidence >= floor and not _rejected(entry, label):
            return Recall(label, entry.kinds.get(label, LabelKind.ISSUE), confidence,
                          entry.accepted[label],
                          entry.rejected[label])
    return None


def _word_bounded(text: str, start: int, end: int) -> bool:
    """The match does not start or end inside a word ("Korea" is not in "Koreans")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    inner_first, inner_last = text[start], text[end - 1]
    return not (
        (before.isalnum() and inner_first.isalnum()) or (after.isalnum() and inner_last.isalnum())
    )
