"""The annotation window while its server stops and starts (offscreen Qt, real key presses,
a real PostgreSQL server of the tests' own): "Offline — N edits kept", then "saved"; a
window closed offline says what it keeps, and the next one replays or reports it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPlainTextEdit

from jkannotate.gui.app import open_window
from jkannotate.project import Project
from tests.team.test_team_restart import USER, log_rows, states

pytestmark = pytest.mark.postgres
K = Qt.Key


@pytest.fixture
def settings(tmp_path):  # type: ignore[no-untyped-def]
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def reported(window) -> bool:  # type: ignore[no-untyped-def]
    report = window.connection.report_window
    return report is not None and report.isVisible()


@pytest.fixture
def windows(qtbot, restart_url, settings):  # type: ignore[no-untyped-def]
    """Opens windows on the project (each on its own connection, as a new start would)."""
    opened = []

    def open_one():  # type: ignore[no-untyped-def]
        project = Project.open(restart_url, user=USER)
        window = open_window(project, 1, settings)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        # active, unless the replay of kept edits finished first and its report (a window
        # of its own) took the focus
        qtbot.waitUntil(lambda: window.isActiveWindow() or reported(window))
        qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3)  # fetched while online
        qtbot.waitUntil(lambda: not window.connection.replaying, timeout=20_000)  # kept edits
        window.view.setFocus()
        opened.append((window, project))
        return window

    yield open_one
    for window, project in opened:
        qtbot.waitUntil(lambda w=window: not w.connection.replaying, timeout=20_000)
        if not window.connection.offline:  # its queue row is read again after each edit
            qtbot.waitUntil(lambda w=window: not w._queue_refresh.isActive())
        window.connection._may_close = True  # a failed test must not leave a question open
        window.close()
        window.deleteLater()
        project.close()


def current_surface(window) -> str:  # type: ignore[no-untyped-def]
    span = window.session.span(window.view.current_uid)
    assert span is not None
    return window.session.document.text[span.start:span.end]


def close_keeping(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Close the window while edits are kept: it asks first; C closes, keeping them."""
    window.close()
    qtbot.waitUntil(lambda: window.connection.close_dialog is not None
                    and window.connection.close_dialog.isVisible())
    assert window.isVisible()
    dialog = window.connection.close_dialog
    assert "saved the next time you open this project" in dialog.message.text()
    qtbot.keyClick(dialog, K.Key_C)
    assert not window.isVisible()


def test_the_window_shows_offline_then_saves_the_kept_edits(
    qtbot, windows, restartable_cluster, restart_url
):
    window = windows()
    qtbot.keyClick(window.view, K.Key_Return)  # online: stored at once
    assert not window.connection.label.isVisible()
    restartable_cluster.halt()
    accepted = [current_surface(window)]
    qtbot.keyClick(window.view, K.Key_Return)
    accepted.append(current_surface(window))
    qtbot.keyClick(window.view, K.Key_Return)
    assert window.connection.label.text() == "Offline — 2 edits kept"
    assert window.status.autosave.text() == "○  Kept on this computer"
    assert window.connection.offline

    restartable_cluster.resume()  # the window's check notices and replays
    qtbot.waitUntil(lambda: "saved" in window.connection.label.text(), timeout=20_000)
    assert window.connection.label.text() == "Back online — 2 kept edits saved"
    assert window.status.autosave.text().startswith("●  Saved")
    assert not window.connection.offline
    stored = states(restart_url)
    assert stored["Seoul"] == "accepted" and all(stored[s] == "accepted" for s in accepted)
    assert len(log_rows(restart_url)) == 3  # each edit once
    qtbot.keyClick(window.view, K.Key_Return)  # and the next edit goes straight to the server
    assert len(log_rows(restart_url)) == 4


