"""The window's long jobs — import, re-suggest, export, train — each behind a dialog, run in
a worker with progress and Cancel, and ending in a status line or a summary dialog.

``run_*`` methods take the dialog's choices directly, so tests and scripts skip the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from jkannotate.gui.job_dialogs import (
    ExportChoice,
    ExportDialog,
    ImportAnnotationsDialog,
    ResuggestDialog,
    SummaryDialog,
    TrainChoice,
    TrainDialog,
)
from jkannotate.gui.workers import (
    Job,
    JobRunner,
    annotations_import_job,
    export_job,
    import_job,
    start_job,
    suggest_job,
)

if TYPE_CHECKING:
    from jkannotate.gui.train_job import TrainRunner
    from jkannotate.project import Project


def export_summary(written: list[tuple[Path, Any]]) -> str:
    """Each written file with its :class:`FormatReport` summary."""
    return "\n\n".join(f"{path}\n{report.summary()}" for path, report in written)


class LongJobs:
    """The jobs, given what they need: the project, the window to parent their dialogs, the
    status line's ``say`` and ``after_job``, called when a job changed the project."""

    def __init__(
        self,
        project: Project,
        parent: QWidget,
        say: Callable[[str], None],
        after_job: Callable[[], None],
    ) -> None:
        self.parent = parent
        self.say = say
        self.after_job = after_job
        self.project = project
        self.summary: SummaryDialog | None = None  # the last summary shown
        self.runner: JobRunner | TrainRunner | None = None
        self.pool: QThreadPool | None = None  # None: the global pool

    def _layer_names(self) -> list[str]:
        names: set[str] = set()
        for summary in self.project.documents():
            names.update(summary.layers)
        return sorted(names - {"gold", "suggestion"}) + ["gold", "suggestion"]

    def run(self, title: str, job: Job, on_done=None) -> JobRunner:  # type: ignore[no-untyped-def]
        def done(result: object) -> None:
            if on_done is not None:
                on_done(result)
            else:
                line = result.line() if hasattr(result, "line") else str(result)
                self.say(f"{title}: {line}")
            self.after_job()

        self.runner = start_job(
            self.parent,
            title,
            self.project,
            job,
            done,
            lambda message: self.say(f"{title} failed: {message}"),
            self.pool,
        )
        return self.runner

    def show_summary(self, title: str, text: str) -> SummaryDialog:
        self.summary = SummaryDialog(title, text, self.parent)
        self.summary.show()
        return self.summary

    # import ------------------------------------------------------------------------

    def import_articles(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.parent,
            "Import articles",
            "",
            "Articles (*.txt *.html *.htm *.jsonl);;All files (*)",
        )
        if paths:
            self.run("Importing articles", import_job(paths))

    def import_annotations(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self.parent,
            "Import annotations",
            "",
            "Annotations (*.jsonl *.spacy *.conll *.ann *.txt);;All files (*)",
        )
        if not paths:
            return
        dialog = ImportAnnotationsDialog(paths, self.project.user, self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.run_import_annotations(paths, dialog.fmt.currentData(), dialog.layer.currentData())

    def run_import_annotations(self, paths: list[str], fmt: str, layer: str | None) -> JobRunner:
        def done(result: Any) -> None:
            summary, report = result
            self.show_summary("Import summary", f"{summary.line()}\n\n{report.summary()}")
            self.say(f"Imported annotations: {summary.line()}")

        return self.run("Importing annotations", annotations_import_job(paths, fmt, layer), done)

    # suggest -----------------------------------------------------------------------

    def resuggest(self) -> None:
        from jkannotate.operations.train import current_model

        dialog = ResuggestDialog(current_model(self.project).get("path"), self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.run_resuggest(dialog.model_choice(), dialog.force.isChecked())

    def run_resuggest(self, model: str | None, force: bool = False) -> JobRunner | None:
        """``model``: None for the project's current model, "" for the default rules."""
        job = suggest_job(model=model, force=force or model is not None)
        if job is None:
            self.say("Suggestions are not available in this installation.")
            return None
        return self.run("Suggesting annotations", job)

    # export ------------------------------------------------------------------------

    def export(self) -> None:
        dialog = ExportDialog(self._layer_names(), self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            choice = dialog.choice()
            if not choice.out:
                self.say("Export: choose where to write.")
                return
            self.run_export(choice)

    def run_export(self, choice: ExportChoice) -> JobRunner:
        def done(written: list[tuple[Path, Any]]) -> None:
            self.show_summary("Export summary", export_summary(written))
            files = ", ".join(str(path) for path, _ in written)
            self.say(f"Exported to {files}")

        job = export_job(choice.out, choice.fmt, choice.layer, choice.status, choice.split)
        return self.run("Exporting", job, done)

    # train -------------------------------------------------------------------------

    def train(self) -> None:
        dialog = TrainDialog(self._layer_names(), self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            choice = dialog.choice()
            if not choice.out_dir:
                self.say("Train: choose a model folder.")
                return
            self.run_train(choice)

    def run_train(self, choice: TrainChoice) -> TrainRunner:
        from jkannotate.gui.train_job import start_training
        from jkannotate.operations.train import TrainOptions

        options = TrainOptions(layer=choice.layer, max_steps=choice.max_steps)
        if choice.min_docs is not None:
            options.min_docs = choice.min_docs
        if choice.min_examples is not None:
            options.min_examples = choice.min_examples
        def done(summary: Any) -> None:
            self.show_summary("Training summary", summary.line())
            self.say("Trained: Re-suggest (Ctrl+Shift+S) now uses the new model.")

        self.runner = start_training(
            self.parent,
            self.project,
            Path(choice.out_dir),
            options,
            done,
            lambda message: self.say(f"Training: {message}"),
            self.pool,
        )
        return self.runner
