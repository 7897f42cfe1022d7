"""Long jobs (import, suggest, export, train) off the UI thread, with progress and Cancel.

A job is a plain function ``job(project, progress, cancelled) -> result`` run on a
:class:`QThreadPool` thread with its own :class:`Project` connection. It reports only
through signals; the GUI thread alone touches widgets. Cancelling makes the next
``progress`` call raise :class:`Cancelled`, and since every project operation is one
transaction, a cancelled or failed job leaves the database as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from jkannotate.core.errors import JkError
from jkannotate.project import Project

Job = Callable[[Project, Callable[[int, int | None], None], Callable[[], bool]], Any]


class Cancelled(JkError):
    """The user pressed Cancel."""

    def __init__(self) -> None:
        super().__init__("cancelled")


class JobSignals(QObject):
    progress = Signal(int, int)  # done, total (0 when unknown)
    finished = Signal(object)
    failed = Signal(str)


class JobRunner(QRunnable):
    def __init__(self, db_url: str, user: str, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.db_url = db_url
        self.user = user
        self.job = job
        self.signals = JobSignals()
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        def progress(done: int, total: int | None = None) -> None:
            if self.cancel_event.is_set():
                raise Cancelled()
            self.signals.progress.emit(done, total or 0)

        try:
            with Project.open(self.db_url, user=self.user) as project:
                result = self.job(project, progress, self.cancel_event.is_set)
            # a Cancel that came after the last write is too late: report what was done
        except JkError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # a bug in a job must not kill the window
            self.signals.failed.emit(f"{type(error).__name__}: {error}")
        else:
            self.signals.finished.emit(result)


def progress_dialog(
    parent: QWidget, title: str, label: str, cancel: Callable[[], None]
) -> QProgressDialog:
    """The modeless progress dialog every long job shows; Cancel calls ``cancel``."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(cancel)
    return dialog


def keep_running(parent: QWidget, runner: QRunnable, pool: QThreadPool | None) -> None:
    """Start ``runner``, keeping a reference on ``parent`` so it is not collected mid-job.

    Runners that reported their end (``signals.finished``, ``failed`` or ``cancelled``) are
    let go when the next one starts, not at once: the pool's thread may still be returning
    from ``run``."""
    kept = [r for r in running(parent) if not getattr(r, "ended", False)]
    signals = getattr(runner, "signals", None)
    if signals is not None:
        def ended(*_: object) -> None:
            runner.ended = True  # type: ignore[attr-defined]

        for name in ("finished", "failed", "cancelled"):
            end = getattr(signals, name, None)
            if end is not None:
                end.connect(ended)
    parent._jobs = [*kept, runner]  # type: ignore[attr-defined]
    (pool or QThreadPool.globalInstance()).start(runner)


def running(parent: QWidget) -> list[QRunnable]:
    """The runners ``parent`` keeps (those started, less those let go)."""
    return list(getattr(parent, "_jobs", []))


def start_job(
    parent: QWidget,
    title: str,
    project: Project,
    job: Job,
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    pool: QThreadPool | None = None,
) -> JobRunner:
    """Run ``job`` in the pool behind a modeless progress dialog with Cancel."""
    runner = JobRunner(project.url, project.user, job)
    dialog = progress_dialog(parent, title, title, runner.cancel)

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(min(done, total) if total else done)

    def finished(result: object) -> None:
        dialog.close()
        on_done(result)

    def failed(message: str) -> None:
        dialog.close()
        on_failed(message)

    runner.signals.progress.connect(progressed)
    runner.signals.finished.connect(finished)
    runner.signals.failed.connect(failed)
    keep_running(parent, runner, pool)
    return runner


def import_job(paths: list[str]) -> Job:
    def job(project: Project, progress, cancelled):  # type: ignore[no-untyped-def]
        summary = project.import_paths(paths, progress=progress)
        return summary.line()

    return job


def suggest_job(
    doc_ids: list[int] | None = None, model: str | None = None, force: bool = False
) -> Job | None:
    """The suggestion job (``model``: a spaCy package name or directory, None for the
    project's current one, "" for the default rules this once), or None while
    ``jkannotate.operations.suggest`` is not there."""
    try:
        from jkannotate.operations.suggest import suggest_documents
    except ImportError:
        return None

    def job(project: Project, progress, cancelled):  # type: ignore[no-untyped-def]
        suggester = None
        if model == "":  # the default pipeline for this run, whatever the project's model
            from jkannotate.nlp import Suggester

            suggester = Suggester.load(None)
        return suggest_documents(
            project,
            doc_ids,
            model=model or None,
            force=force,
            progress=progress,
            cancel=cancelled,
            suggester=suggester,
        )

    return job


def export_job(
    out: str, fmt: str, layer: str | None, status: str, split: float | None, seed: int = 0
) -> Job:
    """Export through :func:`export_project`; the result is ``[(path, FormatReport)]``."""

    def job(project: Project, progress, cancelled):  # type: ignore[no-untyped-def]
        from pathlib import Path

        from jkannotate.operations.interchange import export_project

        return export_project(
            project,
            Path(out),
            fmt,
            layer=layer,
            status=status,
            split=split,
            seed=seed,
            progress=progress,
            force=True,  # the save dialog asked before replacing
        )

    return job


def annotations_import_job(paths: list[str], fmt: str, layer: str | None) -> Job:
    """Another tool's annotated files as one layer; the result is (ImportSummary, FormatReport)."""

    def job(project: Project, progress, cancelled):  # type: ignore[no-untyped-def]
        from pathlib import Path

        from jkannotate.operations.interchange import import_annotations

        progress(0, None)
        result = import_annotations(project, [Path(p) for p in paths], fmt, layer=layer)
        return result

    return job
