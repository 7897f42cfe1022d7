"""Issue cue lexicons from ``resources/issue_cues.yml``: cues with weights, their variants, and
the "implies" links between labels. Pure Python (no spaCy).

A cue is listed once; :func:`cue_variants` adds the other spelling (labour/labor,
mobilise/mobilize, defence/defense, ...) and the plural or singular of its last word, so the
lexicon stays short and still matches the wording of other outlets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# British <-> American spellings, as (British, American) word-part pairs
SPELLINGS = (
    ("labour", "labor"), ("favour", "favor"), ("honour", "honor"), ("neighbour", "neighbor"),
    ("defence", "defense"), ("licence", "license"), ("programme", "program"),
)
# -ise/-ize verbs and their -isation/-ization nouns ("mobilised", "normalization")
_ISE = re.compile(r"(\w{4,})is(e|ed|es|ing|ation|ations)\b")
_IZE = re.compile(r"(\w{4,})iz(e|ed|es|ing|ation|ations)\b")


@dataclass(slots=True)
class CueLexicon:
    """label -> cue phrase (lower case) -> (weight, canonical cue); label -> label -> factor."""

    cues: dict[str, dict[str, tuple[float, str]]] = field(default_factory=dict)
    implies: dict[str, dict[str, float]] = field(default_factory=dict)


def _spellings(phrase: str) -> set[str]:
    forms = {phrase}
    for british, american in SPELLINGS:
        forms |= {form.replace(british, american) for form in forms}
        rest = british[len(american):] if british.startswith(american) else ""
        to_british = re.compile(re.escape(american) + (f"(?!{re.escape(rest)})" if rest else ""))
        forms |= {to_british.sub(british, form) for form in forms}
    forms |= {_ISE.sub(r"\1iz\2", form) for form in forms}
    forms |= {_IZE.sub(r"\1is\2", form) for form in forms}
    return forms


def _number_forms(phrase: str) -> set[str]:
    """The phrase with its last word in singular and plural (nouns only by shape)."""
    head, _, last = phrase.rpartition(" ")
    prefix = f"{head} " if head else ""
    if not last.isalpha() or len(last) < 4 or last.endswith(("ed", "ing", "ly")):
        return {phrase}
    if last.endswith("ies"):
        return {phrase, f"{prefix}{last[:-3]}y"}
    if last.endswith(("ss", "us", "is")):
        return {phrase, f"{prefix}{last}es"}
    if last.endswith("s"):
        return {phrase, f"{prefix}{last[:-1]}"}
    if last.endswith("y") and last[-2] not in "aeiou":
        return {phrase, f"{prefix}{last[:-1]}ies"}
    if last.endswith(("sh", "ch", "x")):
        return {phrase, f"{prefix}{last}es"}
    return {phrase, f"{prefix}{last}s"}


def cue_variants(cue: str) -> set[str]:
    """Every surface a listed cue also stands for: spellings times singular/plural."""
    return {form for spelled in _spellings(cue.lower()) for form in _number_forms(spelled)}


def parse_cues(data: Any) -> CueLexicon:
    """The lexicon from the YAML mapping; a listed cue beats a generated variant."""
    data = data or {}
    lexicon = CueLexicon()
    raw = data.get("cues", {}) if "cues" in data else data
    for label, cues in raw.items():
        listed = {str(cue).lower(): float(weight) for cue, weight in (cues or {}).items()}
        table: dict[str, tuple[float, str]] = {}
        for cue, weight in listed.items():
            for variant in cue_variants(cue):
                if variant not in listed and variant not in table:
                    table[variant] = (weight, cue)
            table[cue] = (weight, cue)
        lexicon.cues[str(label)] = table
    for source, targets in (data.get("implies", {}) or {}).items():
        lexicon.implies[str(source)] = {str(t): float(f) for t, f in (targets or {}).items()}
    return lexicon
