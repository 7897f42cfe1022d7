"""The document queue as a lazy table model: rows are fetched a page at a time as they scroll in."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from jkannotate.core.errors import ServerUnavailable
from jkannotate.core.model import GOLD_OWNER
from jkannotate.gui.plain import tip
from jkannotate.operations.queue import QueueQuery, QueueRow, queue_count, queue_page
from jkannotate.project import Project

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Document", "Outlet", "Date", "Status", "Left")
GOLD_COUNT_HEADER = "Open"  # the last column in review mode: undecided versions
SORT_BY_COLUMN = {0: "title", 1: "outlet", 2: "date", 3: "status", 4: "id"}
STATUS_TEXT = {
    "todo": "To do",
    "in_progress": "In progress",
    "done": "Done",
    "reviewed": "Reviewed",
}
STATUS_COLOUR = {
    "todo": "#9aa0aa",
    "in_progress": "#E69F00",
    "done": "#009E73",
    "reviewed": "#0072B2",
}


class QueueModel(QAbstractTableModel):
    """Knows the number of matching documents; holds only the pages fetched so far."""

    page_size = 200

    def __init__(self, project: Project, query: QueueQuery, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.project = project
        self.query = query
        self._rows: list[QueueRow] = []
        self._total = queue_count(project, query)

    # the lazy part ------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid():
            return
        try:
            page = queue_page(self.project, self.query, len(self._rows), self.page_size)
        except ServerUnavailable:
            return  # the rows fetched stay; scrolling fetches the rest once the server is back
        page = page[: self._total - len(self._rows)]
        if not page:
            self._total = len(self._rows)  # the project shrank under us
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: QueueQuery) -> None:
        """List ``query``'s documents; ServerUnavailable leaves the list as it was."""
        total = queue_count(self.project, query)
        self.beginResetModel()
        self.query = query
        self._rows = []
        self._total = total
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.query)

    def refresh_document(self, doc_id: int) -> None:
        """Re-read one row (its status or pending count changed)."""
        for row, item in enumerate(self._rows):
            if item.id == doc_id:
                try:
                    fresh = queue_page(self.project, replace(self.query), row, 1)
                except ServerUnavailable:
                    return  # shown as it was; read again after the next edit
                if fresh and fresh[0].id == doc_id:
                    self._rows[row] = fresh[0]
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return

    def row_of(self, doc_id: int) -> int | None:
        for row, item in enumerate(self._rows):
            if item.id == doc_id:
                return row
        return None

    def document_id(self, row: int) -> int:
        return self._rows[row].id

    # QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    @property
    def lists_gold(self) -> bool:
        """Whether the rows are gold's (review mode) rather than the user's own layer."""
        return self.query.owner == GOLD_OWNER

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == len(COLUMNS) - 1 and self.lists_gold:
                return GOLD_COUNT_HEADER
            return COLUMNS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == len(COLUMNS) - 1:
            # clear of the sort arrow, which the default sort (import order) puts here
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.title or f"Document {item.id}",
                item.outlet or "",
                item.published or "",
                STATUS_TEXT.get(item.status, item.status),
                str(item.pending) if item.pending else "",
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return QColor(STATUS_COLOUR.get(item.status, "#9aa0aa"))
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and self.lists_gold:
            return f"{item.pending} annotator version(s) gold has not decided"
        if role == Qt.ItemDataRole.ToolTipRole:
            group = f", duplicate group {item.duplicate_group}" if item.duplicate_group else ""
            return tip(f"#{item.id} {item.title}{group}")
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.UserRole + 1:
            return item.status
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.set_query(
            replace(
                self.query,
                sort=SORT_BY_COLUMN.get(column, "id"),
                descending=order == Qt.SortOrder.DescendingOrder,
            )
        )
