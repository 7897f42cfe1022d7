"""Long jobs from the window: export and its summary, imports, Cancel changing nothing."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QRunnable, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from jkannotate.core.model import LayerKind
from jkannotate.gui.job_dialogs import ExportChoice, ExportDialog, ResuggestDialog
from jkannotate.gui.workers import JobSignals, keep_running, running
from jkannotate.project import Project
from tests.gui.review_data import build_review_db
from tests.gui.test_review_mode import open_as


class Blocker(QRunnable):
    """Holds the pool's only thread until released, so a queued job is cancelled before it runs."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def run(self) -> None:
        self.release.wait(10)


@pytest.fixture
def review_window(qtbot, tmp_path, settings):  # type: ignore[no-untyped-def]
    db = build_review_db(tmp_path / "jobs.db", users=False)
    window = open_as(qtbot, db, "rev", 1, settings)
    yield window
    window.close()
    window.project.close()


def layer_counts(db: str) -> dict[str, int]:
    with Project.open(db, user="rev") as other:
        counts: dict[str, int] = {}
        for summary in other.documents():
            for name in summary.layers:
                counts[name] = counts.get(name, 0) + 1
        counts["documents"] = other.store.documents.count()
    return counts


def test_export_job_writes_the_file_and_shows_a_summary(qtbot, review_window, tmp_path):
    out = tmp_path / "alice.jsonl"
    review_window.jobs.run_export(ExportChoice(str(out), "doccano", "alice", "done", None))
    qtbot.waitUntil(lambda: review_window.jobs.summary is not None, timeout=20_000)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3  # alice finished all three documents
    summary = review_window.jobs.summary
    assert summary.isVisible()
    text = summary.text.toPlainText()
    assert str(out) in text and "3 documents" in text and "GPE" in text
    assert "Exported to" in review_window.status.message.text()


def test_export_with_split_writes_train_and_dev(qtbot, review_window, tmp_path):
    out = tmp_path / "gold.jsonl"
    review_window.jobs.run_export(ExportChoice(str(out), "doccano", "alice", "any", 0.67))
    qtbot.waitUntil(lambda: review_window.jobs.summary is not None, timeout=20_000)
    written = sorted(p.name for p in tmp_path.glob("gold-*.jsonl"))
    assert written == ["gold-dev.jsonl", "gold-train.jsonl"]
    assert review_window.jobs.summary.text.toPlainText().count("documents") == 2


def test_export_failure_is_a_status_line_not_a_file(qtbot, review_window, tmp_path):
    out = tmp_path / "nobody.jsonl"
    review_window.jobs.run_export(ExportChoice(str(out), "doccano", "nobody", "done", None))
    qtbot.waitUntil(lambda: "failed" in review_window.status.message.text(), timeout=20_000)
    assert not out.exists() and review_window.jobs.summary is None


def test_cancelled_import_leaves_the_database_unchanged(qtbot, review_window, tmp_path):
    db = review_window.project.store.url
    before = layer_counts(db)
    source = tmp_path / "other.jsonl"
    rows = [
        {"text": "Tokyo and Seoul agreed on Tuesday.", "label": [[0, 5, "GPE"], [10, 15, "GPE"]]},
        {"text": "Seoul and Tokyo met in Busan.", "label": [[23, 28, "GPE"]]},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    blocker = Blocker()
    pool.start(blocker)
    review_window.jobs.pool = pool
    runner = review_window.jobs.run_import_annotations([str(source)], "doccano", None)
    runner.cancel()  # pressed while the job waits for a thread
    blocker.release.set()
    qtbot.waitUntil(lambda: "failed" in review_window.status.message.text(), timeout=20_000)
    assert "cancelled" in review_window.status.message.text()
    assert layer_counts(db) == before
    # the same job, not cancelled, imports and reports
    review_window.jobs.run_import_annotations([str(source)], "doccano", None)
    qtbot.waitUntil(lambda: review_window.jobs.summary is not None, timeout=20_000)
    after = layer_counts(db)
    assert after["documents"] == before["documents"] + 2
    assert after["rev"] == before.get("rev", 0) + 2
    assert "3 spans" in review_window.jobs.summary.text.toPlainText()
    pool.waitForDone(5000)


def test_dialogs_offer_the_format_table_and_a_model_choice(qtbot, review_window):
    from jkannotate.formats import FORMATS

    export = ExportDialog(["alice", "gold", "suggestion"], review_window)
    qtbot.addWidget(export)
    assert [export.fmt.itemData(i) for i in range(export.fmt.count())] == list(FORMATS)
    export.out.setText("/tmp/x.spacy")
    export.split_on.setChecked(True)
    choice = export.choice()
    assert (choice.fmt, choice.layer, choice.status, choice.split) == (
        "spacy",
        None,
        "done",
        pytest.approx(0.8),
    )
    resuggest = ResuggestDialog("/models/jk_v2", review_window)
    qtbot.addWidget(resuggest)
    assert resuggest.model_choice() is None  # the project's current model
    resuggest.model.setCurrentIndex(resuggest.model.findData(""))
    assert resuggest.model_choice() == ""  # the default rules this once
    resuggest.directory.setText("/models/other")
    resuggest.model.setCurrentIndex(resuggest.model.findData("dir"))
    assert resuggest.model_choice() == "/models/other"


def test_job_actions_are_in_the_menus_and_the_help(review_window):
    names = {spec.name for spec in review_window.specs}
    assert {
        "import",
        "import_annotations",
        "suggest",
        "export",
        "train",
        "dashboard",
        "review_mode",
        "take",
        "reject_version",
        "comment",
        "reviewed_next",
    } <= names
    file_menu = next(a.menu() for a in review_window.menuBar().actions() if a.text() == "File")
    texts = [a.text() for a in file_menu.actions()]
    assert texts[:5] == [
        "Import articles…",
        "Import annotations…",
        "Re-suggest…",
        "Export…",
        "Train model…",
    ]
    assert {"Review", "Project"} <= set(review_window.help.sections)


def test_gold_layer_is_only_made_in_review_mode(review_window):
    with Project.open(review_window.project.store.url, user="rev") as other:
        assert other.store.layers.get(1, LayerKind.GOLD, "gold") is None
    assert not review_window.review.active


class Quick(QRunnable):
    """Reports its end at once, as every job runner does."""

    def __init__(self) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = JobSignals()

    def run(self) -> None:
        self.signals.finished.emit(None)


def test_a_window_lets_go_of_runners_that_ended(qtbot):
    parent = QWidget()
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    first = Quick()
    with qtbot.waitSignal(first.signals.finished, timeout=5000):
        keep_running(parent, first, pool)
    started = []
    for _ in range(20):  # e.g. a replay after every reconnect of a long session
        runner = Quick()
        started.append(runner)
        with qtbot.waitSignal(runner.signals.finished, timeout=5000):
            keep_running(parent, runner, pool)
        QApplication.processEvents()  # the window's own slot for the end, queued after
    pool.waitForDone(5000)
    assert running(parent) == [started[-1]]  # the last one, until the next starts
    blocked = Blocker()
    keep_running(parent, blocked, pool)  # no signals: kept until the window goes
    waiting = Quick()
    keep_running(parent, waiting, pool)
    assert running(parent) == [blocked, waiting]  # neither has ended
    blocked.release.set()
    pool.waitForDone(5000)
