"""The keyboard never gets lost: focus comes back to the article, the queue is driven by
keys, the span list follows, find in document, jumps by label and by confidence."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from jkannotate.core.model import AnnotatedDocument, Document, Layer, LayerKind
from jkannotate.gui.app import open_window
from jkannotate.project import Project
from tests.gui.conftest import TEXTS, stored_layer, suggested

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def surface(window) -> str:  # type: ignore[no-untyped-def]
    span = window.session.span(window.view.current_uid)
    return window.session.document.text[span.start : span.end]


def test_closing_the_help_overlay_gives_the_keys_back_to_the_article(qtbot, window):
    qtbot.keyClick(window.view, K.Key_Question, SHIFT)
    assert window.help.isVisible()
    qtbot.keyClick(window.help, K.Key_Escape)
    assert not window.help.isVisible()
    assert window.focusWidget() is window.view
    qtbot.keyClick(window.focusWidget(), K.Key_Tab)  # the next key acts on the article
    assert surface(window) == "urged"
    assert window.queue.search.text() == ""


def test_the_queue_is_driven_from_the_keyboard(qtbot, window):
    qtbot.keyClick(window.view, K.Key_F, CTRL)
    assert window.focusWidget() is window.queue.search
    qtbot.keyClicks(window.queue.search, "drills")
    qtbot.keyClick(window.queue.search, K.Key_Return)  # Enter opens the first match
    assert window.current_document_id() == 3
    assert window.focusWidget() is window.view
    qtbot.keyClick(window.view, K.Key_F, CTRL)
    window.queue.search.clear()
    qtbot.keyClick(window.queue.search, K.Key_Down)  # into the list
    table = window.queue.table
    assert window.focusWidget() is table and table.currentIndex().row() == 0
    qtbot.keyClick(table, K.Key_Down)
    row = table.currentIndex().row()
    assert row == 1
    qtbot.keyClick(table, K.Key_Return)
    assert window.current_document_id() == window.queue.model.document_id(row)
    qtbot.keyClick(window.view, K.Key_F, CTRL)
    qtbot.keyClick(window.queue.search, K.Key_Escape)  # back to the article
    assert window.focusWidget() is window.view


def test_the_span_list_follows_the_current_span(qtbot, window):
    spans = window.side.spans
    for _ in range(3):
        qtbot.keyClick(window.view, K.Key_Tab)
        row = spans.currentIndex().row()
        assert spans.source.span_at(row).uid == window.view.current_uid


def test_find_in_document_selects_the_match_for_a_label_key(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Slash)
    find = window.pane.find
    assert find.isVisible() and window.focusWidget() is find.input
    qtbot.keyClicks(find.input, "busan")
    assert find.count.text() == "1 of 1"
    assert window.view.textCursor().selectedText() == "Busan"
    qtbot.keyClick(find.input, K.Key_Escape)
    assert not find.isVisible() and window.focusWidget() is window.view
    qtbot.keyClick(window.view, K.Key_G)
    text = TEXTS[0][1]
    assert ("Busan", "GPE") in [
        (text[s.start : s.end], s.label) for s in stored_layer(project_db).spans
    ]


def test_alt_down_goes_to_the_next_span_of_the_same_label(qtbot, window):
    assert surface(window) == "Seoul"
    qtbot.keyClick(window.view, K.Key_Down, ALT)
    assert surface(window) == "Tokyo"  # the next GPE, skipping the STATEMENT "urged"
    qtbot.keyClick(window.view, K.Key_Down, ALT)
    assert surface(window) == "Seoul"  # round again
    qtbot.keyClick(window.view, K.Key_Up, ALT)
    assert surface(window) == "Tokyo"


def test_ctrl_l_visits_suggestions_from_the_least_confident(qtbot, db_path, settings):
    text = "Kishida met Yoon in Seoul on Monday."
    spans = [
        replace(suggested(text, "Kishida", "PERSON"), confidence=0.9),
        replace(suggested(text, "Yoon", "PERSON"), confidence=0.3),
        replace(suggested(text, "Seoul", "GPE"), confidence=0.6),
    ]
    with Project.open(db_path, user="tester") as project:
        project.import_documents(
            [
                AnnotatedDocument(
                    Document(text), [Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)]
                )
            ]
        )
        window = open_window(project, 1, settings)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(window.isActiveWindow)
        window.view.setFocus()
        seen = []
        for _ in range(4):
            qtbot.keyClick(window.view, K.Key_L, CTRL)
            seen.append(surface(window))
        assert seen == ["Yoon", "Seoul", "Kishida", "Yoon"]
        assert "confidence 30%" in window.status.message.text()
        qtbot.keyClick(window.view, K.Key_X)  # reject Yoon; X moves on to Seoul (60%)
        assert surface(window) == "Seoul"
        qtbot.keyClick(window.view, K.Key_L, CTRL)  # the next least sure after Seoul
        assert surface(window) == "Kishida"
        qtbot.keyClick(window.view, K.Key_L, CTRL)  # Yoon is decided: round to Seoul
        assert surface(window) == "Seoul"
        window.close()
