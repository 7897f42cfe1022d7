"""The right-hand column: issue tags, span list, legend, guideline and notes.

It follows the window model: the opened layer fills it, each edit updates what it changed,
the current span picks the guideline, and leaving a document saves the notes typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkannotate.core import edits as ed
from jkannotate.core.model import Document, Layer
from jkannotate.core.schema import LabelSchema
from jkannotate.gui.legend_panel import GuidelinePanel, LegendPanel
from jkannotate.gui.span_list import SpanList
from jkannotate.gui.tag_panel import TagPanel
from jkannotate.gui.theme import section_title
from jkannotate.gui.window_model import WindowModel
from jkannotate.project import Changes

SPAN_ROWS_UPDATED = 200  # more changed spans than this: the list is filled again
NOTES_PAUSE_MS = 5_000  # typing paused this long ends a burst of notes: it is saved


def _section(title: str, body: QWidget, stretch: bool = False) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(12, 0, 12, 8)
    layout.setSpacing(2)
    layout.addWidget(section_title(title))
    layout.addWidget(body, 1 if stretch else 0)
    if not stretch:
        layout.addStretch(0)
    return holder


class NotesEdit(QPlainTextEdit):
    """Free notes on the document. One burst of typing is saved as one edit (one undo
    step): when the box loses the keys, when the document is left or the window closed
    (``flush``), or after a pause of :data:`NOTES_PAUSE_MS` — never a version per word."""

    notes_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notes")
        self.setPlaceholderText("Notes on this document (saved when you leave the box)")
        self.setTabChangesFocus(True)
        self._timer = QTimer(self, singleShot=True, interval=NOTES_PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        self._loaded = ""
        self.textChanged.connect(self._timer.start)

    def load(self, text: str) -> None:
        self._timer.stop()
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self._loaded = text

    def flush(self) -> None:
        self._timer.stop()
        text = self.toPlainText()
        if text != self._loaded:
            self._loaded = text
            self.notes_changed.emit(text)

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        self.flush()
        super().focusOutEvent(event)


class SidePanel(QSplitter):
    def __init__(
        self, schema: LabelSchema, model: WindowModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("sidePanel")
        self.document: Document | None = None
        self.layer: Layer | None = None  # the session's layer, changed in place by edits
        self.current_uid = ""
        self.setChildrenCollapsible(False)
        self.tags = TagPanel(schema)
        self.spans = SpanList(schema)
        self.legend = LegendPanel(schema)
        self.guideline = GuidelinePanel(schema)
        self.notes = NotesEdit()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        top_layout.addWidget(_section("Issue tags", self.tags))
        top_layout.addWidget(_section("Legend", self.legend))
        top_layout.addWidget(_section("Guideline", self.guideline))
        top_layout.addStretch(1)
        self.bottom = QTabWidget()
        self.bottom.setDocumentMode(True)
        self.bottom.addTab(self.spans, "Spans")
        notes_holder = QWidget()
        notes_layout = QVBoxLayout(notes_holder)
        notes_layout.setContentsMargins(8, 8, 8, 8)
        notes_layout.addWidget(self.notes)
        self.bottom.addTab(notes_holder, "Notes")
        scroll = QScrollArea()
        scroll.setWidget(top)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area = scroll
        self.addWidget(scroll)
        self.addWidget(self.bottom)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([520, 300])
        self.legend.label_chosen.connect(self.guideline.show_label)
        top.setObjectName("sidePanel")
        model.leaving.connect(self.notes.flush)
        model.layer_opened.connect(self.show_layer)
        model.layer_changed.connect(self.on_changes)
        model.current_changed.connect(self.show_current)

    def minimumSizeHint(self):  # type: ignore[no-untyped-def]  # noqa: N802
        """Never narrower than the tags and legend (no horizontal scrolling cuts them off)."""
        hint = super().minimumSizeHint()
        content = self.scroll_area.widget().minimumSizeHint().width()
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        hint.setWidth(max(hint.width(), content + bar + 2))
        return hint

    def show_counts(self, spans: int, notes: str) -> None:
        self.bottom.setTabText(0, f"Spans ({spans})")
        self.bottom.setTabText(1, "Notes ✎" if notes.strip() else "Notes")

    # following the window ------------------------------------------------------------

    def show_layer(self, document: Document, layer: Layer) -> None:
        self.document, self.layer, self.current_uid = document, layer, ""
        self.tags.show_tags(document.text, layer.tags)
        self.spans.source.set_spans(document.text, layer.spans)
        self.notes.load(layer.notes)
        self.show_counts(len(layer.spans), layer.notes)
        self.guideline.show_label("")

    def on_changes(self, changes: Changes) -> None:
        layer, document = self.layer, self.document
        if layer is None or document is None or changes.layer_id != layer.id:
            return
        uids = changes.span_uids
        if uids:
            spans = {s.uid: s for s in layer.spans}
            changed = [spans.get(uid) for uid in uids]
            source = self.spans.source
            if len(changed) > SPAN_ROWS_UPDATED or not all(
                s is not None and source.update_span(s) for s in changed
            ):
                source.set_spans(document.text, layer.spans)
            self.show_counts(len(layer.spans), layer.notes)
            self.guideline.show_label(self._label_of(self.current_uid))
        if changes.tags_changed:
            self.tags.show_tags(document.text, layer.tags)
        if any(isinstance(e, ed.SetNotes) for e in changes.edits):
            if layer.notes != self.notes.toPlainText():  # an undo, not what was just typed
                self.notes.load(layer.notes)
            self.show_counts(len(layer.spans), layer.notes)

    def show_current(self, uid: str) -> None:
        self.current_uid = uid
        self.spans.show_current(uid)
        self.guideline.show_label(self._label_of(uid))

    def _label_of(self, uid: str) -> str:
        if not uid or self.layer is None:
            return ""
        return next((s.label for s in self.layer.spans if s.uid == uid), "")
