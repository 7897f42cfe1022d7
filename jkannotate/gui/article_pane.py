"""The centre pane: the article's title and metadata, a conflict banner, and the text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jkannotate.core.model import Document, Layer
from jkannotate.core.schema import LabelSchema
from jkannotate.gui.article_view import ArticleView
from jkannotate.gui.find_bar import FindBar
from jkannotate.gui.theme import TITLE_POINTS


def metadata_line(document: Document) -> str:
    parts = [document.outlet or "unknown outlet"]
    if document.published:
        parts.append(document.published)
    if document.byline:
        parts.append(document.byline)
    parts.append(f"{len(document.text):,} characters")
    if document.duplicate_group is not None:
        parts.append(f"duplicate group {document.duplicate_group}")
    parts.append(f"#{document.id}")
    return "  ·  ".join(parts)


class ArticlePane(QWidget):
    reload_requested = Signal()

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articlePane")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        header = QWidget()
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(30, 18, 30, 4)
        header_layout.setSpacing(4)
        self.title = QLabel()
        self.title.setObjectName("docTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # titles are data, never markup
        title_font = QFont()
        title_font.setPointSizeF(TITLE_POINTS)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.meta = QLabel()
        self.meta.setObjectName("docMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)  # a narrow window wraps it rather than widening the pane
        header_layout.addWidget(self.title)
        header_layout.addWidget(self.meta)
        layout.addWidget(header)
        self.banner = QFrame()
        self.banner.setObjectName("banner")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(12, 8, 8, 8)
        self.banner_text = QLabel()
        self.banner_text.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_text.setWordWrap(True)
        self.reload_button = QPushButton("Reload")
        self.reload_button.clicked.connect(self.reload_requested)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.reload_button)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(24, 4, 24, 4)
        holder_layout.addWidget(self.banner)
        layout.addWidget(holder)
        self.banner.hide()
        self.find = FindBar()
        layout.addWidget(self.find)
        self.view = ArticleView(schema)
        layout.addWidget(self.view, 1)
        self.title.setText("No document open")
        self.meta.setText("Choose a document in the queue.")

    def show_document(self, document: Document, layer: Layer) -> None:
        self.hide_banner()
        self.title.setText(document.title or f"Document {document.id}")
        self.meta.setText(metadata_line(document))
        first = document.text.split("\n", 1)[0].strip()
        headline = bool(document.title) and first == document.title.strip()
        self.view.show_text(document.text, layer.spans, layer.arguments, headline=headline)

    def show_banner(self, message: str) -> None:
        self.banner_text.setText(
            "This document was changed in another window or by another program, so this "
            f"edit was not saved. Reload to see the current version.\n({message})"
        )
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.hide()
