"""Asking what happens to undecided suggestions when a document is marked done.

Nothing undecided leaves as a decision: a pending span or tag is looked at (go to the
first), accepted or rejected by the annotator here, in words.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from jkannotate.gui.keyed_dialog import Answer, KeyedDialog


class DoneChoice(Enum):
    GO_TO_FIRST = "first"
    ACCEPT_REST = "accept"
    REJECT_REST = "reject"
    CANCEL = "cancel"


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def undecided_text(spans: int, tags: int) -> str:
    parts = []
    if spans:
        parts.append(count(spans, "suggested span"))
    if tags:
        parts.append(count(tags, "suggested issue tag") + " (shown unticked)")
    return " and ".join(parts)


def done_dialog(parent: QWidget, spans: int, tags: int) -> KeyedDialog:
    """Done with pending suggestions: go to the first (G), accept (A) or reject (R) the rest."""
    unticked = " (unticked tags are rejected)" if tags else ""
    dialog = KeyedDialog(
        parent,
        "Undecided suggestions",
        f"This document still has {undecided_text(spans, tags)}.\n"
        "Nothing undecided is exported as a decision: what should happen to them?",
        [
            Answer(Qt.Key.Key_G, "Go to first pending", DoneChoice.GO_TO_FIRST),
            Answer(Qt.Key.Key_A, "Accept the rest", DoneChoice.ACCEPT_REST),
            Answer(Qt.Key.Key_R, "Reject the rest", DoneChoice.REJECT_REST),
        ],
        cancel=DoneChoice.CANCEL,
        default=DoneChoice.GO_TO_FIRST,
        note=f"Accept the rest: the suggested spans become annotation{unticked}.\n"
        "Reject the rest: none of the remaining suggestions is kept.",
    )
    dialog.setObjectName("doneDialog")
    return dialog
