"""The label legend with shortcut keys, and the guideline of the selected label."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from jkannotate.core.model import LabelKind
from jkannotate.core.schema import Label, LabelSchema
from jkannotate.gui.plain import escaped, tip


class _Chip(QLabel):
    clicked = Signal(str)

    def __init__(self, label: Label, key: str) -> None:
        super().__init__()
        self.label_name = label.name
        self.setTextFormat(Qt.TextFormat.RichText)
        colour = QColor(label.colour).name()  # a colour, whatever the project stored
        self.setText(
            f"<span style='background:{colour}; color:{colour};'>&nbsp;&nbsp;</span>"
            f"&nbsp;{escaped(label.name)}&nbsp;<small style='color:#8a92a0;"
            f" font-family:DejaVu Sans Mono;'>{escaped(key)}</small>"
        )
        self.setToolTip(tip(label.guideline))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.clicked.emit(self.label_name)
        super().mousePressEvent(event)


class LegendPanel(QWidget):
    """Entity and event labels with their keys; clicking one shows its guideline."""

    label_chosen = Signal(str)

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        entities = [lb for lb in schema.labels if lb.kind is LabelKind.ENTITY]
        events = [lb for lb in schema.labels if lb.kind is LabelKind.EVENT]
        for column, (labels, prefix) in enumerate(((entities, ""), (events, "E "))):
            for row, label in enumerate(labels):
                chip = _Chip(label, prefix + label.key)
                chip.clicked.connect(self.label_chosen)
                grid.addWidget(chip, row, column)
        roles = "  ".join(
            f"{escaped(role)} <b>R {escaped(key)}</b>" for role, key in schema.roles.items()
        )
        note = QLabel(f"<span style='color:#8a92a0;'>Roles: {roles}</span>")
        note.setWordWrap(True)
        grid.addWidget(note, max(len(entities), len(events)), 0, 1, 2)


class GuidelinePanel(QWidget):
    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schema = schema
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        self.show_label("")

    def show_label(self, name: str) -> None:
        if not name or not self.schema.has(name):
            self.text.setText(
                "<span style='color:#8a92a0;'>Select a span or a label to see its guideline.</span>"
            )
            return
        label = self.schema.get(name)
        self.text.setText(
            f"<b style='color:{QColor(label.colour).name()};'>■</b> <b>{escaped(label.name)}</b>"
            f" <span style='color:#8a92a0;'>{label.kind.value}</span><br>"
            f"{html.escape(label.guideline)}"
        )
