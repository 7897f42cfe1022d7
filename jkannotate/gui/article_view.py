"""The article text with its spans painted underneath: only what the viewport shows.

The text is plain text (never HTML). Spans are painted per paint event for the visible
blocks only, so opening a long article costs one layout of the visible lines, and a
changed span repaints just its own rectangles.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple, Protocol

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from jkannotate.core.model import EventArgument, LabelKind, Span, State
from jkannotate.core.schema import LabelSchema
from jkannotate.gui.display_text import display_text
from jkannotate.gui.plain import tip
from jkannotate.gui.span_index import SpanIndex, ViewSpan
from jkannotate.gui.theme import LIGHT, Theme, badge_colour, mark_colour

ARTICLE_POINTS = 12.5  # the article's type size at zoom 100 %
_ROW_GAP = 3.0  # pixels between the underline rows of nested spans


def _line_start_at(block: QTextBlock, y: float, *, after: bool = False) -> int:
    """Position in ``block`` of the line at height ``y`` (block coordinates); with ``after``,
    of the end of that line. Binary search: a long block has thousands of lines."""
    layout = block.layout()
    count = layout.lineCount()
    if count == 0:
        return block.length() if after else 0
    low, high = 0, count
    while low < high:  # first line whose bottom is below y
        mid = (low + high) // 2
        line = layout.lineAt(mid)
        if line.y() + line.height() < y:
            low = mid + 1
        else:
            high = mid
    if low >= count:
        return block.length() if after else layout.lineAt(count - 1).textStart()
    line = layout.lineAt(low)
    return line.textStart() + line.textLength() if after else line.textStart()


class Overlay(Protocol):
    """Something painted over the spans for the visible blocks (review marks)."""

    def paint(
        self, painter: QPainter, view: ArticleView, blocks: list[tuple[QTextBlock, float]]
    ) -> None: ...

    def badges(self, view: ArticleView) -> list[Badge]: ...


class Badge(NamedTuple):
    """A label chip in the margin beside the line of ``anchor`` (viewport coordinates)."""

    anchor: QRectF
    text: str
    background: QColor
    dots: tuple[QColor, ...] = ()


def badge_font(view: QPlainTextEdit) -> QFont:
    font = QFont(view.font().family())
    font.setPointSizeF(max(7.0, view.font().pointSizeF() * 0.6))
    font.setBold(True)
    return font


class LabelMargin(QWidget):
    """The left margin: the current span's label (and the review's current version) as a
    chip beside its line, so no mark ever covers the text of the line above."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        view = self.view
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(event.rect(), QColor(view.theme.paper))
        font = badge_font(view)
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        height = metrics.height() + 2
        taken: list[QRectF] = []
        for badge in view.badges():
            dots = 10.0 * len(badge.dots)
            width = min(self.width() - 6.0, metrics.horizontalAdvance(badge.text) + 10 + dots)
            top = badge.anchor.center().y() - height / 2
            chip = QRectF(self.width() - width - 4, top, width, height)
            while any(chip.intersects(t) for t in taken):
                chip.translate(0, height + 2)
            taken.append(chip)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(badge.background)
            painter.drawRoundedRect(chip, 3, 3)
            tip_y = chip.center().y()  # a pointer towards the line
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(chip.right(), tip_y - 4),
                        QPointF(chip.right() + 4, tip_y),
                        QPointF(chip.right(), tip_y + 4),
                    ]
                )
            )
            painter.setPen(QColor("#ffffff"))
            text_rect = QRectF(chip.left() + 5, chip.top(), chip.width() - 8 - dots, height)
            text = metrics.elidedText(badge.text, Qt.TextElideMode.ElideRight, text_rect.width())
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), text)
            painter.setPen(QPen(QColor("#ffffff"), 1.0))
            for number, colour in enumerate(badge.dots):
                painter.setBrush(colour)
                centre = QPointF(chip.right() - dots + 5 + number * 10, chip.center().y())
                painter.drawEllipse(centre, 3.6, 3.6)
        painter.end()


