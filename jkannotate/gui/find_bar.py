"""Find in the open document: a bar over the article; matches are selected in the text,
so a label key labels the match found."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from jkannotate.gui.key_line import KeyLine
from jkannotate.gui.plain import plain_label


def find_all(text: str, needle: str) -> list[int]:
    """Code-point starts of ``needle`` in ``text``, ignoring case."""
    if not needle:
        return []
    haystack, needle = text.casefold(), needle.casefold()
    if len(haystack) != len(text):  # casefolding changed lengths (ß → ss): exact case
        haystack, needle = text, needle
    found, at = [], haystack.find(needle)
    while at >= 0:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


class FindBar(QWidget):
    """Type to find; Enter / Shift+Enter (or F3 / Shift+F3) step through; Esc closes."""

    found = Signal(int, int)  # code-point range of the current match
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(30, 2, 30, 2)
        self.input = KeyLine()
        self.input.setObjectName("findInDocument")
        self.input.setPlaceholderText("Find in this document…  (Enter: next, Esc: back)")
        self.count = plain_label()
        self.count.setObjectName("docMeta")
        layout.addWidget(self.input, 1)
        layout.addWidget(self.count)
        self.text = ""
        self.matches: list[int] = []
        self.current = -1
        self.input.textChanged.connect(self._search)
        self.input.submitted.connect(lambda: self.step(1))
        self.input.submitted_back.connect(lambda: self.step(-1))
        self.input.leave.connect(self.close_bar)
        self.hide()

    def open_bar(self, text: str) -> None:
        self.text = text
        self.show()
        self.input.setFocus()
        self.input.selectAll()
        self._search()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def _search(self) -> None:
        self.matches = find_all(self.text, self.input.text())
        self.current = -1
        if self.matches:
            self.step(1)
        else:
            self.count.setText("no match" if self.input.text() else "")

    def step(self, step: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + step) % len(self.matches)
        start = self.matches[self.current]
        self.count.setText(f"{self.current + 1} of {len(self.matches)}")
        self.found.emit(start, start + len(self.input.text()))
