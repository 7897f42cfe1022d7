"""``agreement`` equals the review functions on the stored data; ``adjudicate`` builds
gold and leaves reviewed or hand-edited gold alone; the review window's "next"."""

from __future__ import annotations

import json
from pathlib import Path

from review_cli_helpers import annotate, run, team_project, where

from jkannotate.core.model import AnnotatedDocument, LayerStatus, State
from jkannotate.operations.review import adjudicate_project, next_document_with_disagreements
from jkannotate.project import Project
from jkannotate.review import adjudicate, agreement_report


def stored_documents(db: Path) -> list[AnnotatedDocument]:
    with Project.open(db) as project:
        return [project.annotated(summary.id) for summary in project.documents()]


def as_json(data: object) -> object:
    return json.loads(json.dumps(data))


def test_agreement_json_equals_the_review_report(capsys, db_path) -> None:
    team_project(db_path)
    code, out, _ = run(capsys, "agreement", "--db", db_path, "--json")
    assert code == 0 and len(out.strip().splitlines()) == 1
    figures = json.loads(out)
    expected = agreement_report(stored_documents(db_path)).to_json()
    assert figures == as_json(expected)
    assert figures["annotators"] == ["alice", "bob", "carol"]
    assert (figures["documents"], figures["documents_skipped"]) == (2, 1)  # carol left one open
    assert {"exact", "overlap", "per_label", "token_kappa"} <= set(figures["spans"])
    assert figures["tags"]["per_tag"]["FORCED_LABOUR"]["krippendorff_alpha"] == 1.0
    assert set(figures["events"]) == {"trigger_f1", "argument_f1"}


def test_agreement_for_a_pair_and_one_label(capsys, db_path) -> None:
    team_project(db_path)
    args = ["agreement", "--db", db_path, "--annotators", "alice,bob", "--label", "GPE", "--json"]
    code, out, _ = run(capsys, *args)
    assert code == 0
    expected = agreement_report(
        stored_documents(db_path), annotators=["alice", "bob"], label="GPE"
    ).to_json()
    figures = json.loads(out)
    assert figures == as_json(expected)
    assert figures["documents"] == 3 and set(figures["spans"]["per_label"]) == {"GPE"}
    # alice: Tokyo GPE in the first article, bob: ORG; otherwise they agree on GPE
    assert 0 < figures["spans"]["exact"]["f1"] < 1


def test_agreement_table_on_a_terminal_and_bad_input(capsys, db_path) -> None:
    team_project(db_path)
    code, out, _ = run(capsys, "agreement", "--db", db_path, "--annotators", "alice,bob")
    assert code == 0
    assert "Documents compared: 3" in out and "Issue tag" in out and "exact" in out
    code, _, err = run(capsys, "agreement", "--db", db_path, "--label", "NOPE")
    assert code == 1 and "unknown label 'NOPE'" in err
    code, _, err = run(capsys, "agreement", "--db", db_path, "--annotators", "alice")
    assert code == 1 and "at least two distinct annotators" in err


def accept_suggestions(db_path, doc_id: int) -> None:
    """Every annotator accepts the suggestion they left pending in the document: one
    left pending is nobody's decision, so no vote in adjudication."""
    for name in ("alice", "bob", "carol"):
        with Project.open(db_path, user=name) as project:
            project.decide_pending(project.layer(doc_id, name), State.ACCEPTED, tags=False)  # type: ignore[arg-type]


