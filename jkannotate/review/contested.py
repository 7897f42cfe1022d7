"""Contested terms (``resources/contested_terms.yml``): which words a text uses for the
things outlets name differently (Dokdo/Takeshima, East Sea/Sea of Japan, …)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from jkannotate.core.errors import InputError
from jkannotate.core.resources import resource_path


@dataclass(frozen=True, slots=True)
class TermUse:
    start: int
    end: int
    term: str
    concept: str
    usage: str


@dataclass(frozen=True, slots=True)
class ContestedTerms:
    descriptions: dict[str, str]
    pattern: re.Pattern[str]
    variants: dict[str, tuple[str, str, str]]  # lower-cased term -> (term, concept, usage)

    def find(self, text: str) -> list[TermUse]:
        """Every use in ``text``, longest variant first at each position, in text order."""
        found = []
        for match in self.pattern.finditer(text):
            term, concept, usage = self.variants[match.group(0).lower()]
            found.append(TermUse(match.start(), match.end(), term, concept, usage))
        return found


def _variant_pattern(term: str) -> str:
    body = re.escape(term).replace(r"\ ", r"\s+")
    return rf"\b{body}\b" if term.isascii() else body


def load_contested(path: Path | None = None) -> ContestedTerms:
    source = Path(path) if path else resource_path("contested_terms.yml")
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))["concepts"]
        variants: dict[str, tuple[str, str, str]] = {}
        for concept, entry in data.items():
            for variant in entry["variants"]:
                term = str(variant["term"])
                variants[term.lower()] = (term, concept, str(variant["usage"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise InputError(f"cannot read the contested terms: {error}", str(source)) from error
    ordered = sorted(variants, key=len, reverse=True)
    pattern = re.compile("|".join(_variant_pattern(variants[t][0]) for t in ordered), re.I)
    return ContestedTerms({c: str(e.get("description", "")) for c, e in data.items()},
                          pattern, variants)


@lru_cache(maxsize=1)
def shipped_contested() -> ContestedTerms:
    return load_contested()
