"""Done with undecided suggestions asks; nothing undecided is stored or counted as accepted."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jkannotate.core.model import LayerStatus, State
from jkannotate.project import Project
from jkannotate.review import dashboard
from tests.gui.conftest import stored_layer

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def press_done(qtbot, window):  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.view, K.Key_D, CTRL)
    dialog = window.done_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_done_with_pending_asks_and_accept_the_rest_keeps_unticked_tags_out(
    qtbot, window, project_db
):
    dialog = press_done(qtbot, window)
    assert stored_layer(project_db).status is not LayerStatus.DONE  # nothing decided yet
    qtbot.keyClick(dialog, K.Key_A)
    layer = stored_layer(project_db)
    assert layer.status is LayerStatus.DONE
    assert {s.state for s in layer.spans} == {State.ACCEPTED}
    # the suggested tag was shown unticked: it is rejected, never accepted
    assert {t.label: t.state for t in layer.tags} == {"EXPORT_CONTROLS": State.REJECTED}
    assert window.current_document_id() == 2
    assert window.view.hasFocus() or window.focusWidget() is window.view


def test_reject_the_rest(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Return)  # accept "Seoul" by hand first
    dialog = press_done(qtbot, window)
    qtbot.keyClick(dialog, K.Key_R)
    layer = stored_layer(project_db)
    states = {s.label + ":" + str(s.start): s.state for s in layer.spans}
    assert list(states.values()).count(State.ACCEPTED) == 1
    assert list(states.values()).count(State.REJECTED) == 3
    assert layer.status is LayerStatus.DONE


def test_go_to_first_pending_and_escape_change_nothing(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Tab)
    qtbot.keyClick(window.view, K.Key_Tab)
    dialog = press_done(qtbot, window)
    qtbot.keyClick(dialog, K.Key_G)
    assert not dialog.isVisible()
    assert window.view.current_uid == window.editor.first_pending()
    assert window.current_document_id() == 1
    dialog = press_done(qtbot, window)
    qtbot.keyClick(dialog, K.Key_Escape)
    assert not dialog.isVisible()
    layer = stored_layer(project_db)
    assert layer.status is not LayerStatus.DONE
    assert {s.state for s in layer.spans} == {State.PENDING}
    assert window.focusWidget() is window.view


def test_the_dialog_names_what_is_undecided(qtbot, window):
    dialog = press_done(qtbot, window)
    from PySide6.QtWidgets import QLabel

    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "4 suggested spans and 1 suggested issue tag (shown unticked)" in texts
    qtbot.keyClick(dialog, K.Key_Escape)


def test_done_accepts_what_is_shown_setting(qtbot, window, project_db, settings):
    action = window.actions_by_name["done_accepts_shown"]
    assert not action.isChecked()  # off by default
    action.trigger()
    assert str(settings.value("done_accepts_shown")).lower() == "true"
    qtbot.keyClick(window.view, K.Key_D, CTRL)
    assert window.done_dialog is None  # not asked
    layer = stored_layer(project_db)
    assert layer.status is LayerStatus.DONE
    assert {s.state for s in layer.spans} == {State.ACCEPTED}
    assert {t.state for t in layer.tags} == {State.REJECTED}


def test_accept_all_tags_is_the_counterpart_of_accept_all(qtbot, window, project_db):
    qtbot.keyClick(window.view, K.Key_Return, CTRL | SHIFT)
    layer = stored_layer(project_db)
    assert {t.label: t.state for t in layer.tags} == {"EXPORT_CONTROLS": State.ACCEPTED}
    assert {s.state for s in layer.spans} == {State.PENDING}  # spans untouched
    assert window.side.tags.box("EXPORT_CONTROLS").isChecked()
    qtbot.keyClick(window.view, K.Key_Z, CTRL)
    assert {t.state for t in stored_layer(project_db).tags} == {State.PENDING}


def test_the_dashboard_does_not_count_pending_as_accepted(project_db):
    with Project.open(project_db, user="tester") as project:
        layer = project.open_layer(1)
        project.set_status(layer, LayerStatus.DONE)  # done with every suggestion pending
        board = dashboard(project.annotated_many([1]))
    assert board.suggestions
    assert sum(row.suggested for row in board.suggestions) == 5
    assert sum(row.accepted for row in board.suggestions) == 0
