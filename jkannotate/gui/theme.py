"""Light and dark themes following the system, and the colours spans are drawn with."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QStyle

SMALL_POINTS = 8.0  # section titles and key hints at zoom 100 %: the zoom scales them
TITLE_POINTS = 17.0  # the article's title at zoom 100 %
HEADER_PADDING = 6  # px left and right of a table header's text (the style sheet's)
HEADER_WEIGHT = QFont.Weight.DemiBold  # a table header's text (the style sheet's)


def header_width(header: QHeaderView, text: str) -> int:
    """The width a header section needs to show ``text`` whole, its sort arrow beside it."""
    font = QFont(header.font())
    font.setWeight(HEADER_WEIGHT)
    style = header.style()
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
    return QFontMetrics(font).horizontalAdvance(text) + 2 * HEADER_PADDING + arrow + 2 * margin


def small_font(*, bold: bool = False, mono: bool = False) -> QFont:
    """The font of section titles (bold) and key hints (monospace). Set on the widget, not
    in the style sheet, so the window's zoom can scale it (a style sheet's size is fixed)."""
    font = QFont("DejaVu Sans Mono") if mono else QFont()
    if mono:
        font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(SMALL_POINTS)
    font.setBold(bold)
    return font


def section_title(text: str) -> QLabel:
    """A panel's small capitals heading ("ISSUE TAGS")."""
    label = QLabel(text.upper())
    label.setObjectName("sectionTitle")
    label.setFont(small_font(bold=True))
    return label


@dataclass(frozen=True, slots=True)
class Theme:
    dark: bool
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    accent: str
    border: str
    paper: str  # the article's background

    @property
    def fill_alpha(self) -> int:
        return 95 if self.dark else 70


LIGHT = Theme(
    False, "#eef0f3", "#ffffff", "#f6f7f9", "#1d2330", "#6b7385", "#2f6fde", "#d5d9e0", "#fdfdfc"
)
DARK = Theme(
    True, "#1f2228", "#272b33", "#2c3139", "#e3e6ec", "#98a0ae", "#6ea0ff", "#3a404b", "#23262d"
)


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mark_colour(colour: QColor, theme: Theme, minimum: float = 3.0) -> QColor:
    """A label's colour as drawn on ``theme``'s page: lightened on dark paper, darkened on
    light paper, until underlines and outlines reach ``minimum`` contrast (WCAG 1.4.11)."""
    paper = QColor(theme.paper)
    result = QColor(colour)
    for _ in range(40):
        if contrast(result, paper) >= minimum:
            break
        result = result.lighter(108) if theme.dark else result.darker(108)
    return result


def badge_colour(colour: QColor) -> QColor:
    """Background of a label badge under white text: dark enough for 4.5:1 (WCAG 1.4.3)."""
    white = QColor("#ffffff")
    result = QColor(colour).darker(115)
    for _ in range(40):
        if contrast(white, result) >= 4.5:
            break
        result = result.darker(108)
    return result


def system_prefers_dark(app: QApplication) -> bool:
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def current_theme(app: QApplication | None = None) -> Theme:
    app = app or QApplication.instance()  # type: ignore[assignment]
    chosen = app.property("jk_theme_choice") if app is not None else None
    if chosen in ("light", "dark"):
        return DARK if chosen == "dark" else LIGHT
    return DARK if app is not None and system_prefers_dark(app) else LIGHT  # type: ignore[arg-type]


THEME_CHOICES = ("light", "dark", "system")


def choose_theme(app: QApplication, choice: str) -> Theme:
    """Apply the user's choice (light, dark, or what the system prefers) to the app."""
    app.setProperty("jk_theme_choice", choice if choice in THEME_CHOICES else "system")
    return apply_theme(app, current_theme(app))


def apply_theme(app: QApplication, theme: Theme | None = None) -> Theme:
    """Fusion style with a palette and a small style sheet for the chosen theme."""
    theme = theme or current_theme(app)
    sheet = style_sheet(theme)
    if app.styleSheet() == sheet and app.property("jk_dark") == theme.dark:
        return theme  # applied already: a style sheet set again re-polishes every widget
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.alt_base,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Button: theme.alt_base,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.accent,
        QPalette.ColorRole.Mid: theme.border,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.muted))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.5))
    app.setFont(font)
    app.setStyleSheet(sheet)
    app.setProperty("jk_dark", theme.dark)
    return theme


def style_sheet(theme: Theme) -> str:
    return f"""
QMainWindow::separator {{ width: 1px; background: {theme.border}; }}
QSplitter::handle {{ background: {theme.border}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QToolBar {{ border: none; border-bottom: 1px solid {theme.border}; spacing: 2px; padding: 3px 6px;
  background: {theme.base}; }}
QToolBar QToolButton {{ padding: 4px 8px; border-radius: 5px; }}
QToolBar QToolButton:hover {{ background: {theme.alt_base}; }}
QStatusBar {{ border-top: 1px solid {theme.border}; background: {theme.base};
  color: {theme.muted}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QTableView {{ border: none; gridline-color: transparent; selection-background-color: {theme.accent};
  background: {theme.base}; alternate-background-color: {theme.alt_base}; }}
QHeaderView::section {{ background: {theme.base}; color: {theme.muted}; border: none;
  border-bottom: 1px solid {theme.border}; padding: 4px {HEADER_PADDING}px;
  font-weight: {HEADER_WEIGHT.value}; }}
QLineEdit, QComboBox {{ border: 1px solid {theme.border}; border-radius: 6px; padding: 4px 8px;
  background: {theme.base}; }}
QLineEdit:focus {{ border-color: {theme.accent}; }}
QPlainTextEdit#notes {{ border: 1px solid {theme.border}; border-radius: 6px;
  background: {theme.base}; }}
QLabel#sectionTitle {{ color: {theme.muted}; padding: 10px 2px 4px 2px; }}
QLabel#docTitle {{ color: {theme.text}; }}
QLabel#docMeta {{ color: {theme.muted}; }}
QLabel#openingLabel {{ color: {theme.muted}; font-size: 15pt; }}
QFrame#banner {{ background: #fff4d6; border: 1px solid #e0b84a; border-radius: 6px; }}
QFrame#banner QLabel {{ color: #5a4300; }}
QWidget#sidePanel, QWidget#queuePanel {{ background: {theme.base}; }}
QWidget#articlePane {{ background: {theme.paper}; }}
QCheckBox {{ spacing: 6px; }}
"""
