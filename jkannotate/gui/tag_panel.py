"""Issue tags of the document: a checkbox per issue, suggested confidence and evidence links."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from jkannotate.core.model import DocTag, LabelKind, State
from jkannotate.core.schema import LabelSchema
from jkannotate.gui.plain import tip
from jkannotate.gui.theme import small_font


def _pretty(label: str) -> str:
    """FORCED_LABOUR → Forced Labour, NORTH_KOREA → North Korea (headline case keeps names)."""
    return " ".join(word.capitalize() for word in label.split("_"))


class TagPanel(QWidget):
    """Click a box (or press the issue's number key) to accept or reject a tag."""

    toggled = Signal(str)  # issue label
    evidence_clicked = Signal(int, int)  # code-point range

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schema = schema
        self._text = ""
        self._boxes: dict[str, QCheckBox] = {}
        self._notes: dict[str, QLabel] = {}
        self.quotes: dict[str, QLabel] = {}  # each issue's evidence links, by label
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        issues = [lb for lb in schema.labels if lb.kind is LabelKind.ISSUE]
        for row, label in enumerate(issues):
            box = QCheckBox(_pretty(label.name))
            box.setTristate(False)
            box.setToolTip(tip(label.guideline))
            box.clicked.connect(lambda _c=False, name=label.name: self.toggled.emit(name))
            key = QLabel(label.key)
            key.setStyleSheet("color: palette(placeholder-text);")
            key.setFont(small_font(mono=True))
            note = QLabel()
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setOpenExternalLinks(False)
            note.linkActivated.connect(self._open_evidence)
            note.setWordWrap(False)
            quotes = QLabel()  # every piece of evidence, one link each, wrapped
            quotes.setTextFormat(Qt.TextFormat.RichText)
            quotes.setOpenExternalLinks(False)
            quotes.linkActivated.connect(self._open_evidence)
            quotes.setWordWrap(True)
            quotes.setContentsMargins(22, 0, 0, 2)
            quotes.hide()
            holder = QWidget()
            outer = QVBoxLayout(holder)
            outer.setContentsMargins(0, 0, 0, 0)
            outer.setSpacing(0)
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(box, 1)
            line.addWidget(note)
            outer.addLayout(line)
            outer.addWidget(quotes)
            grid.addWidget(holder, row, 0)
            self.quotes[label.name] = quotes
            grid.addWidget(key, row, 1, Qt.AlignmentFlag.AlignRight)
            self._boxes[label.name] = box
            self._notes[label.name] = note

    def show_tags(self, text: str, tags: list[DocTag]) -> None:
        self._text = text
        by_label = {t.label: t for t in tags}
        for name, box in self._boxes.items():
            tag = by_label.get(name)
            box.setChecked(tag is not None and tag.state is State.ACCEPTED)
            font = box.font()
            font.setItalic(tag is not None and tag.state is State.PENDING)
            box.setFont(font)
            self._notes[name].setText(self._describe(tag))
            quotes = self._evidence(tag)
            self.quotes[name].setText(quotes)
            self.quotes[name].setVisible(bool(quotes))

    def _describe(self, tag: DocTag | None) -> str:
        if tag is None or tag.state is State.REJECTED:
            return ""
        parts = []
        if tag.state is State.PENDING:
            confidence = f"{tag.confidence:.0%}" if tag.confidence is not None else "?"
            parts.append(
                "<span style='background:#fff1c2; color:#6b5200; border-radius:3px;'>"
                f"&nbsp;{confidence}&nbsp;</span>"
            )
        return " ".join(parts)

    def _evidence(self, tag: DocTag | None) -> str:
        """All the tag's evidence: a link per piece, named by its first words."""
        if tag is None or tag.state is State.REJECTED or not tag.evidence:
            return ""
        links = []
        for number, evidence in enumerate(tag.evidence, start=1):
            quote = " ".join(self._text[evidence.start : evidence.end].split())
            short = quote if len(quote) <= 28 else quote[:27].rstrip() + "…"
            links.append(
                f"<a href='{evidence.start}:{evidence.end}' title='{html.escape(quote[:300])}'>"
                f"¶{number}</a>&nbsp;<span style='color:palette(placeholder-text);'>"
                f"{html.escape(short)}</span>"
            )
        return "<br>".join(links)

    def _open_evidence(self, link: str) -> None:
        start, _, end = link.partition(":")
        self.evidence_clicked.emit(int(start), int(end))

    def box(self, label: str) -> QCheckBox:
        return self._boxes[label]
