"""PLOVER event types for this project's event labels (``resources/plover_mapping.yml``).

:func:`plover_event` gives the PLOVER event type and mode of a frame from its label and the
words of its trigger and clause; :data:`QUAD_NAMES` and :func:`quad_of` give the quad class
(1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from jkannotate.core.errors import InputError
from jkannotate.core.resources import resource_path, safe_yaml_loader

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


@dataclass(frozen=True, slots=True)
class Cue:
    words: tuple[str, ...]
    event: str
    mode: str | None
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class LabelRule:
    event: str
    mode: str | None
    cues: tuple[Cue, ...]


@dataclass(frozen=True, slots=True)
class PloverMapping:
    source: str
    quad: dict[str, int]
    labels: dict[str, LabelRule]
    contexts: dict[str, tuple[str, ...]]

    def event_of(
        self, label: str, trigger: str, clause: str = ""
    ) -> tuple[str, str | None] | None:
        """(PLOVER event, mode) for an event label; cues in the trigger win over the clause."""
        rule = self.labels.get(label)
        if rule is None:
            return None
        found = _cue_in(rule.cues, trigger.lower())
        if found is None and clause:
            found = _cue_in(rule.cues, clause.lower())
        return found or (rule.event, rule.mode)

    def quad_of(self, event: str) -> int | None:
        return self.quad.get(event)

    def contexts_of(self, tags: tuple[str, ...]) -> list[str]:
        found: list[str] = []
        for tag in tags:
            found.extend(c for c in self.contexts.get(tag, ()) if c not in found)
        return found


def _cue_in(cues: tuple[Cue, ...], text: str) -> tuple[str, str | None] | None:
    for cue in cues:
        if cue.pattern.search(text):
            return cue.event, cue.mode
    return None


def _cue(data: dict) -> Cue:
    words = tuple(str(w).lower() for w in data["words"])
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")")
    return Cue(words, str(data["event"]), data.get("mode"), pattern)


def load_mapping(path: Path | None = None) -> PloverMapping:
    source = Path(path) if path else resource_path("plover_mapping.yml")
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=safe_yaml_loader())
        labels = {
            label: LabelRule(str(rule["event"]), rule.get("mode"),
                             tuple(_cue(c) for c in rule.get("cues") or []))
            for label, rule in data["labels"].items()
        }
        return PloverMapping(
            source=str(data.get("source", "")),
            quad={event: int(value[0]) for event, value in data["quad"].items()},
            labels=labels,
            contexts={tag: tuple(v) for tag, v in (data.get("contexts") or {}).items()},
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise InputError(f"cannot read the PLOVER mapping: {error}", str(source)) from error


@lru_cache(maxsize=1)
def shipped_mapping() -> PloverMapping:
    return load_mapping()
