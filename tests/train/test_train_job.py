"""The window's training worker: progress and the summary through signals, and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from jkannotate.gui.train_job import TrainRunner, progress_text
from jkannotate.operations.train import TrainOptions, TrainSummary
from tests.train.conftest import make_project


def test_worker_reports_steps_and_finishes(qtbot: QtBot, tmp_path: Path) -> None:
    make_project(tmp_path / "p.db", count=12).close()
    runner = TrainRunner(f"sqlite:///{tmp_path / 'p.db'}", "tester", tmp_path / "m",
                         TrainOptions(max_steps=4, min_docs=10, min_examples=1))
    steps: list[tuple[int, int]] = []
    runner.signals.progress.connect(lambda step, total, loss, score: steps.append((step, total)))
    pool = QThreadPool()
    with qtbot.waitSignal(runner.signals.finished, timeout=120_000) as finished:
        pool.start(runner)
    summary = finished.args[0]
    assert isinstance(summary, TrainSummary)
    assert summary.out_dir == (tmp_path / "m").absolute()
    assert (tmp_path / "m" / "metrics.json").exists()
    qtbot.waitUntil(lambda: bool(steps) and steps[-1] == (4, 4))
    pool.waitForDone()


def test_cancel_stops_the_worker_and_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    make_project(tmp_path / "p.db", count=12).close()
    runner = TrainRunner(f"sqlite:///{tmp_path / 'p.db'}", "tester", tmp_path / "m",
                         TrainOptions(max_steps=5000, min_docs=10, min_examples=1))
    runner.signals.progress.connect(lambda *_: runner.cancel())
    failures: list[str] = []
    runner.signals.failed.connect(failures.append)
    pool = QThreadPool()
    with qtbot.waitSignal(runner.signals.cancelled, timeout=120_000):
        pool.start(runner)
    pool.waitForDone()
    assert failures == []
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("p.db")) == []


def test_progress_text_shows_figures_at_evaluations() -> None:
    assert progress_text(3, 10, None, None) == "Step 3 of 10"
    assert progress_text(10, 10, 3.14159, 0.6142) == "Step 10 of 10 · loss 3.14 · score 0.614"
