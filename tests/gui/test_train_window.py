"""Train model from the window: a worker trains on gold, writes the model folder with its
metrics and makes it the project's current suggester; refusals are a status line."""

from __future__ import annotations

import json

import pytest

from jkannotate.gui.job_dialogs import ResuggestDialog, TrainChoice
from jkannotate.operations.train import METRICS_FILE, current_model
from jkannotate.project import Project
from tests.gui.test_review_mode import open_as
from tests.train.conftest import make_project

DOCS = 12
STEPS = 4


@pytest.fixture
def train_window(qtbot, tmp_path, settings):  # type: ignore[no-untyped-def]
    db = tmp_path / "train.db"
    make_project(db, count=DOCS).close()  # generated documents with finished gold
    window = open_as(qtbot, db, "tester", 1, settings)
    yield db, window
    window.close()
    window.project.close()


def test_train_writes_the_model_and_makes_it_current(qtbot, train_window, tmp_path):  # type: ignore[no-untyped-def]
    db, window = train_window
    out = tmp_path / "models" / "jk tiny"
    window.jobs.run_train(TrainChoice(str(out), None, STEPS, min_docs=10, min_examples=1))
    qtbot.waitUntil(
        lambda: window.jobs.summary is not None or "Training:" in window.status.message.text(),
        timeout=120_000,
    )
    assert window.jobs.summary is not None, window.status.message.text()
    metrics = json.loads((out / METRICS_FILE).read_text(encoding="utf-8"))
    assert (out / "meta.json").exists() and (out / "config.cfg").exists()
    assert metrics["steps"] == STEPS and metrics["layer"] == "gold"
    assert metrics["train_docs"] + metrics["eval_docs"] == DOCS
    assert metrics["model"]["path"] == str(out.absolute())
    assert metrics["model"]["id"] in window.jobs.summary.text.toPlainText()
    assert "Re-suggest" in window.status.message.text()
    with Project.open(db, user="tester") as other:
        current = current_model(other)
    assert current["path"] == str(out.absolute())
    assert current["id"] == metrics["model"]["id"]
    # the window's next Re-suggest offers it as the project's model
    dialog = ResuggestDialog(current_model(window.project).get("path"), window)
    qtbot.addWidget(dialog)
    assert str(out.absolute()) in dialog.model.itemText(0)
    assert [p.name for p in out.parent.iterdir()] == ["jk tiny"]  # no training leftovers


def test_too_few_documents_is_a_status_line_and_no_folder(qtbot, train_window, tmp_path):  # type: ignore[no-untyped-def]
    db, window = train_window
    out = tmp_path / "refused"
    window.jobs.run_train(TrainChoice(str(out), None, STEPS))  # default minimum: 20 documents
    qtbot.waitUntil(lambda: "Training:" in window.status.message.text(), timeout=60_000)
    assert str(DOCS) in window.status.message.text()
    assert not out.exists() and window.jobs.summary is None
    with Project.open(db, user="tester") as other:
        assert current_model(other)["path"] is None
