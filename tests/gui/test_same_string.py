"""Label or reject every occurrence of a span's text at once: real keys, one transaction,
one undo step; whole words only in spaced scripts, anywhere in unspaced ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from jkannotate.core.model import (
    AnnotatedDocument,
    Document,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.gui.same_string import occurrences
from jkannotate.project import Project
from tests.gui.conftest import stored_layer

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TEXT = (
    "Kishida met Yoon in Tokyo. Later Kishida said Tokyo would wait, "
    "and Kishida's aides denied Kishidaism."
)


def suggestion(start: int, label: str, length: int) -> Span:
    return Span(
        start,
        start + length,
        label,
        origin=Origin.SUGGESTED,
        state=State.PENDING,
        confidence=0.7,
        source="test",
    )


@pytest.fixture
def same_window(qtbot, db_path: Path, settings):  # type: ignore[no-untyped-def]
    from jkannotate.gui.app import open_window

    first, second = TEXT.index("Kishida"), TEXT.index("Kishida", 5)
    tokyo = TEXT.index("Tokyo")
    spans = [
        suggestion(first, "PERSON", 7),
        suggestion(second, "ORG", 7),
        suggestion(tokyo, "GPE", 5),
        suggestion(TEXT.index("Tokyo", tokyo + 1), "GPE", 5),
    ]
    with Project.open(db_path, user="tester") as project:
        project.import_documents(
            [
                AnnotatedDocument(
                    Document(TEXT, title="Same names"),
                    [Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)],
                )
            ]
        )
    project = Project.open(db_path, user="tester")
    window = open_window(project, 1, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    window.view.setFocus()
    yield window
    window.close()
    project.close()


def surfaces(layer) -> list[tuple[int, str, str, State]]:
    return sorted((s.start, TEXT[s.start : s.end], s.label, s.state) for s in layer.spans)


def test_occurrences_are_whole_words_except_in_unspaced_scripts():
    assert [TEXT[a:b] for a, b in occurrences(TEXT, "Kishida")] == ["Kishida"] * 3
    assert occurrences("尹錫悦大統領と尹錫悦氏", "尹錫悦") == [(0, 3), (7, 10)]
    assert occurrences("윤석열은 윤석열과", "윤석열") == [(0, 3), (5, 8)]
    assert occurrences("a  b", "  ") == []


def test_label_all_then_one_undo(qtbot, same_window, db_path):
    before = stored_layer(db_path)
    qtbot.keyClick(same_window.view, K.Key_L, CTRL | SHIFT)  # current: the first Kishida
    after = stored_layer(db_path)
    kishidas = [s for s in surfaces(after) if s[1] == "Kishida"]
    assert [(s[2], s[3]) for s in kishidas] == [("PERSON", State.ACCEPTED)] * 3
    assert after.version == before.version + 1  # one transaction
    assert "3 × “Kishida”" in same_window.status.message.text()
    assert sum(1 for s in surfaces(after) if s[1] == "Tokyo" and s[3] is State.PENDING) == 2
    qtbot.keyClick(same_window.view, K.Key_Z, CTRL)  # one undo step takes it all back
    assert surfaces(stored_layer(db_path)) == surfaces(before)
    assert len(same_window.view.index.by_uid) == len(before.spans)


def test_reject_all_of_a_string(qtbot, same_window, db_path):
    qtbot.keyClick(same_window.view, K.Key_Tab)
    span = same_window.session.span(same_window.view.current_uid)
    assert TEXT[span.start : span.end] == "Tokyo"
    qtbot.keyClick(same_window.view, K.Key_X, CTRL | SHIFT)
    states = [s[3] for s in surfaces(stored_layer(db_path)) if s[1] == "Tokyo"]
    assert states == [State.REJECTED, State.REJECTED]
    kishidas = [s[3] for s in surfaces(stored_layer(db_path)) if s[1] == "Kishida"]
    assert kishidas == [State.PENDING, State.PENDING]
