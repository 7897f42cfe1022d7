"""Threaded comments on the gold layer: on the document or on one span, with author and time."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkannotate.core.model import Comment
from jkannotate.gui.plain import plain_label, tip
from jkannotate.operations.review_window import comment_threads


def when(stamp: str) -> str:
    """``2024-05-01T09:30:00+00:00`` → local ``05-01 11:30``; unparsable stamps as they are."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%m-%d %H:%M")
    except ValueError:
        return stamp


class CommentInput(QLineEdit):
    """A line edit that keeps Return and Esc from the window's single-key shortcuts."""

    leave = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.leave.emit()
            return
        super().keyPressEvent(event)


class CommentThread(QWidget):
    """The comments of the open gold layer and a box to add one (or reply to the selected)."""

    posted = Signal(str, object)  # text, parent Comment or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.tree = QTreeWidget()
        self.tree.setObjectName("comments")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setIndentation(14)
        self.tree.setWordWrap(True)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.tree.itemSelectionChanged.connect(self._show_target)
        layout.addWidget(self.tree, 1)
        self.target = plain_label()
        self.target.setObjectName("docMeta")
        layout.addWidget(self.target)
        row = QHBoxLayout()
        self.input = CommentInput()
        self.input.setObjectName("commentInput")
        self.input.setPlaceholderText("Comment…  (C; Enter posts, Esc returns)")
        self.input.returnPressed.connect(self.post)
        self.send = QPushButton("Post")
        self.send.clicked.connect(self.post)
        row.addWidget(self.input, 1)
        row.addWidget(self.send)
        layout.addLayout(row)
        self.comments: list[Comment] = []
        self.span_names: dict[str, str] = {}
        self.span_target = ""  # the span a new comment is about ("" for the document)
        self.span_target_name = ""

    def show_comments(self, comments: list[Comment], span_names: dict[str, str]) -> None:
        """``span_names`` maps span uids to how to call them (“Seoul” GPE)."""
        self.comments = list(comments)
        self.span_names = dict(span_names)
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for comment, _depth in comment_threads(self.comments):
            about = ""
            if comment.span_uid and not comment.parent_uid:
                about = f"  on {self.span_names.get(comment.span_uid, 'a span')}"
            item = QTreeWidgetItem(
                [f"{comment.author} · {when(comment.created)}{about}\n{comment.text}"]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, comment.uid)
            item.setToolTip(0, tip(comment.text))
            parent = items.get(comment.parent_uid or "")
            if parent is not None:
                parent.addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            items[comment.uid] = item
        self.tree.expandAll()
        self._show_target()

    def set_span_target(self, uid: str, name: str) -> None:
        self.span_target, self.span_target_name = uid, name
        self._show_target()

    def selected_comment(self) -> Comment | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        uid = items[0].data(0, Qt.ItemDataRole.UserRole)
        return next((c for c in self.comments if c.uid == uid), None)

    def _show_target(self) -> None:
        parent = self.selected_comment()
        if parent is not None:
            text = f"Reply to {parent.author}"
        elif self.span_target:
            text = f"On {self.span_target_name}"
        else:
            text = "On the document"
        self.target.setText(text)

    def start(self) -> None:
        self.input.setFocus()

    def post(self) -> None:
        text = self.input.text().strip()
        if not text:
            return
        self.posted.emit(text, self.selected_comment())
        self.input.clear()
        self.tree.clearSelection()
