"""The ``?`` overlay: every shortcut, generated from the action table."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from jkannotate.gui.actions import ActionSpec, help_rows


class HelpOverlay(QWidget):
    """A dimmed sheet over the window; any key or click closes it."""

    closed = Signal()  # the window gives the keys back to the article

    def __init__(self, parent: QWidget, specs: list[ActionSpec]) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        grid = QGridLayout(self)
        grid.setContentsMargins(40, 30, 40, 30)
        grid.setHorizontalSpacing(36)
        sections = help_rows(specs)
        self.sections = [name for name, _ in sections]
        columns = 4
        for number, (section, rows) in enumerate(sections):
            lines = "".join(
                f"<tr><td style='padding:1px 10px 1px 0; font-family:DejaVu Sans Mono;"
                f" color:#ffd479;'>{html.escape(keys)}</td>"
                f"<td style='color:#eef1f6;'>{html.escape(text)}</td></tr>"
                for keys, text in rows
            )
            label = QLabel(
                f"<div style='color:#9fb3d9; font-weight:700;'>{html.escape(section)}</div>"
                f"<table>{lines}</table>"
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, number // columns, number % columns, Qt.AlignmentFlag.AlignTop)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def toggle(self) -> None:
        if self.isVisible():
            self.close_overlay()
            return
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()
        self.setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(18, 22, 30, 228))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self.close_overlay()

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.close_overlay()

    def close_overlay(self) -> None:
        self.hide()
        self.closed.emit()
