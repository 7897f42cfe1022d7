"""The window at 1024×700: every panel at least as wide as it needs, nothing cut off; zoom
scales the queue and the side panels with the article."""

from __future__ import annotations

from PySide6.QtCore import Qt

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def test_everything_fits_at_1024_by_700(qtbot, window):
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    assert (window.width(), window.height()) == (1024, 700)
    assert window.minimumSizeHint().width() <= 1024 and window.minimumSizeHint().height() <= 700
    for panel in (window.queue, window.pane, window.right):
        assert panel.width() >= panel.minimumSizeHint().width(), type(panel).__name__
        assert panel.geometry().right() <= window.splitter.width()
    scroll = window.side.scroll_area  # tags and legend: no horizontal scroll bar, so never clipped
    assert scroll.viewport().width() >= scroll.widget().minimumSizeHint().width()
    assert window.view.viewport().width() >= 300  # room to read, beside the label margin
    assert window.view.margin.width() < window.view.width() * 0.2
    window.review.panel.show()  # review mode's panel (same place): its buttons fit too
    assert window.review.panel.minimumSizeHint().width() <= window.right.width()


def test_zoom_scales_the_side_panels_too(qtbot, window, settings):
    article = window.view.font().pointSizeF()
    queue = window.queue.table.font().pointSizeF()
    spans = window.side.spans.font().pointSizeF()
    tag = window.side.tags.box("EXPORT_CONTROLS").font().pointSizeF()
    for _ in range(3):
        qtbot.keyClick(window.view, K.Key_Equal, CTRL)
    assert window.view.font().pointSizeF() == article + 3
    grown = article_ratio = (article + 3) / article
    assert window.queue.table.font().pointSizeF() > queue * (grown - 0.05)
    assert window.side.spans.font().pointSizeF() > spans * (article_ratio - 0.05)
    assert window.side.tags.box("EXPORT_CONTROLS").font().pointSizeF() > tag
    qtbot.keyClick(window.view, K.Key_Minus, CTRL)
    assert window.side.spans.font().pointSizeF() < spans * grown
    assert float(settings.value("font_size")) == article + 2
