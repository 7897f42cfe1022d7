"""The window's state as signals: its parts subscribe to what happens and ask for what they
need, instead of reaching into each other's widgets.

The window owns one :class:`WindowModel`, emits what it did (a document opened, an edit
stored) and answers what parts ask for (open a document, show a span, say something in the
status line). The status line, the side panel and review mode subscribe to it; none of them
holds the window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class WindowModel(QObject):
    """Signals between the window and its parts; it holds no state of its own."""

    # the window did it -------------------------------------------------------------
    leaving = Signal()  # the open document is about to be left: keep what is typed now
    layer_opened = Signal(object, object)  # the Document and Layer the session opened
    document_opened = Signal(int)  # the session opened this document and the view shows it
    layer_changed = Signal(object)  # the open layer took an edit (Changes), the view shows it
    current_changed = Signal(str)  # the span the keyboard acts on ("" for none)
    saving = Signal()  # an edit is on its way to the database
    conflict = Signal(str)  # the layer changed elsewhere: reload before going on
    offline_changed = Signal(bool)  # edits are kept on this computer (True) or saved again
    counts_changed = Signal()  # finished documents may have changed (a job, a replay)

    # a part asks the window ----------------------------------------------------------
    open_requested = Signal(int)  # open this document (the window saves notes first)
    mode_changed = Signal(bool, bool)  # review mode on or off, and whether it writes gold
    document_stored = Signal(int)  # this document changed outside the open session's edits
    message = Signal(str)  # a line for the status bar
    span_requested = Signal(str, int, int)  # make this span current; scroll to start..end
    marks_changed = Signal()  # what is drawn over the article changed: repaint it
    focus_requested = Signal()  # keys go to the article again

    def open_document(self, doc_id: int) -> None:
        self.open_requested.emit(doc_id)

    def set_review_mode(self, active: bool, writes_gold: bool) -> None:
        self.mode_changed.emit(active, writes_gold)

    def stored(self, doc_id: int) -> None:
        self.document_stored.emit(doc_id)

    def say(self, text: str) -> None:
        self.message.emit(text)

    def show_span(self, uid: str, start: int | None = None, end: int | None = None) -> None:
        """Make ``uid`` current ("" for none) and scroll to ``start``..``end`` (code points)
        when given."""
        self.span_requested.emit(uid, -1 if start is None else start, -1 if end is None else end)

    def focus_article(self) -> None:
        self.focus_requested.emit()
