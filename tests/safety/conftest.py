"""Shared fixtures of the safety tests: a rule suggester and a small project."""

from __future__ import annotations

import pytest

from jkannotate.core.model import AnnotatedDocument, Document
from jkannotate.nlp import Suggester

TEXTS = [
    "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol in Seoul "
    f"on Monday to discuss forced labour compensation and export controls (report {n})."
    for n in range(40)
]


@pytest.fixture(scope="session")
def rules() -> Suggester:
    return Suggester.load_rules()


def documents(count: int) -> list[AnnotatedDocument]:
    return [AnnotatedDocument(Document(text)) for text in TEXTS[:count]]
