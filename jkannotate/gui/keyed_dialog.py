"""A question with a few answers, each on a plain key, asked without blocking the window.

The annotator's hands stay on the keyboard: every answer has a letter (shown on its
button), Esc cancels, Enter takes the safe default. The dialog is opened with ``open()``
(window-modal, not a nested event loop) and reports the answer through ``chosen``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


@dataclass(frozen=True, slots=True)
class Answer:
    key: Qt.Key
    text: str
    value: object


class KeyedDialog(QDialog):
    """Plain-text question, one button and one key per answer; Esc answers ``cancel``."""

    chosen = Signal(object)  # the answer's value

    def __init__(
        self,
        parent: QWidget,
        title: str,
        message: str,
        answers: list[Answer],
        *,
        cancel: object,
        default: object,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.cancel_value = cancel
        self.default_value = default
        self.answer: object = cancel
        self._keys = {a.key: a.value for a in answers}
        layout = QVBoxLayout(self)
        self.message = QLabel(message)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names and counts, never markup
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        if note:
            self.note = QLabel(note)
            self.note.setTextFormat(Qt.TextFormat.PlainText)
            self.note.setWordWrap(True)
            layout.addWidget(self.note)
        row = QHBoxLayout()
        self.buttons: dict[object, QPushButton] = {}
        for answer in [*answers, Answer(Qt.Key.Key_Escape, "Cancel", cancel)]:
            key_name = "Esc" if answer.key == Qt.Key.Key_Escape else chr(answer.key)
            button = QPushButton(f"{answer.text}  {key_name}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, v=answer.value: self.decide(v))
            row.addWidget(button)
            self.buttons[answer.value] = button
        self.buttons[default].setDefault(True)
        layout.addLayout(row)

    def decide(self, value: object) -> None:
        self.answer = value
        self.chosen.emit(value)
        if value == self.cancel_value:
            self.reject()
        else:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        key = Qt.Key(event.key())
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and key in self._keys:
            self.decide(self._keys[key])
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.decide(self.default_value)
        elif key == Qt.Key.Key_Escape:
            self.decide(self.cancel_value)
        else:
            super().keyPressEvent(event)
