"""Training off the UI thread: a :class:`TrainRunner` reports steps, loss and score through
signals and stops on Cancel, leaving no half-written model directory.

Hook it into the window's action table as a "Train model…" action whose handler asks for an
output folder and calls :func:`start_training` (see its docstring). The worker opens its own
:class:`Project` connection and never touches widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from jkannotate.core.errors import JkError
from jkannotate.gui.workers import keep_running, progress_dialog
from jkannotate.operations.train import TrainOptions, TrainSummary, train_model
from jkannotate.project import Project

if TYPE_CHECKING:
    from jkannotate.nlp.train import TrainStep


class TrainSignals(QObject):
    # step, max_steps, loss (float or None), score (float or None)
    progress = Signal(int, int, object, object)
    finished = Signal(object)  # TrainSummary
    failed = Signal(str)  # one-line reason
    cancelled = Signal()


class TrainRunner(QRunnable):
    """Runs :func:`train_model` on a pool thread; :meth:`cancel` stops it at the next step."""

    def __init__(
        self, db_url: str, user: str, out_dir: Path, options: TrainOptions | None = None
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.db_url = db_url
        self.user = user
        self.out_dir = Path(out_dir)
        self.options = options or TrainOptions()
        self.signals = TrainSignals()
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        from jkannotate.nlp.train import TrainingCancelled

        def progress(step: TrainStep) -> None:
            self.signals.progress.emit(step.step, step.max_steps, step.loss, step.score)

        try:
            with Project.open(self.db_url, user=self.user) as project:
                summary = train_model(
                    project,
                    self.out_dir,
                    self.options,
                    progress=progress,
                    cancel=self.cancel_event.is_set,
                )
        except TrainingCancelled:
            self.signals.cancelled.emit()
        except JkError as error:
            self.signals.failed.emit(str(error))
        except Exception as error:  # a bug in training must not kill the window
            self.signals.failed.emit(f"{type(error).__name__}: {error}")
        else:
            self.signals.finished.emit(summary)


def progress_text(step: int, max_steps: int, loss: float | None, score: float | None) -> str:
    """The dialog's label: ``Step 120 of 1000 · loss 3.21 · score 0.614``."""
    text = f"Step {step} of {max_steps}"
    if loss is not None and score is not None:
        text += f" · loss {loss:.2f} · score {score:.3f}"
    return text


def start_training(
    parent: QWidget,
    project: Project,
    out_dir: Path,
    options: TrainOptions | None,
    on_done: Callable[[TrainSummary], None],
    on_failed: Callable[[str], None],
    pool: QThreadPool | None = None,
) -> TrainRunner:
    """Train behind a modeless progress dialog with Cancel.

    ``on_done`` gets the :class:`TrainSummary` (``summary.line()`` for the status bar; the
    project's suggester is now the new model, so "Re-suggest" uses it); ``on_failed`` gets a
    one-line reason, ``"training cancelled; no model was written"`` after Cancel.
    """
    runner = TrainRunner(project.url, project.user, out_dir, options)
    dialog = progress_dialog(parent, "Train model", "Preparing training data…", runner.cancel)

    def progressed(step: int, max_steps: int, loss: object, score: object) -> None:
        dialog.setMaximum(max_steps)
        dialog.setValue(min(step, max_steps))
        dialog.setLabelText(progress_text(step, max_steps, loss, score))  # type: ignore[arg-type]

    def finished(summary: TrainSummary) -> None:
        dialog.close()
        on_done(summary)

    def failed(message: str) -> None:
        dialog.close()
        on_failed(message)

    runner.signals.progress.connect(progressed)
    runner.signals.finished.connect(finished)
    runner.signals.failed.connect(failed)
    runner.signals.cancelled.connect(lambda: failed("training cancelled; no model was written"))
    keep_running(parent, runner, pool)
    return runner
