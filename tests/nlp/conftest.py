"""Shared fixtures: one rule-based suggester per test session (building it takes ~1 s)."""

from __future__ import annotations

import pytest

from jkannotate.core.model import LabelKind
from jkannotate.nlp import Suggester, Suggestion


@pytest.fixture(scope="session")
def rules() -> Suggester:
    return Suggester.load_rules()


def entities(text: str, suggestion: Suggestion) -> set[tuple[str, str]]:
    """(surface, label) of every suggested entity."""
    return {(text[s.start:s.end], s.label) for s in suggestion.spans
            if s.kind is LabelKind.ENTITY}
