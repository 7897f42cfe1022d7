"""Clauses without a parser: the stretch of a sentence around a trigger that its time belongs to.

A clause ends at punctuation (, ; : dashes, brackets, quotes) and before words that join or
open another clause ("and", "but", "while", "which", "that", "after"...), except inside an
entity ("March 10, 2022", "between 1940 and 1945"). A date phrase that opens the sentence and
is set off by a comma ("On Friday, Seoul urged ...", "Late in September, a court ordered ...")
belongs to the clause that follows it.
"""

from __future__ import annotations

from spacy.tokens import Span

BOUNDARY_PUNCT = frozenset({",", ";", ":", "—", "–", "--", "(", ")", "“", "”", '"'})
BOUNDARY_WORDS = frozenset({
    "and", "but", "while", "whereas", "which", "who", "whom", "that", "after", "before",
    "when", "as", "because", "although", "though", "since", "until", "if", "whether",
})
# words that may stand with the date in a fronted phrase: "Late in September,", "On Friday,"
FRONTED_WORDS = frozenset({"on", "in", "late", "early", "earlier", "later", "last", "by",
                           "at", "during", "the", "of", "since", "from", "this"})


def _boundaries(sentence: Span, dates: list[Span]) -> list[bool]:
    """Per sentence token: does a clause boundary stand here (the token itself is outside)."""
    doc = sentence.doc
    inside = bytearray(len(sentence))
    for ent in list(sentence.ents) + dates:
        for i in range(max(ent.start, sentence.start), min(ent.end, sentence.end)):
            inside[i - sentence.start] = 1
    marks = []
    for offset, token in enumerate(doc[sentence.start:sentence.end]):
        boundary = not inside[offset] and (
            token.text in BOUNDARY_PUNCT or token.lower_ in BOUNDARY_WORDS
            or (token.is_space and "\n" in token.text)
        )
        marks.append(boundary)
    return marks


def clause_of(trigger: Span, marks: list[bool]) -> tuple[int, int]:
    """Token range (doc indices) of the trigger's clause within its sentence."""
    sentence = trigger.sent
    start = trigger.start
    while start > sentence.start and not marks[start - 1 - sentence.start]:
        start -= 1
    end = trigger.end
    while end < sentence.end and not marks[end - sentence.start]:
        end += 1
    return start, end


def _fronted_date(sentence: Span, marks: list[bool], dates: list[Span]) -> Span | None:
    """The date of an opening phrase set off by a comma: "On Friday, ..."."""
    first = next((i for i, mark in enumerate(marks) if mark), None)
    if first is None or sentence.doc[sentence.start + first].text != ",":
        return None
    head = sentence.start + first
    opening = [d for d in dates if sentence.start <= d.start and d.end <= head]
    if len(opening) != 1:
        return None
    date = opening[0]
    rest = [t for t in sentence.doc[sentence.start:head]
            if not date.start <= t.i < date.end]
    return date if all(t.lower_ in FRONTED_WORDS for t in rest) else None


def clause_dates(trigger: Span, dates: list[Span]) -> list[Span]:
    """Dates of the trigger's sentence that belong to its clause (or a fronted date phrase)."""
    if not dates:
        return []
    sentence = trigger.sent
    marks = _boundaries(sentence, dates)
    start, end = clause_of(trigger, marks)
    inside = [d for d in dates if start <= d.start and d.end <= end]
    if inside:
        return inside
    fronted = _fronted_date(sentence, marks, dates)
    if fronted is None:
        return []
    head = next(i for i, mark in enumerate(marks) if mark) + sentence.start
    # the fronted date governs the clause right after its comma
    after_start, _ = clause_of(sentence.doc[head + 1:head + 2], marks) if head + 1 < sentence.end \
        else (end, end)
    return [fronted] if start == after_start else []
