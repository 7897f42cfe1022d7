"""Starting the window: the application object, the theme, opening a document, screenshots."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from jkannotate.core.errors import JkError, NotFound
from jkannotate.gui.main_window import MainWindow
from jkannotate.gui.project_opening import ProjectOpening, project_name
from jkannotate.gui.theme import apply_theme
from jkannotate.project import Project


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("jkannotate")
    app.setApplicationName("jkannotate")
    apply_theme(app)
    return app


def open_window(
    project: Project,
    open_id: int | None = None,
    settings: QSettings | None = None,
    *,
    read_only: bool = False,
) -> MainWindow:
    """A window on the project showing ``open_id``, else the last document, else the first;
    ``read_only`` (screenshots) creates no layer and writes nothing."""
    application()
    window = MainWindow(project, settings, read_only=read_only)
    open_first_document(window, open_id)
    return window


def open_first_document(window: MainWindow, open_id: int | None = None) -> None:
    """Open ``open_id`` in the window, else the last document, else the first."""
    project = window.project
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


class AfterNextPaint(QObject):
    """Runs ``then`` once, right after the window's next paint (so what is shown is on the
    screen before slower work: opening the project, laying out a long document).

    It has no Qt parent and holds the window only while it waits: a child of the window
    whose wrapper held the window would let Qt delete the window from inside the child's
    own deletion."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__()
        self._window: QWidget | None = window
        self._then = then
        self._app = application()
        self._app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if (event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and self._window is not None and watched.window() is self._window):
            self.stop()
            QTimer.singleShot(0, self._then)
        return False

    def stop(self) -> None:
        """Stop waiting (the window closed before it was painted again)."""
        self._app.removeEventFilter(self)
        self._window = None


def _open_after_show(window: MainWindow, open_id: int | None) -> None:
    try:
        open_first_document(window, open_id)
    except JkError as error:  # e.g. deleted by a teammate since the check
        window.model.say(str(error))


def display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why no window can open here (no display on Linux), in words; None if it can."""
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or QApplication.instance() is not None:
        return None
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, eglfs…: the user chose a platform that needs no display
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "jkannotate: there is no display to open the window on (neither DISPLAY nor "
        "WAYLAND_DISPLAY is set). Run it in a desktop session, or render the window to an "
        "image with --screenshot FILE.png."
    )


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
    prepare: Callable[[], object] | None = None,
    preparing: str = "",
) -> int:
    """The ``jkannotate gui`` command: returns the exit status. ``prepare`` (building the
    demo project, which the window calls ``preparing``) runs before the project opens:
    behind the painted window."""
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no display
    problem = None if screenshot else display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    app = application()
    if screenshot:
        if prepare is not None:
            prepare()
        with Project.open(db, user=annotator) as project:
            window = open_window(project, open_id, read_only=True)
            save_screenshot(window, screenshot)
            window.close()
            return 0
    window = MainWindow(opening=project_name(db), preparing=preparing)
    opening = ProjectOpening(db, annotator, open_id, prepare)
    waiting = [AfterNextPaint(window, opening.start)]

    def attach(project: Project) -> None:
        """Build the window on the opened project; open the document once that is painted."""
        if window.isVisible():  # else closed while the project was opening
            window.attach(project)
            waiting.append(AfterNextPaint(window, lambda: _open_after_show(window, open_id)))

    opening.opened.connect(attach)
    opening.failed.connect(lambda _error: window.close())  # the error is raised below
    window.show()  # painted first; the project opens behind it, then the document
    status = app.exec()
    for each in waiting:
        each.stop()
    opening.finish()
    return status
