"""Keyboard flows on the real window; each checks the database through a second connection."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jkannotate.core.model import LabelKind, LayerStatus, Origin, State
from tests.gui.conftest import TEXTS, stored_layer

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def by_surface(layer, text: str) -> dict[str, object]:
    return {text[s.start : s.end]: s for s in layer.spans}


def current_surface(window) -> str:
    span = window.session.span(window.view.current_uid)
    assert span is not None
    return window.session.document.text[span.start : span.end]


def test_opening_selects_the_first_pending_suggestion(window):
    assert current_surface(window) == "Seoul"


def test_label_key_on_selection_creates_a_span_snapped_to_words(qtbot, window, project_db):
    text = TEXTS[0][1]
    start = text.index("outh Kor")
    window.view.select_code_points(start, start + len("outh Kor"))
    qtbot.keyClick(window.view, K.Key_G)
    spans = by_surface(stored_layer(project_db), text)
    assert "South Korea" in spans
    made = spans["South Korea"]
    assert (made.label, made.origin, made.state) == ("GPE", Origin.MANUAL, State.ACCEPTED)


def test_shift_label_key_keeps_exact_characters(qtbot, window, project_db):
    text = TEXTS[0][1]
    start = text.index("outh Kor")
    window.view.select_code_points(start, start + len("outh Kor"))
    qtbot.keyClick(window.view, K.Key_G, SHIFT)
    assert by_surface(stored_layer(project_db), text)["outh Kor"].label == "GPE"


def test_tab_moves_and_label_key_relabels(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Tab)
    assert current_surface(window) == "urged"
    qtbot.keyClick(window.view, K.Key_Tab)
    assert current_surface(window) == "Tokyo"
    qtbot.keyClick(window.view, K.Key_O)
    tokyo = by_surface(stored_layer(project_db), TEXTS[0][1])["Tokyo"]
    assert (tokyo.label, tokyo.state) == ("ORG", State.ACCEPTED)
    qtbot.keyClick(window.view, K.Key_Backtab, SHIFT)
    assert current_surface(window) == "urged"


def test_enter_accepts_and_moves_on(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Return)
    layer = stored_layer(project_db)
    assert by_surface(layer, TEXTS[0][1])["Seoul"].state is State.ACCEPTED
    assert layer.status is LayerStatus.IN_PROGRESS
    assert current_surface(window) == "urged"
    qtbot.keyClick(window.view, K.Key_A)
    assert by_surface(stored_layer(project_db), TEXTS[0][1])["urged"].state is State.ACCEPTED


def test_x_rejects_and_rejected_spans_are_hidden_until_toggled(qtbot, window, project_db):
    uid = window.view.current_uid
    qtbot.keyClick(window.view, K.Key_X)
    assert by_surface(stored_layer(project_db), TEXTS[0][1])["Seoul"].state is State.REJECTED
    entry = window.view.index.by_uid[uid]
    assert not window.view._drawn(entry)
    qtbot.keyClick(window.view, K.Key_H, CTRL)
    assert window.view._drawn(entry)


def test_ctrl_enter_accepts_all(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Return, CTRL)
    states = {s.state for s in stored_layer(project_db).spans}
    assert states == {State.ACCEPTED}


def test_undo_and_redo_restore_the_database(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_P)  # Seoul: GPE → PERSON
    text = TEXTS[0][1]
    assert by_surface(stored_layer(project_db), text)["Seoul"].label == "PERSON"
    qtbot.keyClick(window.view, K.Key_Z, CTRL)
    seoul = by_surface(stored_layer(project_db), text)["Seoul"]
    assert (seoul.label, seoul.state) == ("GPE", State.PENDING)
    assert stored_layer(project_db).status is LayerStatus.TODO
    qtbot.keyClick(window.view, K.Key_Z, CTRL | SHIFT)
    assert by_surface(stored_layer(project_db), text)["Seoul"].label == "PERSON"
    assert window.view.index.by_uid[seoul.uid].span.label == "PERSON"


def test_number_key_accepts_a_suggested_tag_with_its_evidence(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_4)
    tags = {t.label: t for t in stored_layer(project_db).tags}
    tag = tags["EXPORT_CONTROLS"]
    assert tag.state is State.ACCEPTED and tag.evidence
    assert window.side.tags.box("EXPORT_CONTROLS").isChecked()
    qtbot.keyClick(window.view, K.Key_6)
    assert {t.label: t.state for t in stored_layer(project_db).tags}[
        "NORTH_KOREA"
    ] is State.ACCEPTED


def test_ctrl_d_marks_done_and_opens_the_next_document(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Return, CTRL)  # accept all: nothing left to ask about
    qtbot.keyClick(window.view, K.Key_4)  # tick the suggested tag
    qtbot.keyClick(window.view, K.Key_D, CTRL)
    assert window.done_dialog is None
    assert stored_layer(project_db, 1).status is LayerStatus.DONE
    assert window.current_document_id() == 2
    assert window.status.progress.text().startswith("1 / 3")


def test_event_key_then_role_key_links_an_argument(qtbot, window, project_db):
    text = TEXTS[0][1]
    start = text.index("talks")
    window.view.select_code_points(start, start + 5)
    qtbot.keyClicks(window.view, "E")
    qtbot.keyClick(window.view, K.Key_M)
    layer = stored_layer(project_db)
    talks = by_surface(layer, text)["talks"]
    assert (talks.label, talks.kind) == ("MEETING", LabelKind.EVENT)
    busan = text.index("Busan")
    window.view.select_code_points(busan, busan + 5)
    qtbot.keyClick(window.view, K.Key_L)  # LOC
    qtbot.keyClick(window.view, K.Key_R)
    qtbot.keyClick(window.view, K.Key_L)  # role: place
    layer = stored_layer(project_db)
    spans = by_surface(layer, text)
    assert [(a.event_uid, a.argument_uid, a.role) for a in layer.arguments] == [
        (spans["talks"].uid, spans["Busan"].uid, "place")
    ]


def test_alt_arrows_grow_and_shrink_by_a_word(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Right, ALT)  # "Seoul" → "Seoul urged"
    text = TEXTS[0][1]
    assert "Seoul urged" in by_surface(stored_layer(project_db), text)
    qtbot.keyClick(window.view, K.Key_Left, ALT)
    assert "Seoul" in by_surface(stored_layer(project_db), text)


def test_emoji_and_cjk_selection_maps_to_code_points(qtbot, window, project_db):
    window.open_document(2)
    text = TEXTS[1][1]
    start = text.index("首脳")
    # select the way a user does: Qt cursor positions count UTF-16 units
    cursor = window.view.textCursor()
    to16 = window.view.index.utf16.to_utf16
    cursor.setPosition(to16(start))
    cursor.setPosition(to16(start + 2), cursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    assert cursor.selectedText() == "首脳"
    qtbot.keyClick(window.view, K.Key_O)
    spans = by_surface(stored_layer(project_db, 2), text)
    assert spans["首脳"].start == start


def test_font_size_keys(qtbot, window):
    before = window.view.font().pointSizeF()
    qtbot.keyClick(window.view, K.Key_Equal, CTRL)
    assert window.view.font().pointSizeF() > before
    qtbot.keyClick(window.view, K.Key_Minus, CTRL)
    assert window.view.font().pointSizeF() == before


def test_shifted_issue_key_toggles_its_tag(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Exclam, SHIFT)  # "Shift+1" on a US layout
    tags = {t.label: t.state for t in stored_layer(project_db).tags}
    assert tags["PUBLIC_OPINION"] is State.ACCEPTED


def test_undo_works_after_the_window_is_reopened(qtbot, window, project_db, settings):
    """Undo is the project's edit log, not the window's memory: a new window undoes the
    edits of the last one, in order, and redoes them."""
    from jkannotate.gui.app import open_window
    from jkannotate.project import Project

    text = TEXTS[0][1]
    qtbot.keyClick(window.view, K.Key_P)  # Seoul: GPE → PERSON
    qtbot.keyClick(window.view, K.Key_Tab)
    qtbot.keyClick(window.view, K.Key_Tab)
    assert current_surface(window) == "Tokyo"
    qtbot.keyClick(window.view, K.Key_X)  # reject Tokyo
    assert by_surface(stored_layer(project_db), text)["Tokyo"].state is State.REJECTED
    window.close()
    project = Project.open(project_db, user="tester")
    again = open_window(project, 1, settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    again.view.setFocus()
    try:
        assert again.actions_by_name["undo"].isEnabled()
        assert not again.actions_by_name["redo"].isEnabled()
        qtbot.keyClick(again.view, K.Key_Z, CTRL)
        spans = by_surface(stored_layer(project_db), text)
        assert spans["Tokyo"].state is State.PENDING and spans["Seoul"].label == "PERSON"
        assert again.status.message.text().startswith("Undid: ")
        qtbot.keyClick(again.view, K.Key_Z, CTRL)
        assert by_surface(stored_layer(project_db), text)["Seoul"].label == "GPE"
        assert again.view.index.by_uid[spans["Seoul"].uid].span.label == "GPE"
        assert not again.actions_by_name["undo"].isEnabled()
        qtbot.keyClick(again.view, K.Key_Z, CTRL | SHIFT)
        qtbot.keyClick(again.view, K.Key_Z, CTRL | SHIFT)
        spans = by_surface(stored_layer(project_db), text)
        assert (spans["Seoul"].label, spans["Tokyo"].state) == ("PERSON", State.REJECTED)
        assert not again.actions_by_name["redo"].isEnabled()
    finally:
        again.close()
        project.close()


def test_a_new_edit_clears_redo(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_P)
    qtbot.keyClick(window.view, K.Key_Z, CTRL)
    assert window.actions_by_name["redo"].isEnabled()
    qtbot.keyClick(window.view, K.Key_O)  # Seoul → ORG: a new edit
    assert not window.actions_by_name["redo"].isEnabled()
    qtbot.keyClick(window.view, K.Key_Z, CTRL | SHIFT)  # nothing to redo: nothing changes
    assert by_surface(stored_layer(project_db), TEXTS[0][1])["Seoul"].label == "ORG"
