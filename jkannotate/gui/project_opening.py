"""Opening the project behind an already painted window, off the UI thread.

Importing the store and opening the database (a migration check, a server's login) take
longer than everything the first paint needs, so ``jkannotate gui`` paints the window
first and opens the project here; the window stays responsive (it can be moved, resized
or closed) until :attr:`ProjectOpening.opened` hands it the project.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from jkannotate.core.environment import DATABASE_VARIABLE
from jkannotate.project import Project

#: How long closing the window waits for an open still under way (a slow server login).
CLOSE_WAIT_S = 10.0


def project_name(db: str | os.PathLike[str] | None) -> str:
    """What the window calls the project before it is open: the file's or the database's
    name, never a URL's password."""
    value = str(db) if db else os.environ.get(DATABASE_VARIABLE, "")
    if not value:
        return "the default project"
    if "://" in value:
        path = value.split("://", 1)[1].split("?", 1)[0]
        return path.rsplit("/", 1)[-1] if "/" in path else "the database"
    return Path(value).name


class ProjectOpening(QObject):
    """Opens ``db`` as ``user`` on a thread of its own, after ``prepare`` (which builds the
    demo project) when given, and checks that ``open_id`` (when given) is there; reports
    by :attr:`opened` (the project) or :attr:`failed` (the error), delivered on the UI
    thread."""

    opened = Signal(object)  # Project
    failed = Signal(object)  # BaseException
    _done = Signal()  # from the opening thread, queued to this object on the UI thread

    def __init__(
        self,
        db: str | None,
        user: str | None,
        open_id: int | None = None,
        prepare: Callable[[], object] | None = None,
    ) -> None:
        super().__init__()
        self.db, self.user, self.open_id = db, user, open_id
        self.prepare = prepare
        self.project: Project | None = None
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._finished = False  # the window closed: a late result is not delivered
        self._done.connect(self._deliver)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._open, name="open-project", daemon=True)
            self._thread.start()

    def _open(self) -> None:
        try:
            if self.prepare is not None:
                self.prepare()
            project = Project.open(self.db, user=self.user)
            try:
                if self.open_id is not None:
                    project.document(self.open_id)  # a wrong --open is refused
            except BaseException:
                project.close()
                raise
        except BaseException as error:  # noqa: BLE001 — handed to the UI thread, raised there
            self.error = error
        else:
            self.project = project
        self._done.emit()

    def _deliver(self) -> None:
        if self._finished:
            return
        if self.error is not None:
            self.failed.emit(self.error)
        elif self.project is not None:
            self.opened.emit(self.project)

    def finish(self) -> None:
        """After the window closed: wait for an open still under way (a while at most),
        close the project, and raise what stopped it from opening."""
        self._finished = True
        if self._thread is not None:
            self._thread.join(CLOSE_WAIT_S)
        if self.project is not None:
            self.project.close()
        if self.error is not None:
            raise self.error
