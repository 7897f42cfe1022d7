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


def header_needs(header, text: str) -> int:  # type: ignore[no-untyped-def]
    """Measured as drawn: the header's text (semi-bold), its padding and the sort arrow."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QStyle

    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)
    arrow = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
    return QFontMetrics(font).horizontalAdvance(text) + 2 * 6 + arrow


def test_the_queue_headers_fit_at_1024_by_700(qtbot, window):
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    header = window.queue.table.horizontalHeader()
    for zoom in (0, 3):  # at 100 % and three steps larger
        for _ in range(zoom):
            qtbot.keyClick(window.view, K.Key_Equal, CTRL)
        qtbot.waitUntil(lambda: window.queue.width() >= window.queue.minimumSizeHint().width())
        for column in (0, 3, 4):
            text = window.queue.model.headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= header_needs(header, text), (zoom, text)
        if zoom == 0:
            assert window.view.viewport().width() >= 300  # the article keeps room to read


def test_the_span_list_headers_fit_at_1024_by_700_zoomed_out_and_in(qtbot, window):
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    table = window.side.spans
    header = table.horizontalHeader()
    widths = {}
    for zoom, key in ((-2, K.Key_Minus), (3, K.Key_Equal)):
        for _ in range(abs(zoom) + (2 if zoom > 0 else 0)):  # from -2 up to +3
            qtbot.keyClick(window.view, key, CTRL)
        qtbot.wait(50)
        for column in (0, 1, 3):  # Text, Label, At (the state column has no title)
            text = table.model().headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= header_needs(header, text), (zoom, text)
        widths[zoom] = header.sectionSize(1)
    assert widths[-2] < widths[3]  # the label column follows the zoom


def test_labels_and_chips_follow_the_zoom(qtbot, window):
    from PySide6.QtWidgets import QLabel

    from jkannotate.gui.article_view import badge_font

    def sizes():  # type: ignore[no-untyped-def]
        key = window.side.tags.findChildren(QLabel)
        return (
            badge_font(window.view).pointSizeF(),  # the label chip beside the current line
            window.queue.title.font().pointSizeF(),  # QUEUE, ISSUE TAGS, …
            next(w for w in key if w.text() == "1").font().pointSizeF(),  # a tag's key
            window.pane.title.font().pointSizeF(),  # the article's title
            window.view.margin.width(),  # the chips' margin
        )

    window.resize(1460, 900)
    qtbot.waitUntil(lambda: window.width() == 1460)
    before = sizes()
    for _ in range(3):
        qtbot.keyClick(window.view, K.Key_Equal, CTRL)
    after = sizes()
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
    for _ in range(5):
        qtbot.keyClick(window.view, K.Key_Minus, CTRL)
    smaller = sizes()
    assert all(s < b for s, b in zip(smaller[1:4], before[1:4], strict=True)), (before, smaller)
