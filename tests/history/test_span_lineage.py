"""A gold span's history goes on from the annotators' versions it was adjudicated from:
suggested → accepted by alice → accepted by bob → adjudicated by rita → relabelled in
review, through ``adjudicate``, review mode's gold seeding and its take/reject keys."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jkannotate.cli import main
from jkannotate.core import edits as ed
from jkannotate.core.history import LogEntry, trace
from jkannotate.core.model import (
    GOLD_OWNER,
    AnnotatedDocument,
    Document,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.operations.review import adjudicate_project
from jkannotate.operations.review_window import load_review, seed_gold, take_edits
from jkannotate.operations.suggest import save_suggestions
from jkannotate.project import Project
from jkannotate.review import adjudicate

TEXT = "Seoul urged Tokyo on Friday to lift the export curbs, South Korea’s ministry said."
TOKYO = (12, 17)


def start_team(db_url: str) -> tuple[int, Span]:
    """rita (admin), annotators alice and bob, one document suggested by a gazetteer rule."""
    with Project.open(db_url, user="rita") as project:
        project.bootstrap_admin("rita")
        for name in ("alice", "bob"):
            project.register_user(name, "annotator")
        (doc_id,) = project.import_documents([AnnotatedDocument(Document(TEXT))]).added
        seoul = Span(0, 5, "GPE", origin=Origin.SUGGESTED, state=State.PENDING,
                     source="rule:gazetteer")
        suggestion = Layer(doc_id, LayerKind.SUGGESTION, "suggester", LayerStatus.DONE,
                           spans=[seoul], notes="rules")
        assert save_suggestions(project, [suggestion]) == []
    return doc_id, seoul


def annotate(db_url: str, doc_id: int, name: str, seoul: Span, *, finish: bool = True) -> str:
    """``name`` accepts the suggestion and adds Tokyo by hand (a uid of their own)."""
    with Project.open(db_url, user=name) as annotator:
        layer = annotator.open_layer(doc_id)
        annotator.accept(layer, [seoul.uid])
        added = annotator.add_span(layer, *TOKYO, "GPE").edits[0]
        assert isinstance(added, ed.AddSpan)
        if finish:
            annotator.set_status(layer, LayerStatus.DONE)
        return added.span.uid


def cli_history(db_url: str, doc_id: int, uid: str, capsys: pytest.CaptureFixture[str]
                ) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["history", "--doc", str(doc_id), "--span", uid, "--db", db_url, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_a_gold_span_history_runs_back_through_adjudication(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    doc_id, seoul = start_team(db_url)
    alice_tokyo = annotate(db_url, doc_id, "alice", seoul)
    bob_tokyo = annotate(db_url, doc_id, "bob", seoul)
    capsys.readouterr()
    assert main(["adjudicate", "--db", db_url, "--annotator", "rita", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["written"] == 1
    with Project.open(db_url, user="rita") as project:
        gold = project.layer(doc_id, GOLD_OWNER)
        assert gold is not None
        by_key = {s.key: s for s in gold.spans}
        # the accepted suggestion keeps its uid in gold; Tokyo (two uids) gets its own
        assert by_key[(0, 5, "GPE")].uid == seoul.uid
        tokyo = by_key[(*TOKYO, "GPE")].uid
        assert tokyo not in (alice_tokyo, bob_tokyo)
        project.relabel(gold, tokyo, "ORG")
    with Project.open(db_url, user="alice") as alice:  # later work on her own version
        layer = alice.layer(doc_id, "alice")
        assert layer is not None
        alice.relabel(layer, alice_tokyo, "ORG")

    lines = cli_history(db_url, doc_id, tokyo, capsys)
    assert [(x["who"], x["layer"], x["what"], x["span"]) for x in lines] == [
        ("alice", "alice", "added GPE", alice_tokyo),
        ("bob", "bob", "added GPE", bob_tokyo),
        ("rita", "gold", "adjudicated (added GPE)", tokyo),
        ("rita", "gold", "relabelled GPE → ORG", tokyo),
    ]  # alice's relabel after the adjudication is her version's history, not gold's
    assert [x["entry"] for x in lines] == sorted(x["entry"] for x in lines)

    seoul_lines = cli_history(db_url, doc_id, seoul.uid, capsys)
    assert [(x["who"], x["layer"], x["what"]) for x in seoul_lines] == [
        ("rule:gazetteer (run by rita)", "suggestion", "suggested GPE"),
        ("alice", "alice", "accepted"),
        ("bob", "bob", "accepted"),
        ("rita", "gold", "adjudicated (added GPE)"),
    ]
    with Project.open(db_url, user="rita") as project:
        # the same through the project, and forward from alice's version into gold
        assert [line.to_dict() for line in project.history(doc_id, tokyo)] == lines
        forward = [(line.who, line.layer, line.what) for line in project.history(doc_id,
                                                                                 alice_tokyo)]
        assert forward == [
            ("alice", "alice", "added GPE"),
            ("rita", "gold", "adjudicated (added GPE)"),
            ("alice", "alice", "relabelled GPE → ORG"),
        ]


def test_undo_and_redo_of_an_adjudication_keep_the_gold_span_history(db_url: str) -> None:
    doc_id, seoul = start_team(db_url)
    alice_tokyo = annotate(db_url, doc_id, "alice", seoul)
    bob_tokyo = annotate(db_url, doc_id, "bob", seoul)
    with Project.open(db_url, user="rita") as project:
        adjudicate_project(project)
        gold = project.layer(doc_id, GOLD_OWNER)
        assert gold is not None
        tokyo = next(s.uid for s in gold.spans if (s.start, s.end) == TOKYO)
        project.undo(gold)
        project.redo(gold)
        lines = [(line.who, line.what, line.span) for line in project.history(doc_id, tokyo)]
    assert lines == [
        ("alice", "added GPE", alice_tokyo),
        ("bob", "added GPE", bob_tokyo),
        ("rita", "adjudicated (added GPE)", tokyo),
        ("rita", "undid (added GPE)", tokyo),
        ("rita", "redid (added GPE)", tokyo),
    ]


def test_gold_seeded_in_review_mode_and_a_taken_version_continue_their_history(
    db_url: str,
) -> None:
    doc_id, seoul = start_team(db_url)
    alice_tokyo = annotate(db_url, doc_id, "alice", seoul)
    with Project.open(db_url, user="bob") as bob:  # bob has Seoul only: Tokyo is a tie
        layer = bob.open_layer(doc_id)
        bob.accept(layer, [seoul.uid])
        bob.set_status(layer, LayerStatus.DONE)
    with Project.open(db_url, user="rita") as project:
        review = load_review(project, doc_id)
        gold = seed_gold(project, review)
        assert gold is not None and [s.uid for s in gold.spans] == [seoul.uid]
        (version,) = [v for v in review.versions if v.kind == "span"]
        assert version.has == ("alice",)
        project.apply(gold, take_edits(gold, review, version))
        # alice's version alone: gold takes her uid, and her history with it
        assert {s.uid for s in gold.spans} == {seoul.uid, alice_tokyo}
        lines = [(line.who, line.layer, line.what) for line in project.history(doc_id,
                                                                               alice_tokyo)]
        assert lines == [("alice", "alice", "added GPE"), ("rita", "gold", "added GPE")]
        seoul_lines = [(line.who, line.layer) for line in project.history(doc_id, seoul.uid)]
        assert seoul_lines[-1] == ("rita", "gold")  # the seeding, on the same uid
        assert project.history(doc_id, seoul.uid)[-1].what == "adjudicated (added GPE)"


def test_a_version_whose_uid_gold_holds_is_taken_with_a_recorded_source(db_url: str) -> None:
    doc_id, seoul = start_team(db_url)
    with Project.open(db_url, user="alice") as alice:
        layer = alice.open_layer(doc_id)
        alice.accept(layer, [seoul.uid])
    with Project.open(db_url, user="bob") as bob:  # bob's version of the same span: ORG
        layer = bob.open_layer(doc_id)
        bob.relabel(layer, seoul.uid, "ORG")
    with Project.open(db_url, user="rita") as project:
        gold = project.open_layer(doc_id, GOLD_OWNER)  # from the suggestions: Seoul, GPE
        review = load_review(project, doc_id)
        gpe, org = sorted((v for v in review.versions if v.kind == "span"),
                          key=lambda v: v.label)
        project.apply(gold, take_edits(gold, review, gpe))
        edits = take_edits(gold, review, org)  # replaces the GPE one, which keeps the uid
        added = next(e for e in edits if isinstance(e, ed.AddSpan))
        assert added.span.uid != seoul.uid and added.made_from == (seoul.uid,)
        project.apply(gold, edits)
        lines = [(line.who, line.layer, line.what) for line in project.history(
            doc_id, added.span.uid)]
    assert lines == [
        ("rule:gazetteer (run by rita)", "suggestion", "suggested GPE"),
        ("alice", "alice", "accepted"),
        ("bob", "bob", "relabelled GPE → ORG"),
        ("rita", "gold", "accepted"),  # gold's version of that uid, before it was replaced
        ("rita", "gold", "added ORG"),
    ]


def test_adjudicating_again_keeps_each_gold_span_and_its_history(db_url: str) -> None:
    doc_id, seoul = start_team(db_url)
    alice_tokyo = annotate(db_url, doc_id, "alice", seoul)
    annotate(db_url, doc_id, "bob", seoul)
    with Project.open(db_url, user="rita") as project:
        adjudicate_project(project)
        gold = project.layer(doc_id, GOLD_OWNER)
        assert gold is not None
        before = {s.key: s.uid for s in gold.spans}
    friday = (21, 27)
    for name in ("alice", "bob"):  # both add Friday afterwards, each with a uid of their own
        with Project.open(db_url, user=name) as annotator:
            layer = annotator.layer(doc_id, name)
            assert layer is not None
            annotator.add_span(layer, *friday, "DATE")
    with Project.open(db_url, user="rita") as project:
        assert adjudicate_project(project).written == [doc_id]
        gold = project.layer(doc_id, GOLD_OWNER)
        assert gold is not None
        after = {s.key: s.uid for s in gold.spans}
        assert after == {**before, (*friday, "DATE"): after[(*friday, "DATE")]}
        tokyo = before[(*TOKYO, "GPE")]
        lines = [(line.who, line.layer, line.what) for line in project.history(doc_id, tokyo)]
        # the second run added Friday only: Tokyo was neither removed nor added again
        assert lines[-1] == ("rita", "gold", "adjudicated (added GPE)")
        assert ("alice", "alice", "added GPE") in lines
        last = project.history(doc_id)[-1]
        assert (last.layer, last.what) == ("gold", "adjudicated (added DATE)")
        assert alice_tokyo not in after.values()


# the pure parts ---------------------------------------------------------------------


def test_adjudicating_again_keeps_the_gold_uids() -> None:
    doc = AnnotatedDocument(Document(TEXT, id=1), [
        Layer(1, LayerKind.ANNOTATOR, name, LayerStatus.DONE,
              spans=[Span(0, 5, "GPE", uid="seoul"), Span(*TOKYO, "GPE", uid=f"tokyo-{name}")])
        for name in ("alice", "bob")
    ])
    first = adjudicate(doc, "majority")
    uids = {s.key: s.uid for s in first.gold.spans}
    assert uids[(0, 5, "GPE")] == "seoul"
    assert first.made_from == {uids[(*TOKYO, "GPE")]: ("tokyo-alice", "tokyo-bob")}
    again = adjudicate(doc, "majority", previous=first.gold)
    assert {s.key: s.uid for s in again.gold.spans} == uids
    assert ed.rewrite(first.gold, again.gold, again.made_from) == []


def test_trace_follows_made_from_up_to_the_entry_that_made_the_span() -> None:
    def entry(number: int, layer: str, edits: list[ed.Edit]) -> LogEntry:
        return LogEntry("x", edits, [], id=number, layer_kind="annotator", layer_owner=layer)

    log = [
        entry(1, "alice", [ed.AddSpan(Span(0, 5, "GPE", uid="a"))]),
        entry(2, "bob", [ed.AddSpan(Span(0, 5, "GPE", uid="b"))]),
        entry(3, "gold", [ed.AddSpan(Span(0, 5, "GPE", uid="g"), ("a", "b"))]),
        entry(4, "alice", [ed.UpdateSpan.of("a", label="ORG")]),
        entry(5, "gold2", [ed.AddSpan(Span(0, 5, "GPE", uid="h"), ("g", "a"))]),
    ]
    asked: list[str] = []

    def entries_of(uid: str) -> list[LogEntry]:
        asked.append(uid)
        return [e for e in log if uid in {u for x in e.edits for u in _uids(x)}]

    # up to the entry that made "g" from "a" and "b", and on to what was made from "g"
    assert [(e.id, uid) for e, uid in trace("g", entries_of)] == [
        (1, "a"), (2, "b"), (3, "g"), (5, "g")]
    # "a" is reached twice (directly up to 5, through "g" up to 3): read once to 5
    asked.clear()
    assert [(e.id, uid) for e, uid in trace("h", entries_of)] == [
        (1, "a"), (2, "b"), (3, "g"), (4, "a"), (5, "h")]
    assert sorted(asked) == ["a", "b", "g", "h"]


def _uids(edit: ed.Edit) -> list[str]:
    if isinstance(edit, ed.AddSpan):
        return [edit.span.uid, *edit.made_from]
    return [edit.uid] if isinstance(edit, ed.UpdateSpan | ed.RemoveSpan) else []


def test_made_from_round_trips_through_json() -> None:
    edit = ed.AddSpan(Span(0, 5, "GPE", uid="g"), ("a", "b"))
    assert ed.edits_from_json(ed.edits_to_json([edit])) == [edit]
    plain = ed.AddSpan(Span(0, 5, "GPE", uid="g"))
    assert "made_from" not in ed.edits_to_json([plain])  # old entries read as they were
