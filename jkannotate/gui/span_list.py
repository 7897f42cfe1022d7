"""The document's spans as a sortable table; clicking a row jumps to the span. Grouped by
actor, the mentions of one linked actor (``kb_id``) stand together, however written."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from jkannotate.core.actors import shipped_actors
from jkannotate.core.model import Span, State
from jkannotate.core.schema import LabelSchema
from jkannotate.gui.actor_link import NOT_IN_KB, describe
from jkannotate.gui.plain import tip
from jkannotate.gui.theme import header_width

_COLUMNS = ("Text", "Label", "", "At", "Actor")
ACTOR_COLUMN = 4
_FIXED_WIDTHS = {1: 118, 2: 26, 3: 52}  # px at zoom 100 %: Label, state, At
_STATE_MARK = {State.PENDING: "?", State.ACCEPTED: "✓", State.REJECTED: "✕"}

Index = QModelIndex | QPersistentModelIndex


class SpanListModel(QAbstractTableModel):
    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colours = {lb.name: QColor(lb.colour) for lb in schema.labels}
        self._text = ""
        self._spans: list[Span] = []
        self._rows: dict[str, int] = {}
        self._sort_column = 3
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._actor_names: dict[str, str] = {}

    def set_spans(self, text: str, spans: list[Span]) -> None:
        self.beginResetModel()
        self._text = text
        self._spans = list(spans)
        self._order()
        self.endResetModel()

    def _order(self) -> None:
        keys = {
            0: lambda s: self._text[s.start : s.end].lower(),
            1: lambda s: s.label,
            2: lambda s: s.state.value,
            3: lambda s: (s.start, s.end),
            4: lambda s: (not s.kb_id or s.kb_id == NOT_IN_KB, self.actor_name(s).lower(),
                          s.start),
        }
        self._spans.sort(
            key=keys[self._sort_column], reverse=self._sort_order == Qt.SortOrder.DescendingOrder
        )
        self._rows = {s.uid: row for row, s in enumerate(self._spans)}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._order()
        self.layoutChanged.emit()

    def actor_name(self, span: Span) -> str:
        """The linked actor's name ("" when not linked)."""
        if not span.kb_id:
            return ""
        if span.kb_id == NOT_IN_KB:
            return "not in KB"
        name = self._actor_names.get(span.kb_id)
        if name is None:
            actor = shipped_actors().get(span.kb_id)
            name = self._actor_names[span.kb_id] = actor.name if actor else span.kb_id
        return name

    def update_span(self, span: Span) -> bool:
        """Show a changed span in its row; False when the span is new (reset instead)."""
        row = self._rows.get(span.uid)
        if row is None:
            return False
        self._spans[row] = span
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_COLUMNS) - 1))
        return True

    def row_of(self, uid: str) -> int | None:
        return self._rows.get(uid)

    def span_at(self, row: int) -> Span:
        return self._spans[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        span = self._spans[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return " ".join(self._text[span.start : span.end].split())[:60]
            if column == 1:
                return span.label
            if column == 2:
                return _STATE_MARK[span.state]
            if column == ACTOR_COLUMN:
                return self.actor_name(span)
            return span.start
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return self._colours.get(span.label)
        if role == Qt.ItemDataRole.ForegroundRole and span.state is State.REJECTED:
            return QColor("#9aa0aa")
        if role == Qt.ItemDataRole.ToolTipRole:
            state = f"{span.origin.value}, {span.state.value}"
            where = f"{span.label} {span.start}–{span.end} ({state})"
            linked = describe(span) if span.kb_id or span.norm else ""
            return tip(f"{where}\n{linked}" if linked else where)
        return None


class SpanList(QTableView):
    """Sortable by any column; activating a row emits the span's uid."""

    span_chosen = Signal(str)

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = SpanListModel(schema, self)
        self.setModel(self.source)
        self.setSortingEnabled(True)
        self.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # fixed widths: sizing to contents would read every row on each change
        for column in _FIXED_WIDTHS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(ACTOR_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ACTOR_COLUMN, 110)
        self.set_zoom(1.0)
        self.setColumnHidden(ACTOR_COLUMN, True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)

    def set_zoom(self, factor: float) -> None:
        """Label, state and offset columns as wide as the zoom makes their text (never
        cutting their headers), so the span's own text keeps the rest of the width, and
        rows as tall as the font."""
        header = self.horizontalHeader()
        for column, width in _FIXED_WIDTHS.items():
            title = _COLUMNS[column]
            needed = header_width(header, title) if title else 0
            header.resizeSection(column, max(needed, round(width * factor)))
        self.verticalHeader().setDefaultSectionSize(
            max(22, QFontMetrics(self.font()).height() + 6))

    def group_by_actor(self, on: bool) -> None:
        """Mentions of each linked actor together (unlinked ones last), or back to text order."""
        self.setColumnHidden(ACTOR_COLUMN, not on)
        self.sortByColumn(ACTOR_COLUMN if on else 3, Qt.SortOrder.AscendingOrder)

    def show_current(self, uid: str) -> None:
        """Select and show the row of the article's current span (the list follows)."""
        row = self.source.row_of(uid)
        if row is None:
            self.clearSelection()
            return
        index = self.source.index(row, 0)
        self.selectRow(row)
        self.scrollTo(index)

    def _chosen(self, index: QModelIndex) -> None:
        self.span_chosen.emit(self.source.span_at(index.row()).uid)
