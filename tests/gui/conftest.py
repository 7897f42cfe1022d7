"""A small project with suggestions, an isolated QSettings file and a shown window."""

from __future__ import annotations

from pathlib import Path

import pytest

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    Evidence,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.project import Project

REPO_ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    (
        "Seoul presses Tokyo over curbs",
        "Seoul urged Tokyo on Friday to lift the export curbs, South Korea’s ministry said.\n\n"
        "Officials from both countries will hold talks in Busan next week.",
    ),
    (
        "Leaders speak by phone 🇯🇵🇰🇷",
        "📞 首脳 Kishida spoke with Yoon Suk Yeol by phone on Monday about North Korea.",
    ),
    ("Trilateral drills", "Japan, South Korea and the US held drills near Jeju Island."),
]


def suggested(text: str, surface: str, label: str, kind: str = "entity") -> Span:
    start = text.index(surface)
    from jkannotate.core.model import LabelKind

    return Span(
        start,
        start + len(surface),
        label,
        kind=LabelKind(kind),
        origin=Origin.SUGGESTED,
        state=State.PENDING,
        confidence=0.8,
        source="test",
    )


def build_items() -> list[AnnotatedDocument]:
    items = []
    for number, (title, text) in enumerate(TEXTS):
        plan = [
            [
                ("Seoul", "GPE"),
                ("Tokyo", "GPE"),
                ("Friday", "DATE"),
                ("urged", "STATEMENT", "event"),
            ],
            [("Kishida", "PERSON"), ("Yoon Suk Yeol", "PERSON")],
            [("Jeju Island", "LOC")],
        ][number]
        spans = [suggested(text, *entry) for entry in plan]
        tags = []
        if number == 0:
            at = text.index("export curbs")
            tags = [
                DocTag(
                    "EXPORT_CONTROLS",
                    Origin.SUGGESTED,
                    State.PENDING,
                    0.9,
                    "test",
                    (Evidence(at, at + 12),),
                )
            ]
        layer = Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans, tags=tags)
        items.append(
            AnnotatedDocument(
                Document(text, title=title, outlet="Test Wire", published=f"2024-05-0{number + 1}"),
                [layer],
            )
        )
    return items


@pytest.fixture
def project_db(db_path: Path) -> Path:
    with Project.open(db_path, user="tester") as project:
        project.import_documents(build_items())
    return db_path


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, project_db: Path, settings):  # type: ignore[no-untyped-def]
    from jkannotate.gui.app import open_window

    project = Project.open(project_db, user="tester")
    win = open_window(project, 1, settings)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    win.view.setFocus()
    yield win
    win.close()
    project.close()


def stored_layer(db: Path, doc_id: int = 1, owner: str = "tester") -> Layer:
    """The annotator's layer as a second, independent connection sees it."""
    with Project.open(db, user=owner) as other:
        layer = other.store.layers.get(doc_id, LayerKind.ANNOTATOR, owner)
    assert layer is not None
    return layer
