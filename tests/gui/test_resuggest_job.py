"""Re-suggest from the window: a worker rewrites the suggestions with the chosen model,
refreshes pending suggestions of unfinished layers and touches no decided work; Cancel
keeps whole batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.operations.suggest import BATCH_SIZE
from jkannotate.operations.train import TrainOptions, current_model, train_model
from jkannotate.project import Project
from tests.gui.test_long_jobs import Blocker
from tests.gui.test_review_mode import open_as
from tests.train.conftest import make_project
from tests.train.train_corpus import generate

OLD = "old-model"
DOCS = BATCH_SIZE + 8  # two batches


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(directory, suggester name) of a ner model trained for a few steps."""
    folder = tmp_path_factory.mktemp("tiny_model")
    with make_project(folder / "train.db", count=12) as project:
        train_model(
            project,
            folder / "model",
            TrainOptions(max_steps=4, min_docs=10, min_examples=1, make_current=False),
        )
    from jkannotate.nlp import Suggester

    return folder / "model", Suggester.load(str(folder / "model")).name


def old_span(start: int, end: int, label: str, state: State = State.PENDING) -> Span:
    return Span(start, end, label, origin=Origin.SUGGESTED, state=state, source=OLD)


def unfinished_layer(text: str, entities: list[tuple[int, int, str]]) -> Layer:
    """An unfinished layer holding every kind of item re-suggesting must keep or refresh."""
    (a0, a1, a), (r0, r1, r), (m0, m1, m) = entities[:3]
    where = text.index("delegation")
    return Layer(
        None,
        LayerKind.ANNOTATOR,
        "tester",
        LayerStatus.IN_PROGRESS,
        spans=[
            old_span(a0, a1, a, State.ACCEPTED),
            old_span(r0, r1, r, State.REJECTED),
            Span(m0, m1, m),  # manual
            old_span(where, where + len("delegation"), "ORG"),  # a stale pending suggestion
        ],
        tags=[
            DocTag("TRADE_DISPUTE", Origin.SUGGESTED, State.PENDING, 0.5, OLD),
            DocTag("SUMMIT_DIPLOMACY"),
        ],
    )


def build_project(db: Path) -> Path:
    """DOCS documents with an old run's suggestions; the tester's unfinished layer on the
    first and last, alice's finished layer (with a pending suggestion left) on the second."""
    items = []
    for number, generated in enumerate(generate(DOCS, seed=5)):
        text = generated.text
        first = generated.entities[0]
        layers = [
            Layer(
                None,
                LayerKind.SUGGESTION,
                "suggester",
                LayerStatus.DONE,
                spans=[old_span(*first)],
                model=OLD,
            )
        ]
        if number in (0, DOCS - 1):
            layers.append(unfinished_layer(text, generated.entities))
        if number == 1:
            layers.append(
                Layer(
                    None,
                    LayerKind.ANNOTATOR,
                    "alice",
                    LayerStatus.DONE,
                    spans=[Span(*first), old_span(*generated.entities[1])],
                )
            )
        items.append(AnnotatedDocument(Document(text, title=f"Generated {number}"), layers))
    with Project.open(db, user="tester") as project:
        project.import_documents(items)
        assert project.store.documents.ids() == list(range(1, DOCS + 1))
    return db


def snapshot(db: Path) -> dict[tuple[int, str], Layer]:
    """Every layer by (document, name), through a second connection."""
    with Project.open(db, user="tester") as other:
        return {
            (doc_id, layer.name): layer
            for doc_id in other.store.documents.ids()
            for layer in other.store.layers.of_document(doc_id)
        }


def content(layer: Layer) -> tuple[object, ...]:
    return (layer.status, layer.spans, layer.tags, layer.arguments, layer.model)


def decided(layer: Layer) -> list[Span]:
    pending = (Origin.SUGGESTED, State.PENDING)
    return [s for s in layer.spans if (s.origin, s.state) != pending]


