"""What the article view draws: no mark of the current span covers another line's text,
role names never overprint, review marks are told apart from span marks."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage

from jkannotate.core.model import EventArgument
from jkannotate.gui.review_marks import DISPUTED_PATTERN


def grab(window) -> QImage:
    window.view.viewport().repaint()
    return window.view.viewport().grab().toImage()


def surface_uid(window, surface: str) -> str:
    text = window.session.document.text
    for span in window.session.layer.spans:
        if text[span.start : span.end] == surface:
            return span.uid
    raise AssertionError(surface)


def test_the_current_span_leaves_the_line_above_untouched(window):
    """Making "Friday" current (outline, label, arcs) changes no pixel above its line:
    the label is a chip in the margin, not a badge over the line above."""
    window.view.set_current("")
    uid = surface_uid(window, "Friday")
    rect = window.view.visible_rect_of(uid)
    assert rect is not None
    above = QRect(0, 0, window.view.viewport().width(), max(0, rect.top() - 2))
    before = grab(window).copy(above)
    window.view.set_current(uid)
    after = grab(window).copy(above)
    assert before == after
    badges = window.view.badges()
    assert [b.text for b in badges] == ["DATE ?"]
    assert window.view.margin.isVisible() and window.view.margin.width() >= 48
    # the chip sits in the margin, on the span's own line
    assert abs(badges[0].anchor.center().y() - rect.center().y()) < 2


def test_role_names_are_margin_chips_that_never_overlap(qtbot, window):
    layer = window.session.layer
    event = surface_uid(window, "urged")
    arguments = [
        EventArgument(event, surface_uid(window, name), role)
        for name, role in (("Seoul", "source"), ("Tokyo", "target"), ("Friday", "time"))
    ]
    layer.arguments = arguments
    window.view.set_arguments(arguments)
    window.view.set_current(event)
    badges = window.view.badges()
    assert [b.text for b in badges] == [
        "STATEMENT ?", "source: Seoul", "target: Tokyo", "time: Friday"
    ]
    window.view.margin.repaint()
    image = window.view.margin.grab().toImage()
    assert image.pixelColor(image.width() - 12, int(badges[0].anchor.center().y())) != (
        image.pixelColor(2, 2)
    )  # a chip is drawn beside the event's line


def test_disputed_versions_are_hatched_not_washed():
    assert DISPUTED_PATTERN not in (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.NoBrush)
