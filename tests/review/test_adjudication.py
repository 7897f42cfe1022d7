"""Majority and unanimous adjudication into gold; disagreements for review mode."""

from __future__ import annotations

import pytest
from review_helpers import layer

from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    AnnotatedDocument,
    Document,
    EventArgument,
    LabelKind,
    LayerKind,
    LayerStatus,
    Span,
)
from jkannotate.review import adjudicate, disagreements, has_disagreements

TEXT = "Moon Jae-in met Shinzo Abe in Tokyo on Monday for a summit about export controls."
MOON, ABE, TOKYO = (0, 11), (16, 26), (30, 35)


def spans_of(*items: tuple[tuple[int, int], str]) -> list[Span]:
    return [Span(s, e, label) for (s, e), label in items]


def three_annotators() -> AnnotatedDocument:
    a = layer(
        "a", spans_of((MOON, "PERSON"), (ABE, "PERSON"), (TOKYO, "GPE")), ["SUMMIT_DIPLOMACY"]
    )
    b = layer(
        "b", spans_of((MOON, "PERSON"), (ABE, "ORG"), (TOKYO, "GPE")), ["SUMMIT_DIPLOMACY", "CHINA"]
    )
    c = layer("c", spans_of((MOON, "PERSON"), (ABE, "PERSON")), ["EXPORT_CONTROLS"])
    return AnnotatedDocument(Document(TEXT, id=7), [a, b, c])


def keys(result) -> set[tuple[int, int, str]]:
    return {s.key for s in result.gold.spans}


def test_majority_takes_what_more_than_half_have() -> None:
    result = adjudicate(three_annotators(), "majority")
    assert keys(result) == {(*MOON, "PERSON"), (*ABE, "PERSON"), (*TOKYO, "GPE")}
    assert [t.label for t in result.gold.tags] == ["SUMMIT_DIPLOMACY"]
    assert result.undecided == []  # three voters never tie
    assert result.gold.kind is LayerKind.GOLD and result.gold.owner == "gold"
    assert result.gold.status is LayerStatus.DONE and result.gold.document_id == 7
    assert all(s.source == "adjudication:majority" for s in result.gold.spans)


def test_unanimous_leaves_partial_items_to_the_reviewer() -> None:
    result = adjudicate(three_annotators(), "unanimous")
    assert keys(result) == {(*MOON, "PERSON")}
    assert result.gold.tags == []
    undecided = {(d.kind, d.label, d.start) for d in result.undecided}
    assert (("span", "ORG", ABE[0])) in undecided and ("tag", "CHINA", None) in undecided
    assert result.gold.status is LayerStatus.IN_PROGRESS
    abe_org = next(d for d in result.undecided if d.label == "ORG")
    assert abe_org.has == ("b",) and abe_org.lacks == ("a", "c")
    assert {r[:2] for r in abe_org.rivals} == {("a", "PERSON"), ("c", "PERSON")}


def test_majority_tie_between_two_is_undecided() -> None:
    a = layer("a", spans_of((MOON, "PERSON"), (ABE, "PERSON")))
    b = layer("b", spans_of((MOON, "PERSON"), (ABE, "ORG")))
    result = adjudicate(AnnotatedDocument(Document(TEXT, id=1), [a, b]), "majority")
    assert keys(result) == {(*MOON, "PERSON")}
    assert {d.label for d in result.undecided} == {"PERSON", "ORG"}
    assert all(d.start == ABE[0] for d in result.undecided)


def test_unfinished_layers_and_unlisted_annotators_do_not_vote() -> None:
    doc = three_annotators()
    doc.layers[2].status = LayerStatus.IN_PROGRESS  # c has not finished
    result = adjudicate(doc, "majority")
    assert result.annotators == ["a", "b"]
    assert (*ABE, "PERSON") not in keys(result)  # now a 1–1 tie
    only_ac = adjudicate(three_annotators(), "unanimous", annotators=["a", "c"])
    assert keys(only_ac) == {(*MOON, "PERSON"), (*ABE, "PERSON")}


def test_event_arguments_point_at_gold_spans() -> None:
    def annotated(owner: str, role: str):
        moon, summit = Span(*MOON, "PERSON"), Span(51, 57, "MEETING", LabelKind.EVENT)
        return layer(owner, [moon, summit], arguments=[EventArgument(summit.uid, moon.uid, role)])

    doc = AnnotatedDocument(
        Document(TEXT, id=1),
        [annotated("a", "participant"), annotated("b", "participant"), annotated("c", "agent")],
    )
    gold = adjudicate(doc, "majority").gold
    assert len(gold.arguments) == 1
    argument = gold.arguments[0]
    assert gold.span(argument.event_uid).label == "MEETING"
    assert gold.span(argument.argument_uid).key == (*MOON, "PERSON")
    assert argument.role == "participant"
    unanimous = adjudicate(doc, "unanimous")
    assert unanimous.gold.arguments == []
    assert {d.role for d in unanimous.undecided if d.kind == "argument"} == {"participant", "agent"}


def test_disagreements_list_who_has_what() -> None:
    doc = three_annotators()
    found = disagreements(doc)
    assert has_disagreements(doc)
    moon_person = [d for d in found if d.kind == "span" and d.start == MOON[0]]
    assert moon_person == []  # everyone agrees on Moon
    tokyo = next(d for d in found if d.label == "GPE")
    assert tokyo.has == ("a", "b") and tokyo.lacks == ("c",)
    assert tokyo.to_json()["lacks"] == ["c"]
    agreeing = [layer(name, spans_of((MOON, "PERSON"))) for name in ("a", "b")]
    same = AnnotatedDocument(Document(TEXT, id=2), agreeing)
    assert not has_disagreements(same)


def test_unknown_strategy_is_refused() -> None:
    with pytest.raises(InputError, match="majority or unanimous"):
        adjudicate(three_annotators(), "loudest")  # type: ignore[arg-type]


def test_a_pending_suggestion_nobody_decided_is_no_vote() -> None:
    from jkannotate.core.model import DocTag, Origin, State

    def undecided(span: Span) -> Span:
        return Span(*span.key, origin=Origin.SUGGESTED, state=State.PENDING)

    doc = three_annotators()
    for each in doc.layers:  # everyone left a suggested GPE on Moon and a tag undecided
        each.spans.append(undecided(Span(MOON[0], MOON[1], "GPE")))
        each.tags.append(DocTag("HISTORY_ISSUES", Origin.SUGGESTED, State.PENDING))
    result = adjudicate(doc, "unanimous")
    assert (MOON[0], MOON[1], "GPE") not in keys(result)
    assert "HISTORY_ISSUES" not in {t.label for t in result.gold.tags}
    assert doc.layers[0].decided().spans == [s for s in doc.layers[0].spans
                                             if s.state is not State.PENDING]
