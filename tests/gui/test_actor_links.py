"""Linked actors in the window: the span list groups mentions by actor, and hovering a
linked span names its actor (name, id, country, sector)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

from jkannotate.core import edits as ed
from tests.gui.conftest import TEXTS

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def link(window, links: dict[str, str]) -> None:
    text = window.session.document.text
    edits = [
        ed.UpdateSpan.of(s.uid, kb_id=links[text[s.start : s.end]])
        for s in window.session.layer.spans
        if text[s.start : s.end] in links
    ]
    window.session.run("link", lambda layer: window.project.apply(layer, edits))


def listed(window) -> list[str]:
    model = window.side.spans.source
    return [model.data(model.index(row, 0)) for row in range(model.rowCount())]


def test_span_list_groups_mentions_by_actor(qtbot, window):
    # Seoul → South Korea and Tokyo → Japan: grouped, Japan's mentions come first
    link(window, {"Seoul": "jka:south-korea", "Tokyo": "jka:japan"})
    assert listed(window) == ["Seoul", "urged", "Tokyo", "Friday"]  # text order
    spans = window.side.spans
    assert spans.isColumnHidden(4)
    qtbot.keyClick(window.view, K.Key_G, CTRL | SHIFT)
    assert not spans.isColumnHidden(4)
    assert listed(window)[:2] == ["Tokyo", "Seoul"]  # Japan, then South Korea; unlinked last
    model = spans.source
    assert [model.data(model.index(r, 4)) for r in range(2)] == ["Japan", "South Korea"]
    assert "jka:japan" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    qtbot.keyClick(window.view, K.Key_G, CTRL | SHIFT)
    assert listed(window) == ["Seoul", "urged", "Tokyo", "Friday"] and spans.isColumnHidden(4)


def test_hovering_a_linked_span_shows_its_actor(qtbot, window):
    link(window, {"Tokyo": "jka:japan"})
    uid = next(
        s.uid for s in window.session.layer.spans
        if TEXTS[0][1][s.start : s.end] == "Tokyo"
    )
    rect = window.view.visible_rect_of(uid)
    assert rect is not None
    entry = window.view.span_at(rect.center().toPointF())
    text = "\n".join(window.view.describe(h) for h in entry)
    assert "Japan" in text and "jka:japan" in text and "JPN" in text and "GOV" in text
    qtbot.mouseMove(window.view.viewport(), rect.center())
    from PySide6.QtGui import QHelpEvent

    event = QHelpEvent(
        QHelpEvent.Type.ToolTip, rect.center(), window.view.viewport().mapToGlobal(rect.center())
    )
    window.view.viewportEvent(event)
    assert "jka:japan" in QToolTip.text()
