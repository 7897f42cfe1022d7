"""Asking what happens to undecided suggestions when a document is marked done.

Nothing undecided leaves as a decision: a pending span or tag is either looked at
(go to the first), accepted or rejected by the annotator here, in words. Plain keys
answer the dialog (G, A, R, Esc) so the hands stay on the keyboard.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class DoneChoice(Enum):
    GO_TO_FIRST = "first"
    ACCEPT_REST = "accept"
    REJECT_REST = "reject"
    CANCEL = "cancel"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def undecided_text(spans: int, tags: int) -> str:
    parts = []
    if spans:
        parts.append(_count(spans, "suggested span"))
    if tags:
        parts.append(_count(tags, "suggested issue tag") + " (shown unticked)")
    return " and ".join(parts)


class DoneDialog(QDialog):
    """Done with pending suggestions: go to the first, accept the rest, or reject the rest."""

    chosen = Signal(object)  # DoneChoice

    def __init__(self, parent: QWidget, spans: int, tags: int) -> None:
        super().__init__(parent)
        self.setObjectName("doneDialog")
        self.setWindowTitle("Undecided suggestions")
        self.setModal(True)
        self.choice = DoneChoice.CANCEL
        layout = QVBoxLayout(self)
        message = QLabel(
            f"This document still has {undecided_text(spans, tags)}.\n"
            "Nothing undecided is exported as a decision: what should happen to them?"
        )
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setWordWrap(True)
        layout.addWidget(message)
        accept_note = " (unticked tags are rejected)" if tags else ""
        notes = QLabel(
            f"Accept the rest: the suggested spans become annotation{accept_note}.\n"
            "Reject the rest: none of the remaining suggestions is kept."
        )
        notes.setTextFormat(Qt.TextFormat.PlainText)
        notes.setObjectName("muted")
        layout.addWidget(notes)
        row = QHBoxLayout()
        self.buttons: dict[DoneChoice, QPushButton] = {}
        for choice, text in (
            (DoneChoice.GO_TO_FIRST, "Go to first pending  G"),
            (DoneChoice.ACCEPT_REST, "Accept the rest  A"),
            (DoneChoice.REJECT_REST, "Reject the rest  R"),
            (DoneChoice.CANCEL, "Cancel  Esc"),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, ch=choice: self.decide(ch))
            row.addWidget(button)
            self.buttons[choice] = button
        self.buttons[DoneChoice.GO_TO_FIRST].setDefault(True)  # the safe answer to Enter
        layout.addLayout(row)

    def decide(self, choice: DoneChoice) -> None:
        self.choice = choice
        self.chosen.emit(choice)
        if choice is DoneChoice.CANCEL:
            self.reject()
        else:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        keys = {
            Qt.Key.Key_G: DoneChoice.GO_TO_FIRST,
            Qt.Key.Key_Return: DoneChoice.GO_TO_FIRST,
            Qt.Key.Key_Enter: DoneChoice.GO_TO_FIRST,
            Qt.Key.Key_A: DoneChoice.ACCEPT_REST,
            Qt.Key.Key_R: DoneChoice.REJECT_REST,
            Qt.Key.Key_Escape: DoneChoice.CANCEL,
        }
        choice = keys.get(Qt.Key(event.key()))
        if choice is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        self.decide(choice)
