"""One open document of one annotator: its layer and the write path.

Every change goes through :meth:`EditSession.run` (a project operation) or
:meth:`EditSession.apply_edits` (notes, comments). Each is one database transaction and
one entry of the project's edit log, so nothing waits for a "Save", and undo/redo
(:meth:`EditSession.undo`, :meth:`EditSession.redo`) are the log's own: they work after
the window is closed and reopened, and each user undoes only their own edits. Errors
never escape into Qt: they become the ``failed`` or ``conflict`` signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, JkError
from jkannotate.core.graphemes import word_bounds
from jkannotate.core.model import Document, Layer, LayerKind, Span, State
from jkannotate.project import Changes, Project


class EditSession(QObject):
    """The document being annotated and the only place the GUI writes from."""

    changed = Signal(object)  # Changes
    failed = Signal(str)  # a refused edit, in words for the status bar
    conflict = Signal(str)  # the layer changed elsewhere: the view must reload
    saving = Signal()
    history_changed = Signal(bool, bool)  # can undo, can redo

    def __init__(
        self, project: Project, parent: QObject | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.read_only = read_only  # a screenshot or preview: nothing is created or written
        self.can_undo = False
        self.can_redo = False
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
        self._update_history()

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
        """Run a project operation on the layer: one transaction, one undo step.
        ``text`` names it for the user."""
        if self.layer is None:
            return None
        if self.read_only:
            self.failed.emit("This window is read-only (a screenshot or preview).")
            return None
        changes = self._guarded(lambda: operation(self.layer))  # type: ignore[arg-type]
        if changes is not None:
            self._set_history(True, False)  # a new edit clears the redo stack
        return changes

    def apply_edits(self, edits: list[ed.Edit]) -> Changes | None:
        """Apply edits to the layer (notes, comments); logged like any edit."""
        if self.layer is None or not edits or self.read_only:
            return None
        changes = self._guarded(lambda: self.project.apply(self.layer, edits))  # type: ignore[arg-type]
        if changes is not None:
            self._set_history(True, False)
        return changes

    # undo and redo: the project's edit log ----------------------------------------

    def undo(self) -> str | None:
        """Undo this user's latest edit of the layer; what it undid, in words (None when
        there was nothing to undo or it was refused)."""
        return self._step_history(self.project.undo, redo=False)

    def redo(self) -> str | None:
        """Redo this user's latest undone edit; what it redid, in words."""
        return self._step_history(self.project.redo, redo=True)

    def _step_history(
        self, step: Callable[[Layer], Changes | None], *, redo: bool
    ) -> str | None:
        if self.layer is None or self.read_only or self.layer.id is None:
            return None
        layer = self.layer
        changes = self._guarded(lambda: step(layer))  # type: ignore[arg-type,return-value]
        for _ in range(100):  # a comment is a record, never taken back: step over it
            if changes is None or changes.edits:
                break
            more = self.project.can_redo(layer) if redo else self.project.can_undo(layer)
            if not more:
                break
            changes = self._guarded(lambda: step(layer))  # type: ignore[arg-type,return-value]
        self._update_history()
        if changes is None:
            return None
        # an undo applies the inverse of the original edits, whose inverse is the original
        done, undone = (changes.edits, changes.undo) if redo else (changes.undo, changes.edits)
        return ed.describe(done, undone) or "no change"

    def _update_history(self) -> None:
        layer = self.layer
        if layer is None or layer.id is None or self.read_only:
            self._set_history(False, False)
            return
        try:
            self._set_history(self.project.can_undo(layer), self.project.can_redo(layer))
        except JkError:
            self._set_history(False, False)

    def _set_history(self, can_undo: bool, can_redo: bool) -> None:
        if (can_undo, can_redo) != (self.can_undo, self.can_redo):
            self.can_undo, self.can_redo = can_undo, can_redo
            self.history_changed.emit(can_undo, can_redo)

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