def _own_clipboard_text(mime: QMimeData, text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard.mimeData() is mime:
        clipboard.setText(text)


class ArticleView(QPlainTextEdit):
    """Read-only, selectable article text with label-coloured spans."""

    current_changed = Signal(str)  # uid of the span the keyboard acts on ("" for none)

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schema = schema
        self.theme: Theme = LIGHT
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        self.setTabChangesFocus(False)
        self.document().setDocumentMargin(20)
        font = QFont("DejaVu Serif")
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(ARTICLE_POINTS)
        self.setFont(font)
        self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
        self.index = SpanIndex("", [])
        self.text = ""  # the stored text (the document shows it with display breaks)
        self.arguments: list[EventArgument] = []
        self.current_uid = ""
        self.show_rejected = False
        self.overlay: Overlay | None = None  # extra marks painted over the text (review mode)
        self._colours: dict[str, QColor] = {lb.name: QColor(lb.colour) for lb in schema.labels}
        self._marks: dict[str, QColor] = {}  # label -> colour drawn on this theme
        self.margin = LabelMargin(self)
        self._fit_margin()
        self.updateRequest.connect(self._margin_update)

    # content -------------------------------------------------------------------

    def show_text(
        self,
        text: str,
        spans: list[Span],
        arguments: list[EventArgument],
        *,
        headline: bool = False,
    ) -> None:
        """Replace the article (plain text) and its spans; with ``headline`` the first
        paragraph (the article's headline, annotatable like the rest) is set as a heading."""
        self.current_uid = ""
        self.text = text
        # plain text (markup in an article is shown as written), long paragraphs cut into
        # display blocks with every offset unchanged
        self.setPlainText(display_text(text))
        if headline:
            self._set_heading()
        self.index = SpanIndex(text, spans)
        self.arguments = list(arguments)
        self.viewport().update()

    def _set_heading(self) -> None:
        """Bold, larger type for the first block; characters and offsets stay as they are."""
        block = self.document().firstBlock()
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        heading.setFontPointSize(self.font().pointSizeF() * 1.2)
        cursor.mergeCharFormat(heading)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._marks.clear()
        self.setStyleSheet(
            f"QPlainTextEdit {{ background: {theme.paper}; color: {theme.text};"
            f" selection-background-color: {theme.accent}; selection-color: #ffffff; }}"
        )

    def set_font_size(self, points: float) -> None:
        font = self.font()
        font.setPointSizeF(max(7.0, min(points, 40.0)))
        self.setFont(font)
        self._fit_margin()

    # the label margin -------------------------------------------------------------

    def _fit_margin(self) -> None:
        """Wide enough for the longest label's chip at this font size (long ones elide)."""
        metrics = QFontMetricsF(badge_font(self))
        longest = max((metrics.horizontalAdvance(lb.name + " ?") for lb in self.schema.labels),
                      default=40.0)
        zoom = self.font().pointSizeF() / ARTICLE_POINTS  # the chips grow with the text
        narrow = max(48.0, self.width() * 0.16)  # a narrow pane keeps room for the text
        self.setViewportMargins(int(max(48.0, min(longest + 14, 92.0 * zoom, narrow))), 0, 0, 0)
        self._place_margin()

    def _place_margin(self) -> None:
        area = self.contentsRect()
        self.margin.setGeometry(
            QRect(area.left(), area.top(), self.viewportMargins().left(), area.height())
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_margin()
        else:
            self._place_margin()

    def _margin_update(self, _rect: QRect, _dy: int) -> None:
        self.margin.update()

    def badges(self) -> list[Badge]:
        """The chips the margin shows: the current span's label, then the overlay's."""
        found: list[Badge] = []
        current = self.index.by_uid.get(self.current_uid)
        if current is not None and self._drawn(current):
            rects = self._rects(current.start16, current.end16)
            if rects:
                span = current.span
                state = {State.PENDING: " ?", State.REJECTED: " ✕"}.get(span.state, "")
                found.append(
                    Badge(rects[0], span.label + state, badge_colour(self.colour(span.label)))
                )
            for link, event, argument in self._current_links():
                rects = self._rects(argument.start16, argument.end16)
                if rects:
                    surface = self.text[argument.span.start : argument.span.end]
                    colour = badge_colour(self.colour(event.span.label))
                    found.append(Badge(rects[0], f"{link.role}: {surface}", colour))
        if self.overlay is not None:
            found.extend(self.overlay.badges(self))
        return found

    def _emphasis(self, colour: QColor) -> QColor:
        """A stronger shade for outlines and arcs: darker on light paper, lighter on dark."""
        return colour.lighter(125) if self.theme.dark else colour.darker(130)

    def colour(self, label: str) -> QColor:
        """The label's mark colour on the current theme's page (at least 3:1)."""
        colour = self._marks.get(label)
        if colour is None:
            base = self._colours.get(label, QColor("#808080"))
            colour = self._marks[label] = mark_colour(base, self.theme)
        return QColor(colour)

    # targeted updates: repaint only the changed spans -----------------------------

    def span_changed(self, span: Span) -> None:
        old, new = self.index.update(span)
        if old is not None and (old.start16, old.end16) != (new.start16, new.end16):
            self._update_range(old.start16, old.end16)
        self._update_range(new.start16, new.end16)

    def spans_changed(self, uids: list[str], spans: dict[str, Span]) -> None:
        """Show changed (``spans``) or removed (missing from ``spans``) spans; a bulk change
        updates the index in one go and repaints the viewport once."""
        if len(uids) <= 20:
            for uid in uids:
                span = spans.get(uid)
                if span is None:
                    self.span_removed(uid)
                else:
                    self.span_changed(span)
            return
        self.index.update_many([spans[u] for u in uids if u in spans])
        for uid in uids:
            if uid not in spans:
                self.span_removed(uid)
        self.viewport().update()

    def span_removed(self, uid: str) -> None:
        old = self.index.remove(uid)
        if old is not None:
            self._update_range(old.start16, old.end16)
        if uid == self.current_uid:
            self.set_current("")

    def set_arguments(self, arguments: list[EventArgument]) -> None:
        self.arguments = list(arguments)
        self.viewport().update()  # argument lines may cross the whole view

    def set_show_rejected(self, show: bool) -> None:
        self.show_rejected = show
        self.viewport().update()

    def set_current(self, uid: str, *, scroll: bool = True) -> None:
        previous = self.index.by_uid.get(self.current_uid)
        self.current_uid = uid
        entry = self.index.by_uid.get(uid)
        if previous is not None:
            self._update_range(previous.start16, previous.end16)
        if entry is not None:
            if scroll:
                self.scroll_to(entry.start16, entry.end16)
            self._update_range(entry.start16, entry.end16)
        if self.arguments:
            self.viewport().update()
        self.current_changed.emit(uid)

    def scroll_to(self, start16: int, end16: int, *, select: bool = False) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(end16)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(start16)
        if select:
            cursor.setPosition(end16, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _update_range(self, start16: int, end16: int) -> None:
        rects = self._rects(start16, end16)
        if not rects:
            return
        united = rects[0]
        for rect in rects[1:]:
            united = united.united(rect)
        margin = 6 + _ROW_GAP * 6
        self.viewport().update(united.adjusted(-4, -18, 4, margin).toAlignedRect())

    # selection in code points -----------------------------------------------------

    def selection(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self.index.utf16.from_utf16(cursor.selectionStart())
        end = self.index.utf16.from_utf16(cursor.selectionEnd())
        return (start, end) if start < end else None

    def select_code_points(self, start: int, end: int) -> None:
        to16 = self.index.utf16.to_utf16
        cursor = QTextCursor(self.document())
        cursor.setPosition(to16(start))
        cursor.setPosition(to16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 (Qt name)
        """Copy the stored text, not the display line breaks.

        The clipboard outlives Python: mime data made here would be destroyed by Qt's exit
        handlers after the interpreter is gone (a crash at exit), so once Qt has put it on
        the clipboard it is swapped for the same text in mime data Qt makes itself.
        """
        mime = QMimeData()
        selection = self.selection()
        if selection is not None:
            text = self.text[selection[0] : selection[1]]
            mime.setText(text)
            QTimer.singleShot(0, lambda: _own_clipboard_text(mime, text))
        return mime

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    # geometry ---------------------------------------------------------------------

    def _visible_blocks(
        self, y_from: float = 0.0, y_to: float | None = None
    ) -> list[tuple[QTextBlock, float]]:
        """The blocks the viewport shows (between ``y_from`` and ``y_to``), with their tops."""
        block = self.firstVisibleBlock()
        if not block.isValid():
            return []
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        bottom_limit = self.viewport().height() if y_to is None else y_to
        found: list[tuple[QTextBlock, float]] = []
        while block.isValid() and top <= bottom_limit:
            height = self.blockBoundingRect(block).height()
            if top + height >= y_from:
                found.append((block, top))
            top += height
            block = block.next()
        return found

    def visible_blocks(self) -> list[tuple[QTextBlock, float]]:
        return self._visible_blocks()

    def rects(self, start: int, end: int, blocks: list[tuple[QTextBlock, float]]) -> list[QRectF]:
        """Line rectangles of a code-point range among ``blocks``."""
        to16 = self.index.utf16.to_utf16
        return self._rects(to16(start), to16(end), blocks)

    def _rects(
        self, start16: int, end16: int, blocks: list[tuple[QTextBlock, float]] | None = None
    ) -> list[QRectF]:
        """Line rectangles covering a UTF-16 range on screen, in viewport coordinates."""
        blocks = self._visible_blocks() if blocks is None else blocks
        if not blocks:
            return []
        starts = [b.position() for b, _ in blocks]
        first = max(0, bisect.bisect_right(starts, start16) - 1)
        left_offset = self.contentOffset().x()
        rects: list[QRectF] = []
        for block, top in blocks[first:]:
            base = block.position()
            if base >= end16:
                break
            layout = block.layout()
            lo, hi = max(start16, base) - base, min(end16, base + block.length() - 1) - base
            first_line = layout.lineForTextPosition(lo)  # not a walk over a long block's lines
            for i in range(max(first_line.lineNumber(), 0), layout.lineCount()):
                line = layout.lineAt(i)
                line_start = line.textStart()
                if line_start >= hi:
                    break
                s, e = max(lo, line_start), min(hi, line_start + line.textLength())
                if s >= e:
                    continue
                x1 = line.cursorToX(s)[0]
                x2 = line.cursorToX(e)[0]
                left, right = min(x1, x2), max(x1, x2)  # right-to-left runs
                rects.append(
                    QRectF(left + left_offset, top + line.y(), right - left, line.height())
                )
        return rects

    def _visible_range(
        self, blocks: list[tuple[QTextBlock, float]], y_from: float, y_to: float
    ) -> tuple[int, int]:
        """UTF-16 range shown between ``y_from`` and ``y_to``: whole blocks, except that in
        a block taller than that only the lines inside count (unbreakable long text)."""
        if not blocks:
            return 0, 0
        first, first_top = blocks[0]
        last, last_top = blocks[-1]
        lo = first.position() + _line_start_at(first, y_from - first_top)
        end_line = _line_start_at(last, y_to - last_top, after=True)
        return lo, last.position() + min(end_line, last.length())

    def span_at(self, pos: QPointF) -> list[ViewSpan]:
        position = self.cursorForPosition(pos.toPoint()).position()
        hits = self.index.containing(position)
        return [h for h in hits if self._drawn(h)]

    def _drawn(self, entry: ViewSpan) -> bool:
        return self.show_rejected or entry.span.state is not State.REJECTED

    # painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        area = event.rect()
        # only the blocks the damaged area touches: a changed span repaints a line or two
        y_from, y_to = area.top() - 24.0, area.bottom() + 24.0
        blocks = self._visible_blocks(y_from, y_to)
        lo, hi = self._visible_range(blocks, y_from, y_to)
        visible = [v for v in self.index.overlapping(lo, hi) if self._drawn(v)]
        clip = QRectF(event.rect())
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        placed: list[tuple[ViewSpan, list[QRectF]]] = []
        for entry in visible:
            rects = self._rects(entry.start16, entry.end16, blocks)
            if rects and any(r.adjusted(-4, -18, 4, 24).intersects(clip) for r in rects):
                placed.append((entry, rects))
                self._paint_fill(painter, entry, rects)
        painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for entry, rects in placed:
            self._paint_underline(painter, entry, rects)
        current = self.index.by_uid.get(self.current_uid)
        if current is not None and self._drawn(current):
            self._paint_current(painter, current, self._visible_blocks())
        if self.overlay is not None:
            self.overlay.paint(painter, self, blocks)
        painter.end()
        self.margin.update()  # its chips follow the current span and the overlay

    def _paint_fill(self, painter: QPainter, entry: ViewSpan, rects: list[QRectF]) -> None:
        span = entry.span
        fill = self.colour(span.label)
        if span.state is State.ACCEPTED:
            fill.setAlpha(self.theme.fill_alpha)
        elif span.state is State.PENDING:
            fill.setAlpha(self.theme.fill_alpha // 4)
        else:
            return
        inset = min(entry.level, 3) * 1.5
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-1, 1 + inset, 1, -1 - inset), 3, 3)

    def _paint_underline(self, painter: QPainter, entry: ViewSpan, rects: list[QRectF]) -> None:
        span = entry.span
        colour = self.colour(span.label)
        pen = QPen(colour, 2.0)
        if span.state is State.PENDING:
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setDashPattern([2.5, 1.5])
        elif span.state is State.REJECTED:
            pen = QPen(QColor(self.theme.muted), 1.2, Qt.PenStyle.DotLine)
        if span.kind is LabelKind.EVENT:
            pen.setWidthF(pen.widthF() + 0.8)
        painter.setPen(pen)
        for rect in rects:
            y = rect.bottom() - 1 - entry.level * _ROW_GAP
            if span.state is State.REJECTED:
                y = rect.center().y()
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))

    def _paint_current(
        self, painter: QPainter, entry: ViewSpan, blocks: list[tuple[QTextBlock, float]]
    ) -> None:
        rects = self._rects(entry.start16, entry.end16, blocks)
        if not rects:
            return
        colour = self._emphasis(self.colour(entry.span.label))
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 4, 4)
        self._paint_arguments(painter, entry, blocks)

    def _current_links(self) -> list[tuple[EventArgument, ViewSpan, ViewSpan]]:
        uid = self.current_uid
        found = []
        for link in self.arguments:
            if uid in (link.event_uid, link.argument_uid):
                event = self.index.by_uid.get(link.event_uid)
                argument = self.index.by_uid.get(link.argument_uid)
                if event is not None and argument is not None:
                    found.append((link, event, argument))
        return found

    def _paint_arguments(
        self, painter: QPainter, entry: ViewSpan, blocks: list[tuple[QTextBlock, float]]
    ) -> None:
        """Arcs from an event trigger to its arguments, each higher than the last so none
        runs along another; the role names are chips in the margin beside each argument's
        line (see :meth:`badges`), never written over the text."""
        for number, (_link, event, argument) in enumerate(self._current_links()):
            a_rects = self._rects(event.start16, event.end16, blocks)
            b_rects = self._rects(argument.start16, argument.end16, blocks)
            if not a_rects or not b_rects:
                continue
            start = QPointF(a_rects[0].center().x(), a_rects[0].top() + 1)
            end = QPointF(b_rects[0].center().x(), b_rects[0].top() + 1)
            top = min(start.y(), end.y()) - 10 - number * 6
            path = QPainterPath(start)
            path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
            colour = self._emphasis(self.colour(event.span.label))
            line = QColor(colour)
            line.setAlpha(170)  # an arc that must cross a line leaves its text readable
            painter.setPen(QPen(line, 1.4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(end, 2.5, 2.5)

    # mouse: hovering names a span, clicking makes it current ---------------------------

    def describe(self, entry: ViewSpan) -> str:
        """Label, state, source and confidence: colour is never the only cue."""
        span = entry.span
        parts = [span.label, span.state.value]
        if span.origin.value == "suggested":
            parts.append(f"suggested by {span.source}" if span.source else "suggested")
        else:
            parts.append(span.origin.value)
        if span.confidence is not None:
            parts.append(f"confidence {span.confidence:.0%}")
        line = f"“{self.text[span.start : span.end][:60]}”  " + " · ".join(parts)
        if span.kb_id or span.norm:  # its actor (name, id, country, sector) or DATE value
            from jkannotate.gui.actor_link import describe  # the knowledge base on first use

            line += "\n    " + describe(span)
        return line

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hits = self.span_at(QPointF(event.pos()))
            if hits:
                QToolTip.showText(
                    event.globalPos(), tip("\n".join(self.describe(h) for h in hits)), self
                )
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt name)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            hits = self.span_at(event.position())
            self.set_current(hits[0].span.uid if hits else "", scroll=False)

    def visible_rect_of(self, uid: str) -> QRect | None:
        entry = self.index.by_uid.get(uid)
        if entry is None:
            return None
        rects = self._rects(entry.start16, entry.end16)
        return rects[0].toAlignedRect() if rects else None
