"""Starting the window: the application object, the theme, opening a document, screenshots."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from jkannotate.core.errors import NotFound
from jkannotate.gui.main_window import MainWindow
from jkannotate.gui.theme import apply_theme
from jkannotate.project import Project


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName("jkannotate")
        app.setApplicationName("jkannotate")
        apply_theme(app)
    return app  # type: ignore[return-value]


def open_window(
    project: Project, open_id: int | None = None, settings: QSettings | None = None
) -> MainWindow:
    """A window on the project showing ``open_id``, else the last document, else the first."""
    application()
    window = MainWindow(project, settings)
    candidates = [open_id] if open_id is not None else [window.last_document()]
    if open_id is None:
        model = window.queue.model
        if model.canFetchMore():
            model.fetchMore()
        if model.rowCount():
            candidates.append(model.document_id(0))
    for doc_id in candidates:
        if doc_id is None:
            continue
        try:
            project.document(doc_id)
        except NotFound:
            if open_id is not None:
                raise
            continue
        window.open_document(doc_id)
        break
    return window


def save_screenshot(
    window: MainWindow, path: str | Path, size: tuple[int, int] = (1460, 900)
) -> Path:
    """Render the window offscreen-safe to a PNG."""
    app = application()
    window.resize(*size)
    window.show()
    for _ in range(5):
        app.processEvents()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    return path


def run_gui(
    db: str | None = None,
    annotator: str | None = None,
    open_id: int | None = None,
    screenshot: str | None = None,
) -> int:
    """The ``jkannotate gui`` command: returns the exit status."""
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no display
    app = application()
    with Project.open(db, user=annotator) as project:
        window = open_window(project, open_id)
        if screenshot:
            save_screenshot(window, screenshot)
            window.close()
            return 0
        window.show()
        return app.exec()
