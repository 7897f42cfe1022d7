"""A one-line text box that keeps its own keys from the window's single-key shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

_OWN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Down)


class KeyLine(QLineEdit):
    """Return/Enter emit ``submitted`` (with Shift: ``submitted_back``), Down ``down``, Esc
    ``leave``: the window's Enter (accept) and arrow keys never fire from inside it."""

    submitted = Signal()
    submitted_back = Signal()
    down = Signal()
    leave = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in _OWN_KEYS:
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.leave.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            (self.submitted_back if shifted else self.submitted).emit()
        elif key == Qt.Key.Key_Down:
            self.down.emit()
        else:
            super().keyPressEvent(event)
