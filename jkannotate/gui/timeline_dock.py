"""The event timeline dock: Japan→Korea and Korea→Japan by month, coloured by PLOVER quad
class, issue tags beneath; clicking a dot opens its first document. Below it, the events
reported by more than one outlet; double-click one to compare the reports."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jkannotate.core.plover_mapping import QUAD_NAMES
from jkannotate.review.registry import RegisteredEvent
from jkannotate.review.timeline import DYADS, QUAD_COLOURS, Timeline, TimelinePoint

if TYPE_CHECKING:
    from jkannotate.project import Project

_LEFT, _LANE, _TOP, _STEP = 84, 64, 30, 46
_OFFSETS = {1: -11, 2: -4, 3: 4, 4: 11}


class TimelineView(QWidget):
    """Paints a :class:`Timeline`; ``documents_chosen`` says which documents a dot stands for."""

    documents_chosen = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline = Timeline([], [], {})
        self.dots: list[tuple[QRectF, TimelinePoint]] = []
        self.setMouseTracking(True)

    def set_timeline(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.resize(self.sizeHint())  # in a scroll area: grow with the months
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        width = _LEFT + _STEP * max(1, len(self.timeline.months)) + 20
        return QSize(max(width, _LEFT + 175 * len(QUAD_NAMES)), _TOP + _LANE * len(DYADS) + 70)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() - 2))
        self.dots = []
        x = _LEFT
        for quad, name in QUAD_NAMES.items():
            painter.setBrush(QColor(QUAD_COLOURS[quad]))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(QPointF(x, 11), 5, 5)
            painter.setPen(QColor("#333"))
            painter.drawText(QPointF(x + 9, 15), name)
            x += 175
        months = self.timeline.months
        for row, (source, target) in enumerate(DYADS):
            y = _TOP + _LANE * row + _LANE / 2
            painter.setPen(QColor("#222"))
            painter.drawText(QPointF(4, y + 4), f"{source}→{target}")
            painter.setPen(QPen(QColor("#dddddd"), 1))
            painter.drawLine(QPointF(_LEFT - 6, y), QPointF(self.width() - 8, y))
            for point in self.timeline.lane(source, target):
                if point.month not in months:
                    continue
                cx = _LEFT + _STEP * months.index(point.month) + _STEP / 2
                radius = min(4 + 2.5 * point.count, _STEP / 2 - 2)
                centre = QPointF(cx, y + _OFFSETS[point.quad])
                painter.setBrush(QColor(QUAD_COLOURS[point.quad]))
                painter.setPen(QPen(QColor("#333"), 0.6))
                painter.drawEllipse(centre, radius, radius)
                box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
                self.dots.append((box, point))
        label_y = _TOP + _LANE * len(DYADS) + 10
        painter.setFont(small)
        for index, month in enumerate(months):
            cx = _LEFT + _STEP * index + _STEP / 2
            painter.setPen(QColor("#555"))
            painter.drawText(QRectF(cx - _STEP / 2, label_y, _STEP, 14),
                             Qt.AlignmentFlag.AlignCenter, month[2:])
            painter.setPen(QColor("#888"))
            tags = self.timeline.tags.get(month, Counter()).most_common(3)
            for line, (tag, _count) in enumerate(tags):
                text = tag.replace("_", " ").lower()
                painter.drawText(QRectF(cx - _STEP / 2, label_y + 14 + 12 * line, _STEP, 12),
                                 Qt.AlignmentFlag.AlignCenter,
                                 painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                                  _STEP - 2))
        painter.end()

    def point_at(self, position: QPointF) -> TimelinePoint | None:
        for box, point in reversed(self.dots):
            if box.contains(position):
                return point
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = self.point_at(event.position())
        self.setToolTip("" if point is None else
                        f"{point.month} {point.direction}: {point.count} "
                        f"{QUAD_NAMES[point.quad]} event(s)\ndocuments "
                        f"{', '.join(map(str, sorted(point.documents)))}")
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = self.point_at(event.position())
        if point is not None:
            self.documents_chosen.emit(sorted(point.documents))
        super().mousePressEvent(event)


class TimelineDock(QDockWidget):
    """The dock: the timeline and the list of events reported by several outlets."""

    document_chosen = Signal(int)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__("Event timeline", parent)
        self.setObjectName("eventTimelineDock")
        self.project = project
        self.events: list[RegisteredEvent] = []
        self.view = TimelineView()
        self.view.documents_chosen.connect(self._open_first)
        scroll = QScrollArea()
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.itemActivated.connect(self._compare)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(scroll)
        splitter.addWidget(self.list)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(self.summary)
        layout.addWidget(splitter)
        self.setWidget(body)
        self.compare_window = None
        self.refresh()

    def refresh(self) -> None:
        from jkannotate.operations.events import build_registry
        from jkannotate.review.timeline import dyad_timeline

        self.events = build_registry(self.project)
        timeline = dyad_timeline(self.events)
        self.view.set_timeline(timeline)
        shared = [e for e in self.events if e.cross_outlet]
        self.summary.setText(f"{len(self.events)} events, {len(shared)} reported by more than "
                             "one document. Click a dot to open its document; double-click an "
                             "event below to compare its reports.")
        self.list.clear()
        for event in shared:
            mark = "✓ " if event.confirmed else ""
            item = QListWidgetItem(
                f"{mark}{event.dates[0]}  {event.event}  {event.actors}  —  "
                f"{', '.join(event.outlets)}")
            item.setData(Qt.ItemDataRole.UserRole, event.id)
            self.list.addItem(item)

    def _open_first(self, documents: list[int]) -> None:
        if documents:
            self.document_chosen.emit(documents[0])

    def _compare(self, item: QListWidgetItem) -> None:
        from jkannotate.gui.event_compare import EventCompareWindow

        chosen = item.data(Qt.ItemDataRole.UserRole)
        event = next((e for e in self.events if e.id == chosen), None)
        if event is None:
            return
        self.compare_window = EventCompareWindow(self.project, event, self)
        self.compare_window.decided.connect(self.refresh)
        self.compare_window.show()
