"""Long articles without paragraph breaks, and bulk edits on thousands of suggestions.

No timings here (those are in benchmarks/gui_bench.py): the tests check what makes them
fast and right. A flat article is cut into display blocks with every offset unchanged,
only what is shown is laid out, and accept-all is one transaction and one undo step.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from jkannotate.core.model import (
    AnnotatedDocument,
    Document,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.gui.app import open_window
from jkannotate.project import Project
from tests.gui.conftest import stored_layer

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SENTENCE = "Officials in Seoul said the talks in Tokyo would resume on Friday. "
FLAT = (SENTENCE * (100_000 // len(SENTENCE) + 1))[:100_000].rstrip() + " 🇰🇷 Busan ends."
UNSPACED = ("日本政府は韓国の尹錫悦大統領と会談した。" * 1000) + "釜山"


def pending(text: str, every: int) -> list[Span]:
    return [
        Span(at, at + 5, "GPE", origin=Origin.SUGGESTED, state=State.PENDING)
        for at in range(0, len(text) - 6, every)
    ]


@pytest.fixture
def long_db(db_path: Path) -> Path:
    items = [
        AnnotatedDocument(
            Document(text, title=title),
            [Layer(None, LayerKind.SUGGESTION, "suggester", spans=pending(text, every))],
        )
        for text, title, every in ((FLAT, "flat", 25), (UNSPACED, "unspaced", 33))
    ]
    with Project.open(db_path, user="tester") as project:
        project.import_documents(items)
    return db_path


@pytest.fixture
def long_window(qtbot, long_db, settings):  # type: ignore[no-untyped-def]
    project = Project.open(long_db, user="tester")
    window = open_window(project, 1, settings)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    yield window
    window.close()
    project.close()


def test_a_flat_article_is_laid_out_in_display_blocks_with_offsets_unchanged(
    qtbot, long_window, long_db
):
    view = long_window.view
    document = view.document()
    assert document.blockCount() > 40  # one paragraph of 100,000 characters, cut for display
    shown = document.toPlainText()
    assert len(shown) == len(FLAT)  # one space for one break: nothing moved
    assert shown.replace("\n", " ") == FLAT
    # only what is on screen is laid out, not the whole article
    laid_out, block = 0, document.firstBlock()
    while block.isValid():
        laid_out += block.layout().lineCount() > 0
        block = block.next()
    assert laid_out < document.blockCount() // 4
    # every span sits on its own characters
    for entry in list(view.index.by_uid.values())[::97]:
        cursor = view.textCursor()
        cursor.setPosition(entry.start16)
        cursor.setPosition(entry.end16, cursor.MoveMode.KeepAnchor)
        on_screen = cursor.selectedText().replace("\u2029", " ")
        assert on_screen == FLAT[entry.span.start : entry.span.end]
    # label a word at the very end (after an astral flag): the stored offsets are exact
    busan = FLAT.index("Busan")
    view.select_code_points(busan + 1, busan + 3)
    qtbot.keyClick(view, K.Key_L)
    made = [s for s in stored_layer(long_db).spans if s.label == "LOC"]
    assert [(s.start, s.end) for s in made] == [(busan, busan + 5)]
    # copying gives the stored text back, never the display breaks
    cut = next(i for i, ch in enumerate(shown) if ch == "\n")
    view.select_code_points(cut - 10, cut + 10)
    qtbot.keyClick(view, K.Key_C, CTRL)
    assert QApplication.clipboard().text() == FLAT[cut - 10 : cut + 10]
    assert "\n" not in QApplication.clipboard().text()


def test_unspaced_text_paints_and_labels_at_its_end(qtbot, long_window, long_db):
    long_window.open_document(2)
    view = long_window.view
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.viewport().repaint()
    at = UNSPACED.index("釜山")
    view.select_code_points(at, at + 2)
    qtbot.keyClick(view, K.Key_G)
    made = [s for s in stored_layer(long_db, 2).spans if s.origin is Origin.MANUAL]
    assert [(UNSPACED[s.start : s.end], s.label) for s in made] == [("釜山", "GPE")]


def test_accept_all_on_thousands_is_one_transaction_and_one_undo_step(qtbot, long_window, long_db):
    before = stored_layer(long_db)
    count = len(before.spans)
    assert count > 3000
    qtbot.keyClick(long_window.view, K.Key_Return, CTRL)
    after = stored_layer(long_db)
    assert [s.state for s in after.spans] == [State.ACCEPTED] * count
    assert after.version == before.version + 1  # one transaction
    assert long_window.session.can_undo and not long_window.session.can_redo
    assert {v.span.state for v in long_window.view.index.by_uid.values()} == {State.ACCEPTED}
    qtbot.keyClick(long_window.view, K.Key_Z, CTRL)
    undone = stored_layer(long_db)
    assert [s.state for s in undone.spans] == [State.PENDING] * count
    assert undone.version == before.version + 2
    assert {v.span.state for v in long_window.view.index.by_uid.values()} == {State.PENDING}
    assert long_window.side.spans.source.rowCount() == count
