"""A small project for the project memory: three texts about one company and the Blue
House, each with the suggester's layer (Seoul as GPE, the Blue House as ORG; Hanbit
Ceramics unknown to it)."""

from __future__ import annotations

from jkannotate.core.model import (
    AnnotatedDocument,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.project import Project

TEXTS = [
    "Officials of Hanbit Ceramics met the plaintiffs in Seoul. The Blue House declined to comment.",
    "Hanbit Ceramics said on Monday it would not pay. The Blue House said Seoul was patient.",
    "Lawyers for the plaintiffs asked Hanbit Ceramics to talk. The Blue House was silent.",
]


def suggestion(text: str) -> Layer:
    """Machine suggestions: Seoul as GPE, the Blue House as ORG; Hanbit Ceramics unknown."""
    spans = []
    for surface, label in (("Seoul", "GPE"), ("Blue House", "ORG")):
        if surface in text:
            start = text.index(surface)
            spans.append(Span(start, start + len(surface), label, LabelKind.ENTITY,
                              Origin.SUGGESTED, State.PENDING, 0.9, "rule:gazetteer"))
    return Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)


def build_project(db_url: str, count: int = len(TEXTS)) -> str:
    """The first ``count`` texts imported by alice with their suggestions; returns the URL."""
    with Project.open(db_url, user="alice") as project:
        project.import_documents(
            [AnnotatedDocument(Document(t, title=f"doc {i}"), [suggestion(t)])
             for i, t in enumerate(TEXTS[:count])]
        )
    return db_url
