"""The review dashboard in the window: the same page as ``jkannotate report``, with its SVG
charts rendered to images (QTextBrowser shows HTML, not inline SVG)."""

from __future__ import annotations

import re

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from jkannotate.operations.review_window import dashboard_html
from jkannotate.project import Project

_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)


def svg_image(svg: str, scale: float = 1.0) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize() * scale
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


class DashboardWindow(QDialog):
    """Progress per annotator, agreement per label (chart), confusions, suggestion uptake."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Review dashboard")
        self.resize(980, 760)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = buttons.addButton("Refresh", QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.charts = 0
        self.refresh()

    def refresh(self) -> None:
        page = dashboard_html(self.project)
        document = self.browser.document()
        self.charts = 0

        def to_image(match: re.Match[str]) -> str:
            name = f"chart{self.charts}.png"
            self.charts += 1
            document.addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(name), svg_image(match.group(0))
            )
            return f'<img src="{name}"/>'

        self.browser.setHtml(_SVG.sub(to_image, page))