def assert_refreshed(before: Layer, after: Layer, fresh: Layer) -> None:
    """Decided items kept as they were; pending ones are exactly the new run's, elsewhere."""
    kept = decided(before)
    assert decided(after) == kept
    keys = {s.key for s in kept}
    pending = [s for s in after.spans if s not in kept]
    assert {s.uid for s in pending} == {s.uid for s in fresh.spans if s.key not in keys}
    assert all(s.source != OLD for s in pending)
    assert [t for t in after.tags if t.state is State.ACCEPTED] == [
        t for t in before.tags if t.state is State.ACCEPTED
    ]
    pending_tags = {t.label for t in after.tags if t.state is State.PENDING}
    assert pending_tags == {t.label for t in fresh.tags} - {"SUMMIT_DIPLOMACY"}


def wait_for_the_job(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Until the status line reports the job, done or failed."""
    qtbot.waitUntil(
        lambda: window.status.message.text().startswith("Suggesting annotations"), timeout=60_000
    )


@pytest.fixture
def project_window(qtbot, tmp_path, settings):  # type: ignore[no-untyped-def]
    db = build_project(tmp_path / "resuggest.db")
    window = open_as(qtbot, db, "tester", 1, settings)
    yield db, window
    window.close()
    window.project.close()


def test_resuggest_rewrites_suggestions_with_the_chosen_model(qtbot, project_window, tiny_model):  # type: ignore[no-untyped-def]
    db, window = project_window
    model_dir, name = tiny_model
    before = snapshot(db)
    window.jobs.run_resuggest(str(model_dir))
    wait_for_the_job(qtbot, window)
    assert f"suggested {DOCS} documents with {name}" in window.status.message.text()
    after = snapshot(db)
    suggestions = {d: after[(d, "suggestion")] for d in range(1, DOCS + 1)}
    assert {layer.model for layer in suggestions.values()} == {name}
    assert all(s.source != OLD for layer in suggestions.values() for s in layer.spans)
    assert any(layer.spans for layer in suggestions.values())  # the model said something
    for doc_id in (1, DOCS):
        assert_refreshed(before[(doc_id, "tester")], after[(doc_id, "tester")], suggestions[doc_id])
    assert content(after[(2, "alice")]) == content(before[(2, "alice")])  # finished: untouched
    assert len(after) == len(before)  # no layer made or lost
    with Project.open(db, user="tester") as other:
        assert current_model(other)["path"] == str(model_dir)
    # the open document shows what was stored
    assert window.session.layer.spans == after[(1, "tester")].spans


def test_cancelled_resuggest_keeps_whole_batches(qtbot, project_window, tiny_model):  # type: ignore[no-untyped-def]
    db, window = project_window
    model_dir, name = tiny_model
    before = snapshot(db)
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    blocker = Blocker()
    pool.start(blocker)  # the job waits until Cancel is wired to its first batch
    window.jobs.pool = pool
    runner = window.jobs.run_resuggest(str(model_dir))
    assert runner is not None
    # pressed right after the first batch was saved, in the worker's own thread
    runner.signals.progress.connect(
        lambda done, total: runner.cancel(), Qt.ConnectionType.DirectConnection
    )
    blocker.release.set()
    wait_for_the_job(qtbot, window)
    assert "cancelled; finished batches are saved" in window.status.message.text()
    pool.waitForDone(10_000)
    after = snapshot(db)
    first, rest = range(1, BATCH_SIZE + 1), range(BATCH_SIZE + 1, DOCS + 1)
    assert {after[(d, "suggestion")].model for d in first} == {name}
    for doc_id in rest:  # the second batch never started: exactly as before
        assert content(after[(doc_id, "suggestion")]) == content(before[(doc_id, "suggestion")])
    assert content(after[(DOCS, "tester")]) == content(before[(DOCS, "tester")])
    assert_refreshed(before[(1, "tester")], after[(1, "tester")], after[(1, "suggestion")])
    assert content(after[(2, "alice")]) == content(before[(2, "alice")])
    # resuming suggests only the rest
    window.jobs.pool = None
    window.status.say("")
    window.jobs.run_resuggest(None)
    wait_for_the_job(qtbot, window)
    message = window.status.message.text()
    assert f"suggested {len(rest)} documents" in message and f"{BATCH_SIZE} already" in message
    assert {snapshot(db)[(d, "suggestion")].model for d in rest} == {name}
