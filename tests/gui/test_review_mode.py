"""Review mode from the keyboard; each step checks gold through a second connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from jkannotate.core.model import GOLD_OWNER, LayerKind, LayerStatus, State
from jkannotate.gui.app import open_window
from jkannotate.project import Project
from tests.gui.review_data import build_review_db

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def stored_gold(db: Path, doc_id: int = 1):  # type: ignore[no-untyped-def]
    with Project.open(db, user="rev") as other:
        return other.store.layers.get(doc_id, LayerKind.GOLD, GOLD_OWNER)


def gold_spans(db: Path, doc_id: int = 1) -> dict[tuple[str, str], State]:
    gold = stored_gold(db, doc_id)
    assert gold is not None
    text = Project.open(db, user="rev").document(doc_id).text
    return {(text[s.start : s.end], s.label): s.state for s in gold.spans}


def open_as(qtbot, db: Path, user: str, doc_id: int, settings):  # type: ignore[no-untyped-def]
    project = Project.open(db, user=user)
    window = open_window(project, doc_id, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    return window


@pytest.fixture
def review_db(tmp_path: Path) -> Path:
    return build_review_db(tmp_path / "review.db")


@pytest.fixture
def reviewer(qtbot, review_db, settings):  # type: ignore[no-untyped-def]
    window = open_as(qtbot, review_db, "rev", 1, settings)
    qtbot.keyClick(window.view, K.Key_R, CTRL)
    assert window.review.active
    yield window
    window.close()
    window.project.close()


def go_to(qtbot, window, label: str, surface: str | None = None, kind: str | None = None) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    """Press J until the selected disagreement is ``label`` (on ``surface``, of ``kind``)."""
    text = window.session.document.text
    for _ in range(len(window.review.review.versions) + 1):
        version = window.review.version()
        if (
            version is not None
            and version.label == label
            and (surface is None or text[version.start : version.end] == surface)
            and (kind is None or version.kind == kind)
        ):
            return
        qtbot.keyClick(window.view, K.Key_J)
    raise AssertionError(f"no disagreement {label} {surface}")


def test_review_mode_seeds_gold_with_the_majority(reviewer, review_db):
    spans = gold_spans(review_db)
    assert spans[("Tokyo", "GPE")] is State.ACCEPTED  # alice and cy
    assert ("Tokyo", "ORG") not in spans  # only bob
    assert spans[("South Korea", "GPE")] is State.ACCEPTED  # bob and cy
    assert reviewer.session.layer.kind is LayerKind.GOLD
    assert reviewer.review.review.annotators == ["alice", "bob", "cy"]
    labels = {(v.kind, v.label) for v in reviewer.review.review.versions}
    assert ("span", "ORG") in labels and ("tag", "TRADE_DISPUTE") in labels
    assert ("argument", "MEETING") in labels


def test_take_reject_and_undo(qtbot, reviewer, review_db):
    go_to(qtbot, reviewer, "ORG", "Tokyo")
    qtbot.keyClick(reviewer.view, K.Key_T)  # take bob's ORG: the GPE version is set aside
    spans = gold_spans(review_db)
    assert spans[("Tokyo", "ORG")] is State.ACCEPTED
    assert spans[("Tokyo", "GPE")] is State.REJECTED
    qtbot.keyClick(reviewer.view, K.Key_Z, CTRL)
    spans = gold_spans(review_db)
    assert ("Tokyo", "ORG") not in spans and spans[("Tokyo", "GPE")] is State.ACCEPTED
    go_to(qtbot, reviewer, "TRADE_DISPUTE")
    qtbot.keyClick(reviewer.view, K.Key_X, SHIFT)
    tags = {t.label: t.state for t in stored_gold(review_db).tags}
    assert tags["TRADE_DISPUTE"] is State.REJECTED and tags["EXPORT_CONTROLS"] is State.ACCEPTED
    go_to(qtbot, reviewer, "MEETING", kind="argument")
    qtbot.keyClick(reviewer.view, K.Key_T)  # alice's place argument of "talks"
    gold = stored_gold(review_db)
    by_uid = {s.uid: s for s in gold.spans}
    text = reviewer.session.document.text
    links = {
        (
            text[by_uid[a.event_uid].start : by_uid[a.event_uid].end],
            a.role,
            text[by_uid[a.argument_uid].start : by_uid[a.argument_uid].end],
        )
        for a in gold.arguments
    }
    assert ("talks", "place", "Busan") in links
    qtbot.keyClick(reviewer.view, K.Key_Z, CTRL)
    assert stored_gold(review_db).arguments == []
    qtbot.keyClick(reviewer.view, K.Key_Y, CTRL)  # redo
    assert len(stored_gold(review_db).arguments) == 1


def test_taking_a_version_clears_its_highlight(qtbot, reviewer):
    go_to(qtbot, reviewer, "ORG", "Tokyo")
    version = reviewer.review.version()
    assert reviewer.review.marks.states[version.ident] == "open"
    qtbot.keyClick(reviewer.view, K.Key_T)
    assert reviewer.review.marks.states[version.ident] == "in_gold"
    assert (
        reviewer.review.panel.table.topLevelItem(
            reviewer.review.review.versions.index(version)
        ).text(0)
        == "✓"
    )


def test_comment_thread_is_stored_with_author_time_and_parent(qtbot, reviewer, review_db):
    go_to(qtbot, reviewer, "GPE", "Tokyo")  # a version gold holds: the comment is on its span
    qtbot.keyClick(reviewer.view, K.Key_C)
    box = reviewer.review.panel.comments.input
    assert box.hasFocus()
    qtbot.keyClicks(box, "Ministry or city? Check the guideline.")
    qtbot.keyClick(box, K.Key_Return)
    comments = stored_gold(review_db).comments
    assert len(comments) == 1
    first = comments[0]
    tokyo_gpe = next(
        s
        for s in stored_gold(review_db).spans
        if s.label == "GPE" and reviewer.session.document.text[s.start : s.end] == "Tokyo"
    )
    assert (first.author, first.span_uid, first.parent_uid) == ("rev", tokyo_gpe.uid, None)
    assert first.created[:4].isdigit()
    tree = reviewer.review.panel.comments.tree
    tree.setCurrentItem(tree.topLevelItem(0))
    qtbot.keyClicks(box, "The city: GPE.")
    qtbot.keyClick(box, K.Key_Return)
    comments = stored_gold(review_db).comments
    reply = next(c for c in comments if c.uid != first.uid)
    assert (reply.parent_uid, reply.span_uid, reply.text) == (
        first.uid,
        first.span_uid,
        "The city: GPE.",
    )
    assert tree.topLevelItemCount() == 1 and tree.topLevelItem(0).childCount() == 1


def reviewed_anyway(qtbot, window) -> str:  # type: ignore[no-untyped-def]
    """Ctrl+Shift+D, which asks about the open disagreements; Y answers "reviewed anyway"."""
    qtbot.keyClick(window.view, K.Key_D, CTRL | SHIFT)
    dialog = window.review.ask
    assert dialog is not None and dialog.isVisible()
    question = dialog.message.text()
    qtbot.keyClick(dialog, K.Key_Y)
    assert not dialog.isVisible()
    return question


def test_reviewed_with_open_disagreements_asks_and_says_how_many(qtbot, reviewer, review_db):
    total = len(reviewer.review.review.versions)
    qtbot.keyClick(reviewer.view, K.Key_T)  # decide one
    still_open = list(reviewer.review._states().values()).count("open")
    assert 1 < still_open < total
    qtbot.keyClick(reviewer.view, K.Key_D, CTRL | SHIFT)
    dialog = reviewer.review.ask
    assert dialog.isVisible()
    assert f"{still_open} of {total} disagreements in this document are still open" in (
        dialog.message.text()
    )
    assert stored_gold(review_db, 1).status is not LayerStatus.REVIEWED
    qtbot.keyClick(dialog, K.Key_G)  # go to the first open one instead
    assert stored_gold(review_db, 1).status is not LayerStatus.REVIEWED
    states = reviewer.review._states()
    assert states[reviewer.review.version().ident] == "open"
    assert reviewer.focusWidget() is reviewer.view


def test_reviewed_moves_to_the_next_document_with_disagreements(qtbot, reviewer, review_db):
    reviewed_anyway(qtbot, reviewer)
    assert stored_gold(review_db, 1).status is LayerStatus.REVIEWED
    assert reviewer.current_document_id() == 3  # document 2 has one finished annotator only
    assert reviewer.session.layer.kind is LayerKind.GOLD
    assert [v.label for v in reviewer.review.review.versions] == ["GPE", "LOC"]
    qtbot.keyClick(reviewer.view, K.Key_T)
    qtbot.keyClick(reviewer.view, K.Key_X, SHIFT)  # both decided: no question
    qtbot.keyClick(reviewer.view, K.Key_D, CTRL | SHIFT)
    assert reviewer.review.ask is None or not reviewer.review.ask.isVisible()
    assert stored_gold(review_db, 3).status is LayerStatus.REVIEWED
    assert reviewer.current_document_id() == 3
    assert "No other document" in reviewer.status.message.text()


def test_leaving_review_mode_returns_to_my_layer(qtbot, reviewer):
    qtbot.keyClick(reviewer.view, K.Key_R, CTRL)
    assert not reviewer.review.active
    assert reviewer.session.layer.kind is LayerKind.ANNOTATOR
    assert reviewer.session.layer.owner == "rev"
    assert reviewer.view.overlay is None and reviewer.right.currentWidget() is reviewer.side


def test_blind_annotation_hides_other_layers_until_mine_is_done(qtbot, review_db, settings):  # type: ignore[no-untyped-def]
    bob = open_as(qtbot, review_db, "bob", 2, settings)
    qtbot.keyClick(bob.view, K.Key_R, CTRL)
    assert bob.review.review.annotators == ["bob"]  # alice finished, but bob has not
    assert bob.session.layer.owner == "bob"
    assert stored_gold(review_db, 2) is None  # an annotator never creates gold
    qtbot.keyClick(bob.view, K.Key_T)
    assert "Only reviewers" in bob.status.message.text()
    qtbot.keyClick(bob.view, K.Key_R, CTRL)
    qtbot.keyClick(bob.view, K.Key_D, CTRL)  # bob finishes document 2 …
    bob.open_document(2)
    qtbot.keyClick(bob.view, K.Key_R, CTRL)
    assert bob.review.review.annotators == ["alice", "bob"]  # … and may now compare
    assert stored_gold(review_db, 2) is None
    bob.close()
    bob.project.close()


def test_dashboard_shows_progress_agreement_chart_and_confusions(qtbot, reviewer):
    qtbot.keyClick(reviewer.view, K.Key_B, CTRL)
    board = reviewer.dashboard
    assert board is not None and board.isVisible()
    text = board.browser.toPlainText()
    for expected in ("Progress", "alice", "Agreement", "confusions", "GPE vs LOC"):
        assert expected in text
    assert board.charts >= 1
    board.close()


def test_undo_steps_over_a_comment_to_the_last_edit(qtbot, reviewer, review_db):
    """A comment is a record of the discussion: Ctrl+Z after it takes back the last edit."""
    go_to(qtbot, reviewer, "ORG", "Tokyo")
    qtbot.keyClick(reviewer.view, K.Key_T)
    assert gold_spans(review_db)[("Tokyo", "ORG")] is State.ACCEPTED
    box = reviewer.review.panel.comments.input
    qtbot.keyClick(reviewer.view, K.Key_C)
    qtbot.keyClicks(box, "ORG: the government, not the city.")
    qtbot.keyClick(box, K.Key_Return)
    assert [c.text for c in stored_gold(review_db).comments] == [
        "ORG: the government, not the city."
    ]
    reviewer.view.setFocus()
    qtbot.keyClick(reviewer.view, K.Key_Z, CTRL)
    spans = gold_spans(review_db)
    assert ("Tokyo", "ORG") not in spans and spans[("Tokyo", "GPE")] is State.ACCEPTED
    assert len(stored_gold(review_db).comments) == 1  # the comment stays
    assert "no change" not in reviewer.status.message.text()


def test_a_role_given_on_the_server_counts_from_the_next_document(
    qtbot, review_db, settings
):
    from jkannotate.operations.team import add_user

    window = open_as(qtbot, review_db, "alice", 1, settings)
    qtbot.keyClick(window.view, K.Key_R, CTRL)
    assert window.review.active and not window.review.writes_gold  # an annotator compares
    assert window.session.layer.owner == "alice"
    with Project.open(review_db, user="rev") as admin:
        add_user(admin, "alice", "reviewer")
    said: list[str] = []
    window.model.message.connect(said.append)
    window.open_document(2)  # no need to leave review mode and come back
    assert window.review.writes_gold
    assert window.session.layer.kind is LayerKind.GOLD
    assert any("now write gold" in text for text in said)
    window.close()
    window.project.close()


def test_switching_review_mode_on_reads_the_role_once(qtbot, review_db, settings, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: E501
    from jkannotate.gui import review_mode

    reads: list[str] = []
    can_review = review_mode.can_review

    def counted(project):  # type: ignore[no-untyped-def]
        reads.append(project.user)
        return can_review(project)

    monkeypatch.setattr(review_mode, "can_review", counted)
    window = open_as(qtbot, review_db, "rev", 1, settings)
    qtbot.keyClick(window.view, K.Key_R, CTRL)
    assert window.review.active and window.review.writes_gold
    assert reads == ["rev"]  # switching on reopens document 1: read once, not twice
    window.open_document(2)
    assert reads == ["rev", "rev"]  # and once for each document opened afterwards
    window.close()
    window.project.close()
