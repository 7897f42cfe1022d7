"""Notes: a burst of typing is one saved edit (one Ctrl+Z), and nothing typed is lost when
the document is left or the window closed (real key presses, a real SQLite project)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jkannotate.gui.side_panel import NOTES_PAUSE_MS
from tests.gui.conftest import stored_layer

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def type_notes(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    notes = window.side.notes
    window.side.bottom.setCurrentIndex(1)  # the Notes tab
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    qtbot.keyClicks(notes, text)


def test_a_burst_of_notes_is_one_undo_step(qtbot, window, project_db):
    assert NOTES_PAUSE_MS >= 3_000  # a pause to think is not the end of the burst
    type_notes(qtbot, window, "check the date")
    qtbot.wait(900)  # longer than a typing pause (the old autosave saved here)
    qtbot.keyClicks(window.side.notes, " of the talks")
    assert stored_layer(project_db).notes == ""  # not yet: still typing
    qtbot.keyClick(window.side.notes, K.Key_Tab)  # the keys leave the box: saved
    assert stored_layer(project_db).notes == "check the date of the talks"
    assert window.side.bottom.tabText(1) == "Notes ✎"
    window.view.setFocus()
    qtbot.keyClick(window.view, K.Key_Z, CTRL)  # one step takes the whole burst back
    assert stored_layer(project_db).notes == ""
    assert window.side.notes.toPlainText() == ""
    assert window.status.message.text().startswith("Undid: ")
    qtbot.keyClick(window.view, K.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert window.side.notes.toPlainText() == "check the date of the talks"


def test_notes_typed_are_kept_when_the_document_is_left(qtbot, window, project_db):
    type_notes(qtbot, window, "ask the desk")
    window.model.open_document(2)  # straight from the box, no pause
    assert stored_layer(project_db, 1).notes == "ask the desk"
    assert window.side.notes.toPlainText() == ""  # document 2's own notes
    type_notes(qtbot, window, "second")
    window.close()  # the window closes while the keys are still in the box
    assert stored_layer(project_db, 2).notes == "second"
