"""How a queue row looks: the title over a muted outlet · date line, and a status pill."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from jkannotate.gui.queue_model import STATUS_COLOUR

Index = QModelIndex | QPersistentModelIndex


class TitleDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(200, 46)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        painter.save()
        background = palette.color(QPalette.ColorRole.Highlight) if selected else None
        if background is not None:
            painter.fillRect(option.rect, background)
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_colour)
        muted.setAlpha(150)
        rect = option.rect.adjusted(10, 5, -6, -5)
        title_font = QFont(option.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = QFontMetrics(title_font).elidedText(
            str(model.data(index)), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), rect.height() / 2),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            title,
        )
        outlet = model.data(index.siblingAtColumn(1)) or "—"
        date = model.data(index.siblingAtColumn(2))
        meta = f"{outlet}  ·  {date}" if date else str(outlet)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        painter.setPen(muted)
        meta = QFontMetrics(small).elidedText(meta, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            QRectF(rect.left(), rect.top() + rect.height() / 2, rect.width(), rect.height() / 2),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            meta,
        )
        painter.restore()


class StatusDelegate(QStyledItemDelegate):
    """A coloured dot and the status word."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Highlight))
        status = index.data(Qt.ItemDataRole.UserRole + 1) or "todo"
        colour = QColor(STATUS_COLOUR.get(status, "#9aa0aa"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        centre_y = option.rect.center().y()
        painter.drawEllipse(QRectF(option.rect.left() + 6, centre_y - 4, 8, 8))
        painter.setPen(
            option.palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
        )
        painter.setFont(option.font)
        painter.drawText(
            option.rect.adjusted(20, 0, 0, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            str(index.data()),
        )
        painter.restore()
