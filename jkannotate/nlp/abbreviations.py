"""Abbreviations a text defines in parentheses: "Nippon Steel & Sumitomo Metal (NSSM)".

The long form is found as Schwartz and Hearst (2003) find it: the abbreviation's letters and
digits appear in order in the words right before the parenthesis, its first letter at the
start of a word, and the long form is the shortest run of words that holds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]{1,9})\s*\)")
_SENTENCE_END = re.compile(r"[.!?;:]\s+(?=[A-Z“\"])|\n")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Abbreviation:
    short: str
    long_start: int  # the long form text[long_start:long_end]
    long_end: int
    defined_at: int  # the opening parenthesis: the short form means the long one from here


def long_form(short: str, words: str) -> int | None:
    """Where in ``words`` the shortest long form of ``short`` starts, or None."""
    letters = [c.lower() for c in short if c.isalnum()]
    if len(letters) < 2:
        return None
    at = len(words) - 1
    for index in range(len(letters) - 1, -1, -1):
        wanted = letters[index]
        while at >= 0 and (words[at].lower() != wanted
                           or (index == 0 and at > 0 and words[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return None
        at -= 1
    return at + 1


def defined_abbreviations(text: str) -> list[Abbreviation]:
    """Every "(ABBR)" of ``text`` right after words it abbreviates, in text order."""
    found: list[Abbreviation] = []
    for match in _DEFINED.finditer(text):
        short = match[1].rstrip(".")
        if sum(c.isupper() for c in short) < 2:
            continue  # "(left)", "(Reuters)" are not abbreviations
        before = text[max(0, match.start() - 200) : match.start()]
        ends = [m.end() for m in _SENTENCE_END.finditer(before)]
        clause = before[ends[-1] if ends else 0 :]
        words = list(_WORD.finditer(clause))
        limit = min(len(short) + 5, 2 * len(short))
        window_start = words[-limit].start() if len(words) > limit else 0
        window = clause[window_start:].rstrip()
        start = long_form(short, window)
        if start is None:
            continue
        offset = match.start() - len(clause) + window_start
        found.append(Abbreviation(short, offset + start, offset + len(window), match.start()))
    return found
