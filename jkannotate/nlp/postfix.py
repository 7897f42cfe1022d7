"""Convention fixes applied to every entity candidate, from rules or from a statistical model.

OntoNotes as spaCy's English models apply it: no leading "the", no trailing possessive, no
titles in PERSON, Korean names keep their hyphenated part ("Moon Jae-in", not "Moon Jae"),
photo credits ("Eugene Hoshiko/Pool") are not entities, lower-case generic phrases are not
names. Each fix looks only at the span and a few characters around it: linear overall.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jkannotate.nlp.candidates import MODEL, Candidate
from jkannotate.nlp.name_shapes import TITLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "DATE", "LAW", "MONEY", "EVENT"})
LABEL_MAP = {"FAC": "LOC"}  # OntoNotes labels outside the scheme that still name a place
POSSESSIVES = frozenset({"'s", "’s", "'", "’", "'S", "’S", "´s", "`s", "′s", "‘s", "´", "`", "′"})
LEADING_ARTICLES = frozenset({"the", "The", "THE"})
LOWERCASE_LABELS = frozenset({"DATE", "MONEY"})
CREDIT_AFTER = re.compile(
    r"\s?/\s?(?:Pool|AP|AFP|Reuters|Yonhap|Kyodo|Getty|EPA|Bloomberg|Xinhua|News1|Newsis|"
    r"Handout|Photo|Pool Photo|Jiji|NurPhoto|SOPA)\b"
)
CREDIT_BEFORE = re.compile(
    r"(?:(?:Photo|Photograph|File|Credit|Courtesy|Image)\s?(?:by)?\s?[/:]?|"
    r"(?:AP|AFP|EPA|Reuters|Yonhap|Getty Images|Kyodo)\s(?:Photo)?\s?/)\s?$"
)


def is_credit(doc: Doc, start_char: int, end_char: int, text: str | None = None) -> bool:
    """A name in a photo credit: "Eugene Hoshiko/Pool", "(AP Photo/Ahn Young-joon)".

    ``text`` is ``doc.text`` when the caller has it (``Doc.text`` joins every token per call).
    """
    text = doc.text if text is None else text
    return bool(
        CREDIT_AFTER.match(text, end_char, min(len(text), end_char + 24))
        or CREDIT_BEFORE.search(text[max(0, start_char - 24):start_char])
    )


def normalise(doc: Doc, cand: Candidate, aliases: frozenset[str],
              text: str | None = None) -> Candidate | None:
    """The candidate following the conventions, or None when it is not an entity at all."""
    label = LABEL_MAP.get(cand.label, cand.label)
    if label not in ENTITY_LABELS:
        return None
    start, end = cand.start, cand.end
    if doc[start:end].text not in aliases:
        while start < end and doc[start].text in LEADING_ARTICLES:
            start += 1
    while end > start and doc[end - 1].text in POSSESSIVES:
        end -= 1
    if label == "PERSON":
        while end - start > 1 and doc[start].text in TITLE_WORDS:
            start += 1
        # the hyphenated part of a romanised name: "Moon Jae" + "-in"
        while (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
               and not doc[end].whitespace_ and doc[end + 1].is_alpha
               and doc[end + 1].text[:1].islower()):
            end += 2
    if start >= end:
        return None
    span = doc[start:end]
    if cand.priority == MODEL:
        if label not in LOWERCASE_LABELS and not any(t.text[:1].isupper() for t in span):
            return None  # "the foreign ministry": a generic phrase, not a name
        if any(t.text in POSSESSIVES for t in span):
            return None  # "Japan’s World War II": two entities glued together
    if label in ("PERSON", "ORG") and is_credit(doc, span.start_char, span.end_char, text):
        return None
    if start == cand.start and end == cand.end and label == cand.label:
        return cand
    return Candidate(start, end, label, cand.source, cand.confidence, cand.priority)
