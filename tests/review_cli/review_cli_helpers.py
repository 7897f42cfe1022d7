"""A small team project on a real SQLite file: articles in several outlets' styles,
a suggestion layer, users with roles, and annotators' layers written through Project."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core.model import (
    SUGGESTER_OWNER,
    AnnotatedDocument,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.project import Project

ARTICLES = [
    (
        "Yonhap",
        "SEOUL, March 6 (Yonhap) -- South Korea on Monday announced a plan to compensate "
        "victims of wartime forced labour without contributions from Mitsubishi Heavy "
        "Industries, a step Tokyo welcomed.",
    ),
    (
        "Kyodo",
        "TOKYO (Kyodo) -- Prime Minister Fumio Kishida held a summit with President "
        "Yoon Suk Yeol in Tokyo on Thursday, the first such visit in 12 years.",
    ),
    (
        "The Korea Herald",
        "Tokyo tightened export controls on three semiconductor materials in July 2019, "
        "and Seoul filed a complaint with the World Trade Organization.",
    ),
    (
        "The Japan Times",
        "The Takeshima islets, known as Dokdo in South Korea, remain a source of friction; "
        "Japan lodged a protest after Korean lawmakers landed there.",
    ),
]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """The real CLI in-process: exit status, stdout, stderr."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def where(text: str, surface: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def suggestion(text: str, doc_id: int | None = None) -> Layer:
    """The suggester's layer: the first capital it finds, as a pending GPE."""
    capitals = [where(text, name) for name in ("Tokyo", "Japan", "Seoul") if name in text][:1]
    return Layer(
        doc_id,
        LayerKind.SUGGESTION,
        SUGGESTER_OWNER,
        LayerStatus.DONE,
        spans=[
            Span(start, end, "GPE", LabelKind.ENTITY, Origin.SUGGESTED, State.PENDING, 0.9, "rule")
            for start, end in capitals
        ],
    )


def new_project(db: Path, articles: Sequence[tuple[str, str]] = ARTICLES) -> list[int]:
    """A single-user project with the articles and their suggestions; returns the ids."""
    items = [
        AnnotatedDocument(
            Document(text, title=f"{outlet} {index}", outlet=outlet), [suggestion(text)]
        )
        for index, (outlet, text) in enumerate(articles)
    ]
    with Project.open(db, user="setup") as project:
        return project.import_documents(items).added


def register(db: Path, roles: dict[str, str]) -> None:
    """Register the team as its first admin (once a project has an admin, only admins may)."""
    admin = next((name for name, role in roles.items() if role == "admin"), "setup")
    with Project.open(db, user=admin) as project:
        for name, role in roles.items():
            project.store.users.set_role(name, role)


TEAM = {
    "lead": "admin",
    "rita": "reviewer",
    "alice": "annotator",
    "bob": "annotator",
    "carol": "annotator",
}


def annotate(
    db: Path,
    user: str,
    doc_id: int,
    spans: Sequence[tuple[str, str] | tuple[str, str, int]],
    tags: Sequence[str] = (),
    status: LayerStatus = LayerStatus.DONE,
) -> Layer:
    """``user`` writes their own layer: (surface, label[, occurrence]) spans and tags."""
    with Project.open(db, user=user) as project:
        layer = project.open_layer(doc_id)
        text = project.document(doc_id).text
        for item in spans:
            surface, label = item[0], item[1]
            occurrence = item[2] if len(item) > 2 else 0
            project.add_span(layer, *where(text, surface, occurrence), label, exact=True)
        for tag in tags:
            project.set_tag(layer, tag)
        project.set_status(layer, status)
        return layer


def team_project(db: Path) -> list[int]:
    """Four articles; alice and bob finish three of them, carol two (the third unfinished).

    They agree on most names and disagree on a few labels and tags.
    """
    ids = new_project(db)
    register(db, TEAM)
    d1, d2, d3, _d4 = ids
    annotate(
        db,
        "alice",
        d1,
        [("South Korea", "GPE"), ("Mitsubishi Heavy Industries", "ORG"), ("Tokyo", "GPE")],
        ["FORCED_LABOUR"],
    )
    annotate(
        db,
        "bob",
        d1,
        [("South Korea", "GPE"), ("Mitsubishi Heavy Industries", "ORG"), ("Tokyo", "ORG")],
        ["FORCED_LABOUR", "TREATY_1965"],
    )
    annotate(
        db, "carol", d1, [("South Korea", "GPE"), ("Mitsubishi Heavy", "ORG")], ["FORCED_LABOUR"]
    )
    annotate(
        db,
        "alice",
        d2,
        [("Fumio Kishida", "PERSON"), ("Yoon Suk Yeol", "PERSON"), ("summit", "MEETING")],
        ["SUMMIT_DIPLOMACY"],
    )
    annotate(
        db,
        "bob",
        d2,
        [("Fumio Kishida", "PERSON"), ("Yoon Suk Yeol", "PERSON"), ("summit", "MEETING")],
        ["SUMMIT_DIPLOMACY"],
    )
    annotate(db, "carol", d2, [("Fumio Kishida", "PERSON"), ("Tokyo", "GPE")], ["SUMMIT_DIPLOMACY"])
    annotate(
        db,
        "alice",
        d3,
        [("Tokyo", "GPE"), ("Seoul", "GPE"), ("World Trade Organization", "ORG")],
        ["EXPORT_CONTROLS"],
    )
    annotate(
        db,
        "bob",
        d3,
        [("Tokyo", "GPE"), ("Seoul", "GPE"), ("July 2019", "DATE")],
        ["EXPORT_CONTROLS", "TRADE_DISPUTE"],
    )
    annotate(db, "carol", d3, [("Tokyo", "GPE")], status=LayerStatus.IN_PROGRESS)
    return ids
