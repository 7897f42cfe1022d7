"""Names, titles and comments are shown as written: markup in them is never rendered.

Issue 18 found ``<span style=…>`` and ``<img>`` in annotator names rendered by the review
panel. Here every piece of user text carries markup, and each place that shows it must
show the characters themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from jkannotate.gui.app import open_window
from jkannotate.project import Project
from tests.gui.conftest import build_items
from tests.gui.review_data import PLAN, annotator_layer

K = Qt.Key
EVE = "<span style='color:red; font-size:40pt'>eve</span>"
MAL = '<img src="/etc/passwd">mal'
REVIEWER = "<b>rev</b>"
TITLE = "<h1>Seoul</h1> presses <img src='x.png'> Tokyo"
COMMENT = "<a href='http://x'>click</a> <i>me</i>"


def shown(rich_or_plain: str) -> str:
    """What Qt displays for a string it treats as rich text."""
    document = QTextDocument()
    document.setHtml(rich_or_plain)
    return document.toPlainText()


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    items = build_items()
    items[0].document.title = TITLE
    plans = PLAN[0]
    names = {"alice": EVE, "bob": MAL, "cy": "cy"}
    for owner, plan in plans.items():
        items[0].layers.append(annotator_layer(items[0].document.text, names[owner], plan))
    db = tmp_path / "hostile.db"
    with Project.open(db, user=REVIEWER) as project:
        project.import_documents(items)
    return db


def assert_no_rendered_markup(window) -> None:  # type: ignore[no-untyped-def]
    for label in window.findChildren(QLabel):
        if label.textFormat() == Qt.TextFormat.PlainText:
            continue
        text = label.text()
        for raw in (EVE, MAL, TITLE, COMMENT, REVIEWER):
            assert raw not in text, f"rich label renders user markup: {text[:80]}"


def test_user_text_with_markup_is_shown_as_written(qtbot, hostile_db, settings):
    project = Project.open(hostile_db, user=REVIEWER)
    window = open_window(project, 1, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    assert window.pane.title.text() == TITLE
    assert window.pane.title.textFormat() == Qt.TextFormat.PlainText
    model = window.queue.model
    while model.canFetchMore():
        model.fetchMore()
    row = model.row_of(1)
    assert row is not None
    assert TITLE in shown(model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole))
    qtbot.keyClick(window.view, K.Key_R, Qt.KeyboardModifier.ControlModifier)  # review mode
    panel = window.review.panel
    people = shown(panel.people.text())
    assert EVE in people and MAL in people
    versions = window.review.review.versions
    for number, version in enumerate(versions):
        tooltip = shown(panel.table.topLevelItem(number).toolTip(3))
        assert tooltip == f"has it: {', '.join(version.has)}\nlacks it: {', '.join(version.lacks)}"
    assert any(EVE in v.has or MAL in v.has for v in versions)
    # a comment typed with markup, by a reviewer whose name has markup
    qtbot.keyClick(window.view, K.Key_C)
    qtbot.keyClicks(panel.comments.input, COMMENT)
    qtbot.keyClick(panel.comments.input, K.Key_Return)
    item = panel.comments.tree.topLevelItem(0)
    assert item.text(0).startswith(REVIEWER) and item.text(0).endswith(COMMENT)
    assert shown(item.toolTip(0)) == COMMENT
    # the queue's tooltip and the status line
    window.status.say(COMMENT)
    assert window.status.message.textFormat() == Qt.TextFormat.PlainText
    assert_no_rendered_markup(window)
    window.close()
    project.close()
