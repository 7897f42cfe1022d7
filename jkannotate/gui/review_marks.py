"""Review marks painted over the article: disputed versions hatched until decided, a
bracket per annotator who holds each version, and the current version outlined, its label
and holders shown as a chip in the article's margin.

Gold itself is drawn by :class:`ArticleView` as any layer; these marks only say who
annotated what where the annotators disagree.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QTextBlock

from jkannotate.gui.article_view import ArticleView, Badge
from jkannotate.operations.review_window import Version, VersionState

# distinct from the label palette's hues where it matters: marks sit above the text
ANNOTATOR_COLOURS = ("#7B4FD6", "#00A6A6", "#D6336C", "#8C6A12", "#3D5A80", "#5C940D")
# hatching, not a wash: a pattern no label fill can be mistaken for, in any colour vision
DISPUTED = QColor(150, 60, 20, 150)
DISPUTED_PATTERN = Qt.BrushStyle.BDiagPattern
_BAR = 2.2


def annotator_colour(index: int) -> QColor:
    return QColor(ANNOTATOR_COLOURS[index % len(ANNOTATOR_COLOURS)])


class ReviewMarks:
    """The overlay the article view paints in review mode."""

    def __init__(self) -> None:
        self.annotators: list[str] = []
        self.versions: list[Version] = []
        self.states: dict[str, VersionState] = {}
        self.current: Version | None = None

    def set_review(
        self, annotators: list[str], versions: list[Version], states: dict[str, VersionState]
    ) -> None:
        self.annotators = list(annotators)
        self.versions = [v for v in versions if v.start is not None]
        self.states = dict(states)

    def colour_of(self, annotator: str) -> QColor:
        if annotator in self.annotators:
            return annotator_colour(self.annotators.index(annotator))
        return QColor("#888888")

    def paint(
        self, painter: QPainter, view: ArticleView, blocks: list[tuple[QTextBlock, float]]
    ) -> None:
        if not blocks or not self.versions:
            return
        lo = view.index.utf16.from_utf16(blocks[0][0].position())
        last = blocks[-1][0]
        hi = view.index.utf16.from_utf16(
            min(last.position() + last.length() - 1, view.document().characterCount() - 1)
        )
        shown = [v for v in self.versions if v.start < hi and v.end > lo]  # type: ignore[operator]
        painter.setPen(Qt.PenStyle.NoPen)
        gutter: dict[int, set[str]] = {}
        holders: dict[tuple[int, int], set[str]] = {}
        for version in shown:
            rects = view.rects(version.start, version.end, blocks)  # type: ignore[arg-type]
            if not rects:
                continue
            if self.states.get(version.ident, "open") == "open":
                painter.setBrush(QBrush(DISPUTED, DISPUTED_PATTERN))
                for rect in rects:
                    painter.drawRect(rect.adjusted(-1, 2, 1, -2))
            holders.setdefault((version.start, version.end), set()).update(version.has)  # type: ignore[arg-type]
            gutter.setdefault(round(rects[0].top()), set()).update(version.has)
        for (start, end), names in holders.items():
            self._paint_strip(painter, view.rects(start, end, blocks), names)
        self._paint_gutter(painter, view, gutter)
        if self.current is not None and self.current.start is not None:
            rects = view.rects(self.current.start, self.current.end, blocks)  # type: ignore[arg-type]
            if rects:
                self._paint_current(painter, view, rects)

    def _paint_strip(self, painter: QPainter, rects: list[QRectF], names: set[str]) -> None:
        """A bracket over a range (a bar with its ends turned down onto the words, so it
        reads as belonging to them, not as an underline of the line above), one segment
        per annotator who marked it."""
        ordered = [n for n in self.annotators if n in names]
        for rect in rects:
            width = rect.width() / max(1, len(ordered))
            top = rect.top() + 1.0
            for number, name in enumerate(ordered):
                painter.setBrush(self.colour_of(name))
                segment = QRectF(rect.left() + number * width, top, width, _BAR)
                painter.drawRect(segment.adjusted(0.4 if number else 0, 0, -0.4, 0))
            if ordered:
                leg = rect.height() * 0.35
                painter.setBrush(self.colour_of(ordered[0]))
                painter.drawRect(QRectF(rect.left(), top, 1.6, leg))
                painter.setBrush(self.colour_of(ordered[-1]))
                painter.drawRect(QRectF(rect.right() - 1.6, top, 1.6, leg))

    def _paint_gutter(
        self, painter: QPainter, view: ArticleView, lines: dict[int, set[str]]
    ) -> None:
        """Dots in the left margin: which annotators hold disputed versions on a line."""
        left = view.contentOffset().x() + 4
        for top, names in lines.items():
            for number, name in enumerate(n for n in self.annotators if n in names):
                painter.setBrush(self.colour_of(name))
                painter.drawEllipse(QPointF(left + number * 5.5, top + 9), 2.4, 2.4)

    def _paint_current(self, painter: QPainter, view: ArticleView, rects: list[QRectF]) -> None:
        pen = QPen(QColor("#C05A00"), 1.6, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in rects:
            painter.drawRoundedRect(rect.adjusted(-3, -1, 3, 1), 4, 4)

    def badges(self, view: ArticleView) -> list[Badge]:
        """The current version's label and who holds it, for the article's margin."""
        version = self.current
        if version is None or version.start is None:
            return []
        rects = view.rects(version.start, version.end, view.visible_blocks())  # type: ignore[arg-type]
        if not rects:
            return []
        label = version.label if version.kind == "span" else f"{version.label} → {version.role}"
        dots = tuple(self.colour_of(name) for name in version.has)
        return [Badge(rects[0], label, QColor("#3b2a12"), dots)]
