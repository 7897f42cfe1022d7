"""The queue on the left: search, filters and the lazy document table."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jkannotate.core.actors import actor_keys
from jkannotate.core.errors import InputError, ServerUnavailable
from jkannotate.core.model import GOLD_OWNER, LabelKind
from jkannotate.gui.key_line import KeyLine
from jkannotate.gui.queue_delegate import StatusDelegate, TitleDelegate
from jkannotate.gui.queue_model import (
    COLUMNS,
    GOLD_COUNT_HEADER,
    SORT_BY_COLUMN,
    STATUS_TEXT,
    QueueModel,
)
from jkannotate.gui.theme import header_width, section_title
from jkannotate.operations.queue import QueueQuery, duplicate_groups
from jkannotate.project import Project


class QueuePanel(QWidget):
    document_chosen = Signal(int)
    leave = Signal()  # Esc: back to the article

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.project = project
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 0, 0)
        layout.setSpacing(6)
        self.title = section_title("Queue")
        layout.addWidget(self.title)
        self.search = KeyLine()  # Enter opens, Down goes to the list, Esc back to the article
        self.search.setPlaceholderText("Search titles and text…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Words of titles and texts; actor:NAME, actor:jka:ID or "
                               "actor:Q17 lists the documents that mention an actor")
        layout.addWidget(self.search)
        filters = QGridLayout()
        filters.setSpacing(4)
        self.status = self._combo("Any status", [(v, k) for k, v in STATUS_TEXT.items()])
        schema = project.schema
        span_labels = [
            (n, n) for n in schema.names(LabelKind.ENTITY) + schema.names(LabelKind.EVENT)
        ]
        self.label = self._combo("Any label", span_labels)
        self.tag = self._combo("Any issue", [(n, n) for n in schema.names(LabelKind.ISSUE)])
        self.group = self._combo("Any group", [])
        filters.addWidget(self.status, 0, 0)
        filters.addWidget(self.label, 0, 1)
        filters.addWidget(self.tag, 1, 0)
        filters.addWidget(self.group, 1, 1)
        layout.addLayout(filters)
        self.model = QueueModel(project, self._own_query(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(46)
        self.table.setItemDelegateForColumn(0, TitleDelegate(self.table))
        self.table.setItemDelegateForColumn(3, StatusDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnHidden(1, True)  # outlet and date are drawn under the title
        self.table.setColumnHidden(2, True)
        self.table.setAlternatingRowColors(False)
        self.sort = self._combo(
            "Sort: import order",
            [
                ("Sort: newest first", ("date", True)),
                ("Sort: oldest first", ("date", False)),
                ("Sort: outlet", ("outlet", False)),
                ("Sort: title", ("title", False)),
                ("Sort: status", ("status", False)),
            ],
        )
        self.sort.currentIndexChanged.connect(self._sort_chosen)
        filters.addWidget(self.sort, 2, 0, 1, 2)
        self.table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setObjectName("docMeta")
        layout.addWidget(self.count)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.status, self.label, self.tag, self.group):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search.submitted.connect(self._open_from_search)
        self.search.down.connect(self._into_table)
        self.search.leave.connect(self.leave)
        self.table.installEventFilter(self)
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        self._groups_loaded = False
        self.group.installEventFilter(self)
        self._show_count()
        self.set_zoom(1.0)

    def _own_query(self) -> QueueQuery:
        # an annotator with assigned documents sees those; everyone else sees the project
        user = self.project.user
        assigned = user if user in self.project.assignments() else None
        return QueueQuery(owner=user, assigned_to=assigned)

    @property
    def owner(self) -> str:
        """Whose layer the statuses and counts are: the user's, or ``gold`` in review mode."""
        return self.model.query.owner

    def show_layer(self, owner: str | None) -> None:
        """List ``owner``'s layer (``gold`` while reviewing: every document, gold's status and
        its undecided versions), or the user's own again with None; filters stay."""
        owner = owner or self.project.user
        if owner == self.owner:
            return
        base = self._own_query() if owner == self.project.user else QueueQuery(owner=owner)
        current = self.model.query
        self.model.set_query(replace(current, owner=base.owner, assigned_to=base.assigned_to))
        self.title.setText("QUEUE · GOLD" if owner == GOLD_OWNER else "QUEUE")
        self._show_count()

    def set_zoom(self, factor: float) -> None:
        """Rows and columns for the table's font at this zoom: Status and Left as wide as
        their words and numbers, and never so narrow that the Document header is cut."""
        header = self.table.horizontalHeader()
        text = QFontMetrics(self.table.font())
        status = max(header_width(header, COLUMNS[3]), 20 + text.horizontalAdvance(
            max(STATUS_TEXT.values(), key=text.horizontalAdvance)) + 8)
        left = max(header_width(header, COLUMNS[4]), header_width(header, GOLD_COUNT_HEADER),
                   text.horizontalAdvance("00000") + 12)
        header.resizeSection(3, status)
        header.resizeSection(4, left)
        bar = self.table.verticalScrollBar().sizeHint().width()
        frame = 2 * self.table.frameWidth()
        self.table.setMinimumWidth(header_width(header, COLUMNS[0]) + status + left + bar + frame)
        rows = max(round(46 * factor), 2 * text.height() + 12)  # title over outlet · date
        self.table.verticalHeader().setDefaultSectionSize(rows)

    @staticmethod
    def _combo(anything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(anything, None)
        for text, value in items:
            combo.addItem(text, value)
        combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # as narrow as the window needs (1024 px wide screens); the list shows whole items
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        return combo

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]  # noqa: N802
        if watched is self.table and event.type() in (
            event.Type.ShortcutOverride,
            event.Type.KeyPress,
        ):
            return self._table_key(event)
        # duplicate groups are listed when the box is first opened, not at start-up
        if (
            watched is self.group
            and not self._groups_loaded
            and event.type() == event.Type.MouseButtonPress
        ):
            self._groups_loaded = True
            for group in duplicate_groups(self.project):
                self.group.addItem(f"Group {group}", group)
        return super().eventFilter(watched, event)

    def _sort_chosen(self, _index: int) -> None:
        key, descending = self.sort.currentData() or ("id", False)
        column = {v: k for k, v in SORT_BY_COLUMN.items()}[key]
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)  # sorts the model

    def apply_filters(self) -> None:
        words, actor = self.search.text().strip(), None
        if words.startswith("actor:"):  # actor:Kishida, actor:Q17: documents mentioning them
            words, actor = "", words[len("actor:"):].strip() or None
            try:
                actor_keys(actor or "-")
            except InputError as error:
                self.count.setText(str(error))
                return
        query = replace(
            self.model.query,
            actor=actor,
            actor_suggestions=True,  # before I start, the suggestions are the mentions
            status=self.status.currentData(),
            label=self.label.currentData(),
            tag=self.tag.currentData(),
            duplicate_group=self.group.currentData(),
            search=words or None,
        )
        try:
            self.model.set_query(query)
        except ServerUnavailable:
            self.count.setText("Server unreachable: the list is as it was")
            return
        self._show_count()

    def _show_count(self) -> None:
        total = self.model.total
        self.count.setText(f"{total:,} document{'s' if total != 1 else ''}")

    def _table_key(self, event) -> bool:  # type: ignore[no-untyped-def]
        """In the list, Enter opens the selected document and Esc returns to the article
        (before the window's own Enter = accept could take them)."""
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
        if event.key() not in keys:
            return False
        if event.type() == event.Type.ShortcutOverride:
            event.accept()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.leave.emit()
        elif self.table.currentIndex().isValid():
            self._chosen(self.table.currentIndex())
        return True

    def _open_from_search(self) -> None:
        """Enter in the search box: run the search now and open the first match."""
        self._search_timer.stop()
        self.apply_filters()
        if self.model.rowCount() == 0 and self.model.canFetchMore():
            self.model.fetchMore()
        if self.model.rowCount():
            self.table.selectRow(0)
            self._chosen(self.model.index(0, 0))

    def _into_table(self) -> None:
        """Down in the search box: into the list, on its first row (Up/Down, Enter opens)."""
        if self._search_timer.isActive():
            self._search_timer.stop()
            self.apply_filters()
        if self.model.rowCount() == 0 and self.model.canFetchMore():
            self.model.fetchMore()
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _chosen(self, index: QModelIndex) -> None:
        self.document_chosen.emit(self.model.document_id(index.row()))

    def select_document(self, doc_id: int) -> None:
        row = self.model.row_of(doc_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
