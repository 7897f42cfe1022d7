"""The right-hand column in review mode: annotators, their disputed versions, comments."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkannotate.core.model import Layer
from jkannotate.gui.comment_thread import CommentThread
from jkannotate.gui.plain import escaped, tip
from jkannotate.gui.review_marks import ReviewMarks
from jkannotate.gui.theme import section_title
from jkannotate.operations.review_window import ReviewDocument, VersionState

STATE_MARK = {"in_gold": ("✓", "#009E73"), "rejected": ("✕", "#B0423A"), "open": ("●", "#E69F00")}
STATUS_TEXT = {
    "todo": "to do",
    "in_progress": "in progress",
    "done": "done",
    "reviewed": "reviewed",
}


def dots_icon(colours: list[QColor]) -> QIcon:
    """A row of coloured dots: who holds a version."""
    width = max(1, len(colours)) * 11 + 2
    pixmap = QPixmap(width, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    for number, colour in enumerate(colours):
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(6 + number * 11, 6), 4.5, 4.5)
    painter.end()
    return QIcon(pixmap)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _heading(text: str) -> QLabel:
    return section_title(text)


class ReviewPanel(QSplitter):
    version_chosen = Signal(int)  # index into the shown versions
    take_requested = Signal()
    reject_requested = Signal()
    reviewed_requested = Signal()

    def __init__(self, marks: ReviewMarks, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("sidePanel")
        self.setChildrenCollapsible(False)
        self.marks = marks
        top = QWidget()
        top.setObjectName("sidePanel")
        layout = QVBoxLayout(top)
        layout.setContentsMargins(12, 0, 12, 6)
        layout.setSpacing(3)
        layout.addWidget(_heading("Review"))
        self.gold_line = QLabel()
        self.gold_line.setObjectName("reviewGold")
        self.gold_line.setWordWrap(True)
        self.gold_line.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.gold_line)
        self.offline = QLabel(  # while the server is away: decided, kept, not compared again
            "Server unreachable: your decisions are kept on this computer and saved when it "
            "is back; the versions shown are as they were.")
        self.offline.setObjectName("reviewOffline")
        self.offline.setWordWrap(True)
        self.offline.setTextFormat(Qt.TextFormat.PlainText)
        self.offline.setStyleSheet("color: #D55E00;")
        self.offline.hide()
        layout.addWidget(self.offline)
        self.people = QLabel()
        self.people.setTextFormat(Qt.TextFormat.RichText)
        self.people.setWordWrap(True)
        layout.addWidget(self.people)
        self.count = _heading("Disagreements")
        layout.addWidget(self.count)
        self.table = QTreeWidget()
        self.table.setObjectName("versions")
        self.table.setColumnCount(4)
        self.table.setHeaderLabels(["", "Text", "Label", "Who"])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setIconSize(QSize(46, 12))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 24)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 112)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(3, 52)
        self.table.itemClicked.connect(
            lambda item, _col: self.version_chosen.emit(self.table.indexOfTopLevelItem(item))
        )
        layout.addWidget(self.table, 1)
        buttons = QGridLayout()  # two rows: the panel fits a 1024-pixel-wide window
        for number, (text, signal) in enumerate(
            (
                ("Take  T", self.take_requested),
                ("Reject  ⇧X", self.reject_requested),
                ("Reviewed → next", self.reviewed_requested),
            )
        ):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(signal)
            buttons.addWidget(button, number // 2, number % 2, 1, 2 if number == 2 else 1)
        layout.addLayout(buttons)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(12, 0, 12, 8)
        bottom_layout.addWidget(_heading("Comments"))
        self.comments = CommentThread()
        bottom_layout.addWidget(self.comments, 1)
        self.addWidget(top)
        self.addWidget(bottom)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setSizes([520, 300])

    def show_review(
        self,
        review: ReviewDocument,
        gold: Layer | None,
        states: dict[str, VersionState],
        can_write: bool,
    ) -> None:
        names = review.annotators
        people = []
        for name in names:
            colour = self.marks.colour_of(name).name()
            status = STATUS_TEXT.get(review.layers[name].status.value, "")
            people.append(  # the dot is markup; the name is the annotator's, shown as written
                f"<span style='color:{colour}; font-size:x-large;'>●</span> <b>{escaped(name)}</b> "
                f"<span style='color:#6b7385;'>{escaped(status)}</span>"
            )
        if not names:
            people.append(
                "<span style='color:#6b7385;'>No other annotator's layer is visible "
                "(blind annotation: finish your own layer first).</span>"
            )
        elif len(names) == 1:
            people.append("<span style='color:#6b7385;'>One annotator: nothing to compare.</span>")
        self.people.setText("&nbsp;&nbsp; ".join(people))
        if gold is None:
            self.gold_line.setText(
                "Compare only: reviewers build gold." if not can_write else "No gold layer yet."
            )
        else:
            self.gold_line.setText(
                f"Gold: {STATUS_TEXT.get(gold.status.value, gold.status.value)}, "
                f"{_count(len(gold.kept_spans()), 'span')}, "
                f"{_count(len(gold.kept_tags()), 'tag')}"
            )
        self._fill(review, states)

    def _fill(self, review: ReviewDocument, states: dict[str, VersionState]) -> None:
        text = review.document.text
        self.table.clear()
        open_count = 0
        for version in review.versions:
            state = states.get(version.ident, "open")
            open_count += state == "open"
            mark, colour = STATE_MARK[state]
            if version.kind == "tag":
                surface, label = "(issue tag)", version.label
            else:
                surface = text[version.start : version.end].replace("\n", " ")  # type: ignore[index, misc]
                label = version.label if version.kind == "span" else f"↳ {version.role}"
            item = QTreeWidgetItem([mark, surface, label, ""])
            item.setForeground(0, QColor(colour))
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignCenter)
            item.setIcon(3, dots_icon([self.marks.colour_of(n) for n in version.has]))
            if version.kind == "argument":
                item.setToolTip(2, tip(f"{version.role} of a {version.label} event"))
                item.setToolTip(1, tip(f"{version.role} of a {version.label} event"))
            item.setToolTip(
                3, tip(f"has it: {', '.join(version.has)}\nlacks it: {', '.join(version.lacks)}")
            )
            self.table.addTopLevelItem(item)
        total = len(review.versions)
        self.count.setText(f"DISAGREEMENTS  ·  {total} ({open_count} open)")

    def select(self, index: int) -> None:
        item = self.table.topLevelItem(index)
        if item is not None:
            self.table.setCurrentItem(item)
            self.table.scrollToItem(item)
