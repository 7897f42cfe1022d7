"""Colours are never the only cue and never too faint: computed from the real palette.

Every span label must stay distinct from every other for normal vision and the three
dichromacies (Machado, Oliveira & Fernandes 2009 simulation, full severity), marks must
reach 3:1 against the page in both themes, badge text 4.5:1; hovering a span names it.
"""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from jkannotate.core.model import LabelKind
from jkannotate.core.schema import load_schema
from jkannotate.gui.theme import DARK, LIGHT, badge_colour, contrast, mark_colour

SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protan": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deutan": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritan": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def linear(colour: QColor) -> tuple[float, float, float]:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return channel(colour.redF()), channel(colour.greenF()), channel(colour.blueF())


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(max(c, 0.0), 1.0) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: QColor, vision: str) -> tuple[float, float, float]:
    rgb = linear(colour)
    matrix = SIMULATIONS[vision]
    return lab(tuple(sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix))  # type: ignore[arg-type]


def span_labels():  # type: ignore[no-untyped-def]
    return [lb for lb in load_schema().labels if lb.kind is not LabelKind.ISSUE]


def test_every_span_label_is_distinct_for_common_colour_blindness():
    labels = span_labels()
    worst = (math.inf, "")
    for a, b in itertools.combinations(labels, 2):
        for vision in SIMULATIONS:
            distance = math.dist(seen(QColor(a.colour), vision), seen(QColor(b.colour), vision))
            if distance < worst[0]:
                worst = (distance, f"{a.name}/{b.name} for {vision} vision")
    assert worst[0] >= 10.0, f"too close: {worst[1]} (CIELAB distance {worst[0]:.1f})"


def test_marks_reach_3_to_1_and_badge_text_4_5_to_1_in_both_themes():
    for label in span_labels():
        for theme in (LIGHT, DARK):
            mark = mark_colour(QColor(label.colour), theme)
            assert contrast(mark, QColor(theme.paper)) >= 3.0, (label.name, theme.dark)
            badge = badge_colour(mark)
            assert contrast(QColor("#ffffff"), badge) >= 4.5, (label.name, theme.dark)
        # on the light page the scheme's own colour is already strong enough
        assert contrast(QColor(label.colour), QColor(LIGHT.paper)) >= 3.0, label.name


def test_hovering_a_span_names_label_source_and_confidence(qtbot, window):
    view = window.view
    entry = view.index.by_uid[window.view.current_uid]  # "Seoul", suggested GPE
    rect = view._rects(entry.start16, entry.end16)[0]
    where = QPointF(rect.center()).toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    for part in ("Seoul", "GPE", "pending", "suggested by test", "confidence 80%"):
        assert part in text
    QToolTip.hideText()


def test_theme_switch_light_dark_system(qtbot, window, settings):
    window.actions_by_name["theme_dark"].trigger()
    assert window.view.theme.dark
    assert QApplication.instance().palette().window().color().lightness() < 128
    assert str(settings.value("theme")) == "dark"
    assert contrast(window.view.colour("GPE"), QColor(DARK.paper)) >= 3.0
    window.actions_by_name["theme_light"].trigger()
    assert not window.view.theme.dark
    assert window.actions_by_name["theme_light"].isChecked()
    assert not window.actions_by_name["theme_dark"].isChecked()
    window.actions_by_name["theme_system"].trigger()
    assert str(settings.value("theme")) == "system"
