"""The project memory on its own: what it remembers, what it suggests, what it never repeats."""

from __future__ import annotations

from jkannotate.core.model import LabelKind, Origin, Span, State
from jkannotate.nlp.memory import MEMORY_SOURCE, Decision, ProjectMemory

E = LabelKind.ENTITY


def accepted(surface: str, label: str, times: int = 1) -> list[Decision]:
    return [Decision(surface, label, E, True)] * times


def rejected(surface: str, label: str, times: int = 1) -> list[Decision]:
    return [Decision(surface, label, E, False)] * times


def pending(text: str, surface: str, label: str, source: str = "rule:gazetteer") -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), label, E, Origin.SUGGESTED, State.PENDING, 0.9,
                source)


def surfaces(text: str, spans: list[Span]) -> list[tuple[str, str, str | None]]:
    return [(text[s.start : s.end], s.label, s.source) for s in spans]


def test_a_labelled_string_is_found_again_with_normalised_spacing_and_apostrophes() -> None:
    memory = ProjectMemory(accepted("Mitsubishi Heavy Industries", "ORG"))
    text = "Mitsubishi  Heavy\nIndustries said it would appeal; Mitsubishi shares fell."
    found = memory.matches(text)
    assert surfaces(text, found) == [("Mitsubishi  Heavy\nIndustries", "ORG", MEMORY_SOURCE)]
    assert found[0].state is State.PENDING and found[0].origin is Origin.SUGGESTED


def test_matches_never_start_or_end_inside_a_word() -> None:
    memory = ProjectMemory(accepted("Korea", "GPE"))
    assert memory.matches("Koreans and Korea’s neighbours") != []
    text = "Koreans and Korea’s neighbours"
    assert surfaces(text, memory.matches(text)) == [("Korea", "GPE", MEMORY_SOURCE)]


def test_the_longest_remembered_string_wins() -> None:
    memory = ProjectMemory(accepted("Supreme Court", "ORG") + accepted("Supreme Court ruling",
                                                                       "LAW"))
    text = "The Supreme Court ruling of 2018 and the Supreme Court itself."
    assert [x[:2] for x in surfaces(text, memory.matches(text))] == [
        ("Supreme Court ruling", "LAW"),
        ("Supreme Court", "ORG"),
    ]


def test_confidence_grows_with_agreement_and_falls_with_rejections_and_other_labels() -> None:
    once = ProjectMemory(accepted("Blue House", "ORG"))
    thrice = ProjectMemory(accepted("Blue House", "ORG", 3))
    disputed = ProjectMemory(accepted("Blue House", "ORG", 3) + accepted("Blue House", "LOC", 2))
    doubted = ProjectMemory(accepted("Blue House", "ORG", 3) + rejected("Blue House", "ORG", 1))
    c = [m.confidence("Blue House", "ORG") for m in (once, thrice, disputed, doubted)]
    assert c[1] > c[0] and c[1] > c[2] and c[1] > c[3]
    assert 0.5 <= c[0] < 1 and c[2] < c[1]


def test_a_string_rejected_as_a_label_is_not_suggested_as_it_again() -> None:
    text = "The ministry said Seoul would respond."
    memory = ProjectMemory(rejected("The ministry", "ORG") + accepted("Seoul", "GPE"))
    spans = [pending(text, "The ministry", "ORG"), pending(text, "Seoul", "GPE")]
    assert surfaces(text, memory.revise(text, spans)) == [("Seoul", "GPE", "rule:gazetteer")]
    assert memory.matches("The ministry") == []


def test_a_rejection_outweighed_by_later_acceptances_suggests_again() -> None:
    memory = ProjectMemory(rejected("Moon", "PERSON") + accepted("Moon", "PERSON", 2))
    assert not memory.rejected("Moon", "PERSON")
    assert memory.matches("Moon said") != []


def test_a_consistent_other_label_relabels_the_suggestion() -> None:
    text = "Dokdo lies in the East Sea."
    memory = ProjectMemory(accepted("Dokdo", "LOC", 3))
    revised = memory.revise(text, [pending(text, "Dokdo", "GPE")])
    assert surfaces(text, revised) == [("Dokdo", "LOC", MEMORY_SOURCE)]


def test_a_single_other_label_does_not_override_the_rules() -> None:
    text = "Dokdo lies in the East Sea."
    memory = ProjectMemory(accepted("Dokdo", "LOC", 1) + accepted("Dokdo", "GPE", 1))
    revised = memory.revise(text, [pending(text, "Dokdo", "GPE")])
    assert surfaces(text, revised) == [("Dokdo", "GPE", "rule:gazetteer")]


def test_memory_never_overlaps_decided_or_suggested_spans_of_the_same_kind() -> None:
    text = "South Korea and Japan met."
    memory = ProjectMemory(accepted("Korea", "GPE") + accepted("Japan", "GPE"))
    manual = Span(0, 11, "GPE", E, Origin.MANUAL, State.ACCEPTED)
    revised = memory.revise(text, [manual])
    assert surfaces(text, revised) == [("South Korea", "GPE", None),
                                       ("Japan", "GPE", MEMORY_SOURCE)]


def test_decided_spans_are_never_revised() -> None:
    text = "The ministry said."
    memory = ProjectMemory(rejected("The ministry", "ORG", 3))
    mine = Span(0, 12, "ORG", E, Origin.MANUAL, State.ACCEPTED)
    assert memory.revise(text, [mine]) == [mine]


def test_event_triggers_are_remembered_as_events() -> None:
    memory = ProjectMemory([Decision("talks", "MEETING", LabelKind.EVENT, True)] * 2)
    text = "The talks ended."
    [span] = memory.matches(text)
    assert (span.kind, span.label) == (LabelKind.EVENT, "MEETING")
    entity = pending(text, "talks", "ORG")
    revised = memory.revise(text, [entity])
    # an entity suggestion does not block an event trigger on the same words
    assert {(s.kind, s.label) for s in revised} == {(E, "ORG"), (LabelKind.EVENT, "MEETING")}


def test_a_tag_evidence_phrase_suggests_the_tag_where_it_occurs_again() -> None:
    from jkannotate.core.model import DocTag
    from jkannotate.nlp.memory import TagDecision

    memory = ProjectMemory(tags=[
        TagDecision("FORCED_LABOUR", ("wartime labourers",), True),
        TagDecision("FORCED_LABOUR", ("Supreme Court said in a long ruling that the plaintiffs "
                                      "were owed compensation by the firm",), True),
        TagDecision("NORTH_KOREA", ("Pyongyang",), False),
    ])
    text = "Lawyers for wartime labourers met in Pyongyang."
    [tag] = memory.revise_tags(text, [])
    assert (tag.label, tag.source, tag.state) == ("FORCED_LABOUR", MEMORY_SOURCE, State.PENDING)
    assert [text[e.start : e.end] for e in tag.evidence] == ["wartime labourers"]
    weak = DocTag("FORCED_LABOUR", Origin.SUGGESTED, State.PENDING, 0.3, "rule:cue")
    [raised] = memory.revise_tags(text, [weak])
    assert raised.confidence > 0.3 and raised.uid == weak.uid
    # a whole sentence of evidence is not a cue; a rejected tag's evidence suggests nothing
    assert memory.revise_tags("Pyongyang said so.", []) == []
