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


def annotated(count: int, owner: str = "ann") -> list[AnnotatedDocument]:
    """Documents with a finished annotator layer: "Japanese" as NORP, "Seoul" as GPE."""
    from jkannotate.core.model import LabelKind, Layer, LayerKind, LayerStatus, Span

    items = []
    for text in TEXTS[:count]:
        seoul = text.index("Seoul")
        spans = [Span(0, 8, "NORP", LabelKind.ENTITY), Span(seoul, seoul + 5, "GPE")]
        layer = Layer(None, LayerKind.ANNOTATOR, owner, LayerStatus.DONE, spans=spans)
        items.append(AnnotatedDocument(Document(text), [layer]))
    return items


def make_project(path, count: int = 10):  # type: ignore[no-untyped-def]
    """A SQLite project of ``count`` documents finished by ``ann``; returns its path."""
    from jkannotate.project import Project

    with Project.open(path) as project:
        project.import_documents(annotated(count))
    return path
