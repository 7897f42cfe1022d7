"""The window model's signals: what the window tells its parts and what parts ask of it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from jkannotate.core.model import GOLD_OWNER, LayerKind
from jkannotate.project import Changes
from tests.gui.review_data import build_review_db
from tests.gui.test_review_mode import open_as


def test_opening_a_document_is_announced_with_its_id(qtbot, window):  # type: ignore[no-untyped-def]
    opened: list[int] = []
    window.model.document_opened.connect(opened.append)
    window.model.open_document(2)  # a part asks; the window opens it and says so
    assert opened == [2]
    assert window.session.document.id == 2 and window.session.layer.document_id == 2


def test_review_mode_asks_the_window_to_change_its_look(qtbot, tmp_path: Path, settings):  # type: ignore[no-untyped-def]  # noqa: E501
    window = open_as(qtbot, build_review_db(tmp_path / "review.db"), "rev", 1, settings)
    modes: list[tuple[bool, bool]] = []
    window.model.mode_changed.connect(lambda active, gold: modes.append((active, gold)))
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert modes == [(True, True)]  # the reviewer writes gold
    assert window.right.currentWidget() is window.review.panel
    assert window.view.overlay is window.review.marks
    assert window.session.layer.kind is LayerKind.GOLD  # the document reopened on gold
    assert window.queue.owner == GOLD_OWNER  # the queue lists gold's status
    window.review.toggle()
    assert modes[-1] == (False, False)
    assert window.right.currentWidget() is window.side and window.view.overlay is None
    assert not window.actions_by_name["review_mode"].isChecked()
    assert window.session.layer.kind is LayerKind.ANNOTATOR
    assert window.queue.owner == "rev"
    window.close()
    window.project.close()


def test_moving_and_editing_are_announced(qtbot, window):  # type: ignore[no-untyped-def]
    current: list[str] = []
    edits: list[Changes] = []
    window.model.current_changed.connect(current.append)
    window.model.layer_changed.connect(edits.append)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)  # on to the next suggestion, "urged"
    assert current == [window.view.current_uid] and current[0]
    assert window.session.span(current[0]).label in window.side.guideline.text.text()
    qtbot.keyClick(window.view, Qt.Key.Key_A)  # accept it
    assert len(edits) == 1 and current[0] in edits[0].span_uids


# the status line, the side panel and review mode follow the model, without a window -------


def test_the_status_line_follows_the_model_alone(qtbot, project_db: Path):  # type: ignore[no-untyped-def]  # noqa: E501
    from PySide6.QtWidgets import QStatusBar

    from jkannotate.gui.status import StatusLine
    from jkannotate.gui.window_model import WindowModel
    from jkannotate.project import Project

    with Project.open(project_db, user="tester") as project:
        bar, model = QStatusBar(), WindowModel()
        qtbot.addWidget(bar)
        status = StatusLine(bar, project, model)
        model.say("Hello from a part")
        assert status.message.text() == "Hello from a part"
        layer = project.open_layer(1)
        model.layer_opened.emit(project.document(1), layer)
        assert status.pending.text() == "4 suggestions to review"
        model.saving.emit()
        assert status.autosave.text() == "○  Saving…"
        changes = project.accept(layer, [layer.spans[0].uid])
        model.layer_changed.emit(changes)  # the layer it holds was changed in place
        assert status.pending.text() == "3 suggestions to review"
        assert status.autosave.text().startswith("●  Saved")
        model.offline_changed.emit(True)
        assert status.autosave.text() == "○  Kept on this computer"
        model.conflict.emit("changed elsewhere")
        assert status.autosave.text() == "▲  Not saved: reload"
        model.set_review_mode(True, True)  # gold's progress while a reviewer writes gold
        assert status.owner == GOLD_OWNER
        model.offline_changed.emit(False)
        assert status.progress.text().startswith("gold: 0 / 3 done")


def test_the_side_panel_follows_the_model_alone(qtbot, project_db: Path):  # type: ignore[no-untyped-def]  # noqa: E501
    from jkannotate.gui.side_panel import SidePanel
    from jkannotate.gui.window_model import WindowModel
    from jkannotate.project import Project

    with Project.open(project_db, user="tester") as project:
        model = WindowModel()
        side = SidePanel(project.schema, model)
        qtbot.addWidget(side)
        layer = project.open_layer(1)
        model.layer_opened.emit(project.document(1), layer)
        assert side.spans.source.rowCount() == 4
        assert side.bottom.tabText(0) == "Spans (4)"
        tokyo = next(s for s in layer.spans if s.label == "GPE" and s.start > 0)
        model.current_changed.emit(tokyo.uid)
        assert "GPE" in side.guideline.text.text()
        model.layer_changed.emit(project.relabel(layer, tokyo.uid, "ORG"))
        assert "ORG" in side.guideline.text.text()  # the current span's new label
        model.layer_changed.emit(project.set_tag(layer, "EXPORT_CONTROLS"))
        assert side.tags.box("EXPORT_CONTROLS").isChecked()
        saved: list[str] = []
        side.notes.notes_changed.connect(saved.append)
        side.notes.setPlainText("check the ministry's date")
        model.leaving.emit()  # another document opens, or the window closes
        assert saved == ["check the ministry's date"]


def test_review_mode_asks_through_the_model(qtbot, tmp_path: Path, settings):  # type: ignore[no-untyped-def]  # noqa: E501
    window = open_as(qtbot, build_review_db(tmp_path / "review.db"), "rev", 1, settings)
    review = window.review
    assert not hasattr(review, "window")  # it holds the model and the session, not the window
    shown: list[tuple[str, int, int]] = []
    said: list[str] = []
    window.model.span_requested.connect(lambda *args: shown.append(args))
    window.model.message.connect(said.append)
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert shown, "opening in review mode selects the first open disagreement"
    version = review.version()
    assert version is not None and shown[-1][1:] == (version.start, version.end)
    assert window.view.current_uid == shown[-1][0]  # the window made it current
    assert said[-1].startswith(version.label)
    assert window.status.message.text() == said[-1]
    window.close()
    window.project.close()
