"""Window-level behaviour: conflicts between windows, help overlay, settings, jobs, screenshots."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage

from jkannotate.cli import main
from jkannotate.core.model import State
from jkannotate.gui.app import open_window
from jkannotate.gui.workers import import_job, start_job
from jkannotate.project import Project
from tests.gui.conftest import stored_layer

K = Qt.Key


def test_second_window_on_the_same_layer_gets_a_conflict_banner(
    qtbot, window, project_db, tmp_path
):
    other_project = Project.open(project_db, user="tester")
    other = open_window(
        other_project, 1, QSettings(str(tmp_path / "b.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(other)
    other.show()
    qtbot.keyClick(window.view, K.Key_Return)  # first window accepts "Seoul"
    other.activateWindow()
    other.view.setFocus()
    other.editor.reject()  # second window still holds the old version
    assert other.pane.banner.isVisible()
    assert "Reload" in other.pane.reload_button.text()
    layer = stored_layer(project_db)
    assert {window.session.document.text[s.start : s.end]: s.state for s in layer.spans}[
        "Seoul"
    ] is State.ACCEPTED
    qtbot.mouseClick(other.pane.reload_button, Qt.MouseButton.LeftButton)
    assert not other.pane.banner.isVisible()
    other.editor.next_pending()
    other.editor.reject()
    assert not other.pane.banner.isVisible()
    assert sum(s.state is State.REJECTED for s in stored_layer(project_db).spans) == 1
    other.close()
    other_project.close()


def test_help_overlay_lists_every_shortcut_of_the_action_table(qtbot, window):
    qtbot.keyClick(window.view, K.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert window.help.isVisible()
    text = " ".join(label.text() for label in window.help.findChildren(type(window.pane.meta)))
    for spec in (s for s in window.specs if s.shortcuts):  # settings without keys aside
        assert spec.text.replace("→", "&rarr;") in text or spec.text in text
    menus = {a.text() for a in window.menuBar().actions()}
    assert {spec.menu for spec in window.specs} <= menus
    qtbot.keyClick(window.help, K.Key_Escape)
    assert not window.help.isVisible()


def test_geometry_and_last_document_are_remembered(qtbot, project_db, settings):
    with Project.open(project_db, user="tester") as project:
        first = open_window(project, 3, settings)
        qtbot.addWidget(first)
        first.resize(701, 503)  # inside the 800×600 offscreen screen
        first.close()
        second = open_window(project, None, settings)
        qtbot.addWidget(second)
        assert second.current_document_id() == 3
        assert (second.size().width(), second.size().height()) == (701, 503)
        second.close()


def test_notes_are_saved(qtbot, window, project_db):
    window.side.notes.setPlainText("check the date")
    window.side.notes.flush()
    assert stored_layer(project_db).notes == "check the date"


def test_queue_filters_and_search(qtbot, window):
    panel = window.queue
    assert panel.model.total == 3
    panel.search.setText("drills")
    panel.apply_filters()
    assert panel.model.total == 1
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)  # the view fetches the rows it shows
    assert panel.model.document_id(0) == 3
    panel.search.setText("")
    panel.tag.setCurrentIndex(panel.tag.findData("EXPORT_CONTROLS"))
    assert panel.model.total == 1


def test_import_job_runs_in_a_worker_and_cancel_changes_nothing(qtbot, window, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        (folder / f"a{number}.txt").write_text(
            f"Article {number}\n\nSeoul and Tokyo met again on day {number} for talks.\n",
            encoding="utf-8",
        )
    outcome: dict[str, object] = {}
    runner = start_job(
        window,
        "Importing",
        window.project,
        import_job([str(folder)]),
        lambda r: outcome.setdefault("done", r),
        lambda m: outcome.setdefault("failed", m),
    )
    runner.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    assert "cancel" in str(outcome.get("failed", ""))
    assert window.project.store.documents.count() == 3
    outcome.clear()
    start_job(
        window,
        "Importing",
        window.project,
        import_job([str(folder)]),
        lambda r: outcome.setdefault("done", r),
        lambda m: outcome.setdefault("failed", m),
    )
    qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    assert "3 added" in str(outcome["done"])
    assert window.project.store.documents.count() == 6


def test_screenshot_command_writes_a_png(qtbot, project_db, tmp_path: Path):
    png = tmp_path / "shot.png"
    assert main(["gui", "--db", str(project_db), "--open", "2", "--screenshot", str(png)]) == 0
    image = QImage(str(png))
    assert image.width() >= 1000 and image.height() >= 600


def test_missing_document_is_a_one_line_error(project_db, tmp_path: Path, capsys):
    assert (
        main(
            [
                "gui",
                "--db",
                str(project_db),
                "--open",
                "99",
                "--screenshot",
                str(tmp_path / "x.png"),
            ]
        )
        == 1
    )
    assert "no document 99" in capsys.readouterr().err
