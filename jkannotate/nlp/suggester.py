"""The :class:`Suggester`: texts in, :class:`Suggestion` objects out, through ``nlp.pipe``.

A text longer than the pipeline's ``max_length`` (spaCy refuses it with E088) is suggested in
chunks cut at paragraph breaks (else line breaks, sentence ends, spaces), each under
:data:`CHUNK_CHARS`; offsets are shifted back into the whole text and a tag keeps its highest
confidence over the chunks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from jkannotate.core.model import (
    DocTag,
    EventArgument,
    Evidence,
    LabelKind,
    Origin,
    Span,
    State,
)
from jkannotate.nlp.entity_rules import ENTITY_INFO, MODEL_CONFIDENCE
from jkannotate.nlp.events import EVENT_INFO
from jkannotate.nlp.issue_tags import TAG_INFO
from jkannotate.nlp.linking import link_spans
from jkannotate.nlp.pipeline import build_pipeline
from jkannotate.nlp.suggestion import Suggestion

CHUNK_CHARS = 100_000  # chunks of long texts: small enough for memory, large enough for context
CHUNK_SEPARATORS = ("\n\n", "\n", ". ", " ")


class Suggester:
    """Suggests entities, events with arguments and issue tags for texts.

    Build one with :meth:`load`; ``name`` says which model (if any) and rules produced the
    suggestions, ``warnings`` why a requested model was not used.
    """

    def __init__(self, nlp: Language, name: str, warnings: list[str] | None = None) -> None:
        self.nlp = nlp
        self.name = name
        self.warnings = list(warnings or [])

    @classmethod
    def load(cls, model: str | None = None, *, rules: bool = True,
             resources: str | None = None) -> Suggester:
        """A suggester over ``model`` (package name or directory; None: best installed).

        Never raises for a missing or broken model and never downloads: it falls back to the
        rules on ``spacy.blank("en")`` and puts a one-line message in ``warnings``.
        """
        nlp, name, warnings = build_pipeline(model, rules=rules, resources=resources or "")
        return cls(nlp, name, warnings)

    @classmethod
    def load_rules(cls, resources: str | None = None) -> Suggester:
        """The rules alone on ``spacy.blank("en")``, whatever models are installed."""
        nlp, name, warnings = build_pipeline(resources=resources or "", use_model=False)
        return cls(nlp, name, warnings)

    def suggest(self, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Suggestion]:
        """One :class:`Suggestion` per text, in order; long texts go in paragraph chunks."""
        pending: list[str] = []
        for text in texts:
            if len(text) <= self.nlp.max_length:
                pending.append(text)
                if len(pending) >= batch_size:
                    yield from self._pipe(pending, batch_size)
                    pending = []
                continue
            yield from self._pipe(pending, batch_size)
            pending = []
            yield self._suggest_long(text)
        yield from self._pipe(pending, batch_size)

    def suggest_one(self, text: str) -> Suggestion:
        if len(text) > self.nlp.max_length:
            return self._suggest_long(text)
        return suggestion_from_doc(self.nlp(text))

    def _pipe(self, texts: list[str], batch_size: int) -> Iterator[Suggestion]:
        for doc in self.nlp.pipe(texts, batch_size=batch_size):
            yield suggestion_from_doc(doc)

    def _suggest_long(self, text: str) -> Suggestion:
        """Suggestions for a text over ``max_length``, chunk by chunk, offsets preserved."""
        limit = min(CHUNK_CHARS, self.nlp.max_length)
        parts = [(start, suggestion_from_doc(self.nlp(text[start:end])))
                 for start, end in chunk_bounds(text, limit)]
        return merge_chunks(parts)


def chunk_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) ranges of at most ``limit`` characters that cover ``text``, each cut just
    after a paragraph break where there is one (else a line break, a sentence end, a space)."""
    bounds: list[tuple[int, int]] = []
    start, size = 0, len(text)
    while size - start > limit:
        cut = -1
        for separator in CHUNK_SEPARATORS:
            found = text.rfind(separator, start + 1, start + limit - len(separator) + 1)
            if found > start:
                cut = found + len(separator)
                break
        if cut <= start:
            cut = start + limit
        bounds.append((start, cut))
        start = cut
    bounds.append((start, size))
    return bounds


def merge_chunks(parts: list[tuple[int, Suggestion]]) -> Suggestion:
    """One suggestion from per-chunk suggestions, each given with its chunk's start offset."""
    merged = Suggestion()
    tags: dict[str, DocTag] = {}
    for offset, part in parts:
        merged.spans += [dataclasses.replace(span, start=span.start + offset,
                                             end=span.end + offset, uid=span.uid)
                         for span in part.spans]
        merged.arguments += part.arguments
        for tag in part.tags:
            shifted = dataclasses.replace(
                tag, evidence=tuple(Evidence(e.start + offset, e.end + offset)
                                    for e in tag.evidence))
            best = tags.get(tag.label)
            if best is None or (tag.confidence or 0) > (best.confidence or 0):
                tags[tag.label] = shifted
    merged.tags = sorted(tags.values(), key=lambda tag: -(tag.confidence or 0))
    return merged


def suggestion_from_doc(doc: Doc) -> Suggestion:
    """Read the rule components' annotations off a processed Doc."""
    spans: list[Span] = []
    by_offsets: dict[tuple[int, int], str] = {}
    info = doc.user_data.get(ENTITY_INFO, {})
    for ent in doc.ents:
        source, confidence = info.get((ent.start_char, ent.end_char), ("model", MODEL_CONFIDENCE))
        span = Span(ent.start_char, ent.end_char, ent.label_, LabelKind.ENTITY,
                    Origin.SUGGESTED, State.PENDING, confidence, source)
        spans.append(span)
        by_offsets[(span.start, span.end)] = span.uid
    arguments: list[EventArgument] = []
    for start, end, label, source, confidence, args in doc.user_data.get(EVENT_INFO, []):
        event = Span(start, end, label, LabelKind.EVENT, Origin.SUGGESTED, State.PENDING,
                     confidence, source)
        spans.append(event)
        for role, arg_start, arg_end in args:
            argument_uid = by_offsets.get((arg_start, arg_end))
            if argument_uid is not None:
                arguments.append(EventArgument(event.uid, argument_uid, role))
    tags = [
        DocTag(label, Origin.SUGGESTED, State.PENDING, round(confidence, 4), source,
               tuple(Evidence(s, e) for s, e in evidence))
        for label, confidence, source, evidence in doc.user_data.get(TAG_INFO, [])
    ]
    spans = link_spans(doc.text, spans)  # actor ids; DATE values once a date is known
    return Suggestion(spans=spans, arguments=arguments, tags=tags)
