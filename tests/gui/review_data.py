"""A review project: three annotators who agree on some spans and tags and not on others."""

from __future__ import annotations

from pathlib import Path

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    EventArgument,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
)
from jkannotate.operations.team import add_user
from jkannotate.project import Project
from tests.gui.conftest import build_items

# per document: annotator -> (status, spans (surface, label[, kind]), tags, arguments)
PLAN: dict[int, dict[str, tuple[str, list[tuple[str, ...]], list[str], list[tuple[str, ...]]]]] = {
    0: {
        "alice": (
            "done",
            [
                ("Seoul", "GPE"),
                ("Tokyo", "GPE"),
                ("Friday", "DATE"),
                ("Busan", "GPE"),
                ("talks", "MEETING", "event"),
            ],
            ["EXPORT_CONTROLS"],
            [("talks", "place", "Busan")],
        ),
        "bob": (
            "done",
            [("Seoul", "GPE"), ("Tokyo", "ORG"), ("Friday", "DATE"), ("South Korea", "GPE")],
            ["EXPORT_CONTROLS", "TRADE_DISPUTE"],
            [],
        ),
        "cy": (
            "done",
            [
                ("Seoul", "GPE"),
                ("Tokyo", "GPE"),
                ("Busan", "GPE"),
                ("South Korea", "GPE"),
                ("talks", "MEETING", "event"),
            ],
            ["EXPORT_CONTROLS"],
            [],
        ),
    },
    1: {
        "alice": ("done", [("Kishida", "PERSON"), ("Yoon Suk Yeol", "PERSON")], [], []),
        "bob": ("in_progress", [("Kishida", "PERSON")], [], []),
    },
    2: {
        "alice": ("done", [("Jeju Island", "LOC"), ("Japan", "GPE")], [], []),
        "bob": ("done", [("Jeju Island", "GPE"), ("Japan", "GPE")], [], []),
    },
}


def annotator_layer(text: str, owner: str, plan: tuple) -> Layer:  # type: ignore[type-arg]
    status, spans, tags, arguments = plan
    made: dict[str, Span] = {}
    for entry in spans:
        surface, label = entry[0], entry[1]
        kind = LabelKind(entry[2]) if len(entry) > 2 else LabelKind.ENTITY
        start = text.index(surface)
        made[surface] = Span(start, start + len(surface), label, kind=kind)
    links = [EventArgument(made[e].uid, made[a].uid, role) for e, role, a in arguments]
    return Layer(
        None,
        LayerKind.ANNOTATOR,
        owner,
        LayerStatus(status),
        spans=list(made.values()),
        arguments=links,
        tags=[DocTag(t) for t in tags],
    )


def build_review_db(db: Path, *, users: bool = True) -> Path:
    """The test corpus with the suggestions and three annotators' layers; with ``users``,
    ``rev`` is a reviewer and alice, bob and cy annotators."""
    items: list[AnnotatedDocument] = build_items()
    for number, item in enumerate(items):
        for owner, plan in PLAN.get(number, {}).items():
            item.layers.append(annotator_layer(item.document.text, owner, plan))
    with Project.open(db, user="rev") as project:
        project.import_documents(items)
        if users:
            add_user(project, "rev", "admin")
            for name in ("alice", "bob", "cy"):
                add_user(project, name, "annotator")
    return db
