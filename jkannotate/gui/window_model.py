"""The window's state as signals: its parts subscribe to what happens and ask for what they
need, instead of reaching into each other's widgets.

The window owns one :class:`WindowModel`, emits what it did (a document opened) and answers
what parts ask for (open a document, show review mode, refresh a document's queue row).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class WindowModel(QObject):
    """Signals between the window and its parts; it holds no state of its own."""

    # the window did it -------------------------------------------------------------
    document_opened = Signal(int)  # the session opened this document and the view shows it
    layer_changed = Signal(object)  # the open layer took an edit (Changes), the view shows it
    current_changed = Signal(str)  # the span the keyboard acts on ("" for none)

    # a part asks the window ----------------------------------------------------------
    open_requested = Signal(int)  # open this document (the window saves notes first)
    mode_changed = Signal(bool, bool)  # review mode on or off, and whether it writes gold
    document_stored = Signal(int)  # this document changed outside the open session's edits

    def open_document(self, doc_id: int) -> None:
        self.open_requested.emit(doc_id)

    def set_review_mode(self, active: bool, writes_gold: bool) -> None:
        self.mode_changed.emit(active, writes_gold)

    def stored(self, doc_id: int) -> None:
        self.document_stored.emit(doc_id)
