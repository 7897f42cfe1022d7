"""One open document of one annotator: its layer, the undo stack and the write path.

Every change goes through :meth:`EditSession.run` (a project operation, pushed as one
undo command) or :meth:`EditSession.apply_edits` (undo/redo, notes). Each is one
database transaction, so nothing waits for a "Save". Errors never escape into Qt:
they become the ``failed`` or ``conflict`` signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, JkError
from jkannotate.core.graphemes import word_bounds
from jkannotate.core.model import Document, Layer, LayerKind, Span, State
from jkannotate.gui.undo import OperationCommand
from jkannotate.project import Changes, Project


class EditSession(QObject):
    """The document being annotated and the only place the GUI writes from."""

    changed = Signal(object)  # Changes
    failed = Signal(str)  # a refused edit, in words for the status bar
    conflict = Signal(str)  # the layer changed elsewhere: the view must reload
    saving = Signal()

    def __init__(
        self, project: Project, parent: QObject | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.read_only = read_only  # a screenshot or preview: nothing is created or written
        self.undo_stack = QUndoStack(self)
        self.document: Document | None = None
        self.layer: Layer | None = None
        self.tokens: list[tuple[int, int]] = []
        self.in_conflict = False

    def open(self, doc_id: int, owner: str | None = None) -> None:
        """Load a document and a layer: the annotator's own (created from the suggestions
        if new), or ``owner``'s (``gold`` in review mode)."""
        document = self.project.document(doc_id)
        if self.read_only:
            layer = self._preview_layer(doc_id, owner)
        else:
            layer = self.project.open_layer(doc_id, owner)
        self.document, self.layer = document, layer
        self.tokens = []
        self.in_conflict = False
        self.undo_stack.clear()

    def _preview_layer(self, doc_id: int, owner: str | None) -> Layer:
        """The stored layer if there is one, else what opening it would start from (the
        pending suggestions), kept in memory only."""
        name = owner or self.project.user
        stored = self.project.layer(doc_id, name)
        if stored is not None:
            return stored
        preview = Layer(document_id=doc_id, kind=LayerKind.ANNOTATOR, owner=name)
        suggestion = self.project.layer(doc_id, "suggestion")
        if suggestion is not None:
            preview.spans = [s for s in suggestion.spans if s.state is State.PENDING]
            preview.tags = [t for t in suggestion.tags if t.state is State.PENDING]
            kept = {s.uid for s in preview.spans}
            preview.arguments = [
                a for a in suggestion.arguments if {a.event_uid, a.argument_uid} <= kept
            ]
        return preview

    def reload(self) -> None:
        if self.document is not None and self.document.id is not None:
            self.open(self.document.id)

    def token_bounds(self) -> list[tuple[int, int]]:
        if not self.tokens and self.document is not None:
            self.tokens = word_bounds(self.document.text)
        return self.tokens

    def span(self, uid: str) -> Span | None:
        if self.layer is None:
            return None
        for span in self.layer.spans:
            if span.uid == uid:
                return span
        return None

    # the write path ----------------------------------------------------------------

    def run(self, text: str, operation: Callable[[Layer], Changes]) -> Changes | None:
        """Run a project operation on the layer and push it as one undo command."""
        if self.layer is None:
            return None
        if self.read_only:
            self.failed.emit("This window is read-only (a screenshot or preview).")
            return None
        changes = self._guarded(lambda: operation(self.layer))  # type: ignore[arg-type]
        if changes is not None:
            self.undo_stack.push(OperationCommand(text, self, changes))
        return changes

    def apply_edits(self, edits: list[ed.Edit]) -> Changes | None:
        """Apply edits without a new undo entry (undo/redo themselves, notes)."""
        if self.layer is None or not edits or self.read_only:
            return None
        return self._guarded(lambda: self.project.apply(self.layer, edits))  # type: ignore[arg-type]

    def _guarded(self, action: Callable[[], Changes]) -> Changes | None:
        if self.in_conflict:
            self.conflict.emit("This document was changed in another window. Reload to go on.")
            return None
        self.saving.emit()
        try:
            changes = action()
        except ConflictError as error:
            self.in_conflict = True
            self.conflict.emit(str(error))
            return None
        except JkError as error:
            self.failed.emit(str(error))
            return None
        self.changed.emit(changes)
        return changes
