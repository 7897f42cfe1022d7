"""In review mode the queue lists gold: its status and the versions it has not decided yet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from jkannotate.core.model import GOLD_OWNER, LayerKind, LayerStatus
from jkannotate.operations.queue import (
    QueueQuery,
    open_disagreements,
    progress,
    queue_count,
    queue_page,
)
from jkannotate.operations.review_window import load_review, seed_gold, version_state
from jkannotate.project import Project
from tests.gui.review_data import build_review_db
from tests.gui.test_review_mode import go_to, open_as

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def row(window, doc_id: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(status text, count text) of a document's queue row."""
    model = window.queue.model
    while model.row_of(doc_id) is None and model.canFetchMore():
        model.fetchMore()
    number = model.row_of(doc_id)
    assert number is not None
    return model.data(model.index(number, 3)), model.data(model.index(number, 4))


def open_versions(db: Path, doc_id: int) -> int:
    """Undecided versions as review mode itself counts them, through a second connection."""
    with Project.open(db, user="rev") as other:
        review = load_review(other, doc_id)
        gold = other.store.layers.get(doc_id, LayerKind.GOLD, GOLD_OWNER)
        return sum(version_state(gold, v) == "open" for v in review.versions)


@pytest.fixture
def review_db(tmp_path: Path) -> Path:
    return build_review_db(tmp_path / "review.db")


def test_review_mode_lists_gold_status_and_open_versions(qtbot, review_db, settings):  # type: ignore[no-untyped-def]
    window = open_as(qtbot, review_db, "rev", 1, settings)
    model = window.queue.model
    assert window.queue.owner == "rev" and model.headerData(4, Qt.Orientation.Horizontal) == "Left"
    mine = {doc_id: row(window, doc_id) for doc_id in (1, 2, 3)}
    assert mine[3][0] == "To do"  # rev never opened document 3
    qtbot.keyClick(window.view, K.Key_R, CTRL)
    assert window.queue.owner == GOLD_OWNER
    assert window.queue.title.text() == "QUEUE · GOLD"
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Open"
    # document 1: gold seeded from the majority on opening; 2 and 3: no gold yet
    assert row(window, 1) == ("Done", str(open_versions(review_db, 1)))
    assert open_versions(review_db, 1) == len(window.review.review.versions) - sum(
        state != "open" for state in window.review.marks.states.values()
    )
    assert row(window, 2)[0] == "To do" and row(window, 2)[1] == str(open_versions(review_db, 2))
    assert row(window, 3) == ("To do", str(open_versions(review_db, 3)))
    assert window.status.progress.text().startswith("gold: 1 / 3 done")
    before = open_versions(review_db, 1)
    go_to(qtbot, window, "ORG", "Tokyo")
    qtbot.keyClick(window.view, K.Key_T)  # one version decided: one fewer open
    assert open_versions(review_db, 1) == before - 1
    qtbot.waitUntil(lambda: row(window, 1)[1] == str(before - 1), timeout=5000)
    qtbot.keyClick(window.view, K.Key_D, CTRL | SHIFT)  # versions still open: asked first
    assert window.review.ask is not None and window.review.ask.isVisible()
    qtbot.keyClick(window.review.ask, K.Key_Y)  # gold reviewed anyway, on to document 3
    assert window.current_document_id() == 3
    qtbot.waitUntil(lambda: row(window, 1)[0] == "Reviewed", timeout=5000)
    # gold of 3 seeded when it opened: two annotators tie on Jeju Island, so it is unfinished
    assert row(window, 3) == ("In progress", str(open_versions(review_db, 3)))
    qtbot.keyClick(window.view, K.Key_R, CTRL)  # back to my own layer
    assert window.queue.owner == "rev" and window.queue.title.text() == "QUEUE"
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Left"
    assert row(window, 1) == mine[1]
    assert not window.status.progress.text().startswith("gold")
    window.close()
    window.project.close()


def test_an_annotator_in_compare_view_keeps_their_own_queue(qtbot, review_db, settings):  # type: ignore[no-untyped-def]
    bob = open_as(qtbot, review_db, "bob", 2, settings)
    qtbot.keyClick(bob.view, K.Key_R, CTRL)
    assert bob.review.active and bob.queue.owner == "bob"
    assert row(bob, 2)[0] == "In progress" and row(bob, 1)[0] == "Done"
    bob.close()
    bob.project.close()


def test_gold_queue_query_reads_the_gold_layer_only(review_db):
    with Project.open(review_db, user="rev") as project:
        gold = QueueQuery(GOLD_OWNER)
        assert {r.status for r in queue_page(project, gold)} == {"todo"}  # annotators' are done
        assert progress(project, GOLD_OWNER) == (0, 3)
        seed_gold(project, load_review(project, 3))
        stored = project.store.layers.get(3, LayerKind.GOLD, GOLD_OWNER)
        project.set_status(stored, LayerStatus.REVIEWED)
        rows = {r.id: r for r in queue_page(project, gold)}
        assert (rows[1].status, rows[3].status) == ("todo", "reviewed")
        assert queue_count(project, QueueQuery(GOLD_OWNER, status="reviewed")) == 1
        assert progress(project, GOLD_OWNER) == (1, 3)
        counts = open_disagreements(project, [1, 2, 3])
        assert counts == {r.id: r.pending for r in rows.values()}
        assert counts[1] == len(load_review(project, 1).versions) > 0  # no gold: all open
        # an annotator's own queue is unchanged by gold
        assert {r.status for r in queue_page(project, QueueQuery("alice"))} == {"done"}
