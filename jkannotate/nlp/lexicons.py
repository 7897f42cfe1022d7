"""The suggester's domain data from ``resources/``: gazetteer, patterns, triggers, cues.

Pure Python (no spaCy): the spaCy components turn these into matchers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from jkannotate.core.errors import InputError
from jkannotate.core.resources import resources_dir
from jkannotate.nlp.cues import CueLexicon, parse_cues

GAZETTEER_FILE = "gazetteer.yml"
ENTITY_PATTERNS_FILE = "entity_patterns.yml"
TRIGGERS_FILE = "triggers.yml"
ISSUE_CUES_FILE = "issue_cues.yml"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A known name: canonical id, entity label and every surface form that names it."""

    id: str
    label: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TriggerPattern:
    """One Matcher pattern for an event label, with its confidence and firing conditions."""

    label: str
    name: str
    pattern: list[dict[str, Any]]
    confidence: float
    trigger: tuple[int | None, int | None] | None = None
    context: frozenset[str] = frozenset()
    not_next: frozenset[str] = frozenset()
    not_prev: frozenset[str] = frozenset()


@dataclass(slots=True)
class Lexicons:
    gazetteer: list[GazetteerEntry]
    entity_patterns: dict[str, dict[str, list[dict[str, Any]]]]  # label -> name -> pattern
    triggers: list[TriggerPattern]
    cues: CueLexicon  # issue label -> cue surface -> (weight, canonical cue); implies
    aliases: frozenset[str] = field(default_factory=frozenset)


def slug(name: str) -> str:
    """``"Moon Jae-in"`` -> ``"moon_jae_in"``: the canonical id of a gazetteer entry."""
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def korean_name_variants(name: str) -> set[str]:
    """Romanisation variants of a three-part Korean name: "Yoon Suk Yeol" <-> "Yoon Suk-yeol"."""
    parts = name.replace("-", " ").split()
    if len(parts) != 3 or not all(p[:1].isupper() or p[:1].islower() for p in parts):
        return set()
    family, first, second = parts[0], parts[1].capitalize(), parts[2]
    return {
        f"{family} {first}-{second.lower()}",
        f"{family} {first} {second.capitalize()}",
        f"{family} {first}-{second.capitalize()}",
    }


def _read_yaml(directory: Path, name: str) -> Any:
    path = directory / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputError(f"cannot read suggester resource: {error}", str(path)) from error


def _expand_sets(value: Any, sets: dict[str, list[Any]]) -> Any:
    """Replace ``"$name"`` strings by the word list ``sets[name]``, recursively."""
    if isinstance(value, str) and value.startswith("$") and value[1:] in sets:
        return list(sets[value[1:]])
    if isinstance(value, list):
        return [_expand_sets(item, sets) for item in value]
    if isinstance(value, dict):
        return {key: _expand_sets(item, sets) for key, item in value.items()}
    return value


def read_gazetteer(directory: Path) -> list[GazetteerEntry]:
    data = _read_yaml(directory, GAZETTEER_FILE) or {}
    entries: list[GazetteerEntry] = []
    for label, lines in data.items():
        for line in lines or []:
            names = [part.strip() for part in str(line).split("|") if part.strip()]
            aliases = set(names)
            if label == "PERSON":
                for alias in names:
                    aliases |= korean_name_variants(alias)
            if label in ("GPE", "LOC"):
                aliases |= {alias.upper() for alias in names if len(alias) > 3}
            entries.append(
                GazetteerEntry(slug(names[0]), str(label), names[0], tuple(sorted(aliases)))
            )
    return entries


def read_entity_patterns(directory: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    data = _read_yaml(directory, ENTITY_PATTERNS_FILE) or {}
    sets = data.pop("sets", {}) or {}
    return {label: _expand_sets(patterns, sets) for label, patterns in data.items()}


def read_triggers(directory: Path) -> list[TriggerPattern]:
    data = _read_yaml(directory, TRIGGERS_FILE) or {}
    sets = data.pop("sets", {}) or {}
    triggers: list[TriggerPattern] = []
    for label, patterns in data.items():
        for name, spec in (patterns or {}).items():
            spec = _expand_sets(spec, sets)
            window = spec.get("trigger")
            triggers.append(
                TriggerPattern(
                    label=str(label),
                    name=str(name),
                    pattern=spec["pattern"],
                    confidence=float(spec.get("confidence", 0.6)),
                    trigger=(window[0], window[1]) if window else None,
                    context=frozenset(str(w).lower() for w in spec.get("context", []) or []),
                    not_next=frozenset(str(w).lower() for w in spec.get("not_next", []) or []),
                    not_prev=frozenset(str(w).lower() for w in spec.get("not_prev", []) or []),
                )
            )
    return triggers


def read_cues(directory: Path) -> CueLexicon:
    return parse_cues(_read_yaml(directory, ISSUE_CUES_FILE))


@lru_cache(maxsize=4)
def load_lexicons(directory: str | None = None) -> Lexicons:
    """All suggester data from ``directory`` (default: the shipped ``resources/``), cached."""
    where = Path(directory) if directory else resources_dir()
    gazetteer = read_gazetteer(where)
    return Lexicons(
        gazetteer=gazetteer,
        entity_patterns=read_entity_patterns(where),
        triggers=read_triggers(where),
        cues=read_cues(where),
        aliases=frozenset(alias for entry in gazetteer for alias in entry.aliases),
    )