def test_a_window_closed_offline_says_so_and_the_next_one_replays(
    qtbot, windows, restartable_cluster, restart_url
):
    window = windows()
    restartable_cluster.halt()
    qtbot.keyClick(window.view, K.Key_Return)
    assert window.connection.label.text() == "Offline — 1 edit kept"
    close_keeping(qtbot, window)
    restartable_cluster.resume()

    again = windows()  # the next start: replays before opening the document
    assert again.connection.label.text() == "Back online — 1 kept edit saved"
    assert states(restart_url)["Seoul"] == "accepted"
    assert current_surface(again) != "Seoul"  # the document opened with the edit in it


def test_an_edit_someone_else_overtook_is_reported_not_applied(
    qtbot, windows, restartable_cluster, restart_url
):
    window = windows()
    restartable_cluster.halt()
    qtbot.keyClick(window.view, K.Key_Return)  # accept Seoul, kept
    close_keeping(qtbot, window)
    restartable_cluster.resume()
    with Project.open(restart_url, user=USER) as elsewhere:  # another window meanwhile
        layer = elsewhere.open_layer(1)
        seoul = next(s.uid for s in layer.spans if s.start == 0)
        elsewhere.reject(layer, [seoul])

    again = windows()
    report = again.connection.report_window
    assert report is not None and report.isVisible()
    listing = report.findChild(QPlainTextEdit).toPlainText()
    assert "document 1" in listing and "accepted" in listing
    assert "changed by someone else" in listing
    assert "1 not saved" in again.connection.label.text()
    assert states(restart_url)["Seoul"] == "rejected"  # the other window's edit stands
    qtbot.keyClick(report, K.Key_Escape)
    assert not report.isVisible()


def test_try_again_when_closing_saves_the_kept_edits_once_the_server_is_back(
    qtbot, windows, restartable_cluster, restart_url
):
    window = windows()
    restartable_cluster.halt()
    qtbot.keyClick(window.view, K.Key_Return)
    window.close()
    qtbot.waitUntil(lambda: window.connection.close_dialog is not None
                    and window.connection.close_dialog.isVisible())
    restartable_cluster.resume()
    qtbot.keyClick(window.connection.close_dialog, K.Key_R)  # try again: saved, closed
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not window.connection.journal.has_entries()
    assert states(restart_url)["Seoul"] == "accepted"
    assert len(log_rows(restart_url)) == 1


def test_an_idle_window_notices_the_server_leave_and_come_back(
    qtbot, windows, restartable_cluster
):
    window = windows()
    assert window.connection.timer.isActive()
    restartable_cluster.halt()
    window.connection.check()  # what the timer does every few seconds, off the GUI thread
    qtbot.waitUntil(lambda: window.connection.label.text() == "Offline — 0 edits kept")
    assert "cannot reach the database server" in window.connection.label.toolTip()
    assert window.connection.timer.interval() == 1_000  # asks every second while away
    restartable_cluster.resume()
    qtbot.waitUntil(lambda: window.connection.label.text() == "Back online", timeout=20_000)
    assert window.connection.timer.interval() == 5_000


def test_the_queue_keeps_its_rows_while_the_server_is_away(
    qtbot, windows, restartable_cluster
):
    window = windows()
    panel, model = window.queue, window.queue.model
    shown = [model.document_id(row) for row in range(model.rowCount())]
    restartable_cluster.halt()
    try:
        panel.search.setText("Seoul")  # typed: the filter applies after a pause
        qtbot.waitUntil(lambda: not panel._search_timer.isActive())
        # a new filter needs the server: the list stays as it was
        assert panel.count.text() == "Server unreachable: the list is as it was"
        assert [model.document_id(row) for row in range(model.rowCount())] == shown
        model.refresh_document(shown[0])  # re-reading a row quietly waits for the server
        model._total += 1  # as if more rows were to come: fetching them meets no server
        model.fetchMore()
        assert model.rowCount() == len(shown)
        model._total -= 1
    finally:
        restartable_cluster.resume()
    panel.search.setText("")
    qtbot.waitUntil(lambda: not panel._search_timer.isActive())
    assert panel.count.text() == "3 documents"
