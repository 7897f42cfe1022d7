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
