"""One event across outlets: the reports side by side with the frame's parts highlighted
(who, what, when, where, and the contested words each outlet chose) and a table of the
differences; the reviewer confirms the event or splits one report off."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jkannotate.review.compare import Comparison, OutletReport, compare_event
from jkannotate.review.registry import RegisteredEvent

if TYPE_CHECKING:
    from jkannotate.project import Project

STYLES = {
    "trigger": "font-weight:bold; text-decoration:underline; background-color:#cde4f7;",
    "source": "background-color:#ffe0b2;",
    "target": "background-color:#d7ecd9;",
    "time": "background-color:#eeeeee;",
    "place": "background-color:#eeeeee;",
    "term": "color:#7b1fa2; font-weight:bold; text-decoration:underline;",
}
LEGEND = ("<b><u>trigger</u></b> · <span style='background-color:#ffe0b2'>who acts</span> · "
          "<span style='background-color:#d7ecd9'>whom it is aimed at</span> · "
          "<span style='background-color:#eeeeee'>when, where</span> · "
          "<span style='color:#7b1fa2'><b><u>contested word</u></b></span>")


def highlighted_html(report: OutletReport, context: int = 600) -> str:
    """The report's text around its frames, with every highlight styled (overlaps nest)."""
    text = report.text
    if report.frames:
        first = min(f.sentence[0] for f in report.frames)
        last = max(f.sentence[1] for f in report.frames)
        start, end = max(0, first - context), min(len(text), last + context)
    else:
        start, end = 0, min(len(text), 2 * context)
    bounds = {start, end}
    for h in report.highlights:
        if h.end > start and h.start < end:
            bounds.update((max(start, h.start), min(end, h.end)))
    cuts = sorted(bounds)
    pieces = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        style = "".join(STYLES[h.kind] for h in report.highlights
                        if h.start <= left and right <= h.end)
        chunk = escape(text[left:right]).replace("\n", "<br/>")
        pieces.append(f'<span style="{style}">{chunk}</span>' if style else chunk)
    head = (f"<h3>{escape(report.outlet)}</h3><p><i>{escape(report.title)}</i> · "
            f"{escape(report.published or 'no date')} · document {report.document_id}</p>")
    return head + ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")


class EventCompareWindow(QWidget):
    """The comparison of one registry event; ``decided`` after a confirm or split."""

    decided = Signal()

    def __init__(self, project: Project, event: RegisteredEvent,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.project = project
        self.registered = event
        docs = project.annotated_many(event.documents)
        self.comparison: Comparison = compare_event(event, {d.document.id: d for d in docs})
        self.setWindowTitle(f"Compare: {event.event} {event.actors} {event.dates[0]}")
        self.resize(1200, 800)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(LEGEND))
        splitter = QSplitter(Qt.Orientation.Vertical)
        columns = QWidget()
        row = QHBoxLayout(columns)
        row.setContentsMargins(0, 0, 0, 0)
        self.browsers: list[QTextBrowser] = []
        for report in self.comparison.reports:
            browser = QTextBrowser()
            browser.setHtml(highlighted_html(report))
            row.addWidget(browser)
            self.browsers.append(browser)
        splitter.addWidget(columns)
        self.table = QTableWidget(len(self.comparison.differences), len(self.comparison.reports))
        self.table.setHorizontalHeaderLabels([r.outlet for r in self.comparison.reports])
        self.table.setVerticalHeaderLabels([a for a, _ in self.comparison.differences])
        for r, (_aspect, values) in enumerate(self.comparison.differences):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(r, c, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        splitter.addWidget(self.table)
        splitter.setSizes([560, 200])
        layout.addWidget(splitter)
        buttons = QDialogButtonBox()
        confirm = buttons.addButton("Confirm: one event", QDialogButtonBox.ButtonRole.AcceptRole)
        split = buttons.addButton("Split off the selected report",
                                  QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        confirm.clicked.connect(self.confirm)
        split.clicked.connect(self.split_selected)
        close.clicked.connect(self.close)
        layout.addWidget(buttons)

    def confirm(self) -> None:
        from jkannotate.operations.events import confirm_event

        confirm_event(self.project, [f.key for f in self.registered.frames])
        self.decided.emit()
        self.close()

    def split_selected(self) -> None:
        """Split off the report whose column is selected in the table (default: the last)."""
        from jkannotate.operations.events import split_event

        column = self.table.currentColumn()
        reports = self.comparison.reports
        report = reports[column] if 0 <= column < len(reports) else reports[-1]
        split_event(self.project, [f.key for f in report.frames])
        self.decided.emit()
        self.close()
