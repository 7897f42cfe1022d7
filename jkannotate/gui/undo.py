"""Undo as commands: one :class:`QUndoCommand` per project operation.

``redo`` applies the operation's edits, ``undo`` applies the edits its
:class:`~jkannotate.project.Changes` gave back. The operation itself runs before the
command is pushed (so a refused edit never enters the stack); the first ``redo`` that
``QUndoStack.push`` calls is therefore skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from jkannotate.core import edits as ed
from jkannotate.project import Changes

if TYPE_CHECKING:
    from jkannotate.gui.session import EditSession


class OperationCommand(QUndoCommand):
    """A done operation: its edits to redo and the edits that undo it."""

    def __init__(self, text: str, session: EditSession, changes: Changes) -> None:
        super().__init__(text)
        self.session = session
        self.edits: list[ed.Edit] = list(changes.edits)
        self.undo_edits: list[ed.Edit] = list(changes.undo)
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # QUndoStack.push calls redo; the operation already ran
            return
        changes = self.session.apply_edits(self.edits)
        if changes is not None:
            self.undo_edits = list(changes.undo)
        else:
            self.setObsolete(True)

    def undo(self) -> None:
        changes = self.session.apply_edits(self.undo_edits)
        if changes is None:
            self.setObsolete(True)