def test_adjudicate_builds_gold_and_keeps_reviewed_gold(capsys, db_path) -> None:
    d1, d2, d3, d4 = team_project(db_path)
    accept_suggestions(db_path, d1)
    # rita reviews gold of the second article by hand before any adjudication
    with Project.open(db_path, user="rita") as project:
        gold = project.open_layer(d2, "gold")
        text = project.document(d2).text
        project.add_span(gold, *where(text, "Fumio Kishida"), "PERSON", exact=True)
        project.set_status(gold, LayerStatus.REVIEWED)
        reviewed = project.layer(d2, "gold")
    code, out, _ = run(
        capsys, "adjudicate", "--strategy", "majority", "--db", db_path, "--annotator", "rita"
    )
    assert code == 0 and "gold written for 2 documents" in out and "1 reviewed" in out
    docs = {doc.document.id: doc for doc in stored_documents(db_path)}
    assert docs[d2].layer("gold") == reviewed  # untouched, version included
    assert docs[d4].layer("gold") is None  # nobody annotated it
    for doc_id in (d1, d3):
        stored = docs[doc_id].layer("gold")
        expected = adjudicate(docs[doc_id], "majority").gold
        assert stored is not None and stored.status is expected.status
        assert sorted(s.key for s in stored.spans) == sorted(s.key for s in expected.spans)
        assert sorted(t.label for t in stored.tags) == sorted(t.label for t in expected.tags)
    text = docs[d1].document.text
    # three annotators: everyone accepted the suggested "Tokyo" GPE; only bob added ORG
    gold_d1 = {(text[s.start : s.end], s.label) for s in docs[d1].layer("gold").spans}
    assert ("Tokyo", "GPE") in gold_d1 and ("Tokyo", "ORG") not in gold_d1
    assert ("Mitsubishi Heavy Industries", "ORG") in gold_d1
    # a second run changes nothing (no version bump for windows holding the layers)
    code, out, _ = run(capsys, "adjudicate", "--db", db_path, "--annotator", "lead", "--json")
    assert code == 0 and json.loads(out)["written"] == 0 and json.loads(out)["unchanged"] == 2
    assert stored_documents(db_path)[0].layer("gold").version == docs[d1].layer("gold").version


def test_unanimous_leaves_partly_shared_items_and_hand_edited_gold(db_path) -> None:
    d1, d2, d3, _ = team_project(db_path)
    accept_suggestions(db_path, d1)
    with Project.open(db_path, user="rita") as project:
        gold = project.open_layer(d3, "gold")
        project.set_tag(gold, "TRADE_DISPUTE")  # work in progress, not yet reviewed
        summary = adjudicate_project(project, "unanimous", batch_size=1)
        assert summary.kept_edited == [d3] and sorted(summary.written) == [d1, d2]
        assert [t.label for t in project.layer(d3, "gold").tags] == ["TRADE_DISPUTE"]
        gold_d1 = project.layer(d1, "gold")
        assert gold_d1.status is LayerStatus.IN_PROGRESS  # undecided items remain
        text = project.document(d1).text
        # carol marked only "Mitsubishi Heavy": the full name is not unanimous
        assert {text[s.start : s.end] for s in gold_d1.spans} == {"South Korea", "Tokyo"}


def test_unknown_strategy_is_refused(capsys, db_path) -> None:
    team_project(db_path)
    args = ["adjudicate", "--strategy", "vote", "--db", db_path, "--annotator", "rita"]
    code, _, err = run(capsys, *args)
    assert code == 1 and "unknown strategy 'vote'" in err


def test_next_document_with_disagreements_skips_agreed_and_reviewed(db_path) -> None:
    d1, d2, d3, d4 = team_project(db_path)
    # the fourth article: alice and bob agree entirely
    for name in ("alice", "bob"):
        annotate(db_path, name, d4, [("Takeshima", "LOC")], ["TERRITORIAL_DISPUTE"])
    with Project.open(db_path, user="rita") as project:
        assert next_document_with_disagreements(project, 0) == d1
        assert next_document_with_disagreements(project, d1) == d2
        assert next_document_with_disagreements(project, d3) == d1  # d4 agrees: wrap around
        gold = project.open_layer(d2, "gold")
        project.set_status(gold, LayerStatus.REVIEWED)
        assert next_document_with_disagreements(project, d1) == d3
        assert next_document_with_disagreements(project, d1, ["alice", "bob"]) == d3


def test_agreement_p_r_f1_are_consistent_and_say_which_documents(tmp_path, capsys) -> None:
    """F1 is the harmonic mean of the P and R shown, overall and with --label."""
    import math

    from jkannotate.review.agreement import agreement_report
    from tests.review.review_helpers import random_corpus

    report = agreement_report(random_corpus(5, documents=8))
    for figures in (report.exact, report.overlap):
        p, r, f = figures["precision"], figures["recall"], figures["f1"]
        assert math.isclose(f, 2 * p * r / (p + r), rel_tol=1e-9)
    for item in report.per_label.values():
        p, r = item.exact.precision, item.exact.recall
        if p + r:
            assert math.isclose(item.exact_f1, 2 * p * r / (p + r), rel_tol=1e-9)
    data = report.to_json()
    assert "documents all compared annotators finished" in data["documents_used"]
    assert "Every figure uses the compared documents" in report.to_table()
