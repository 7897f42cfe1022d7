"""Event triggers with their arguments, and issue tags with confidence and evidence."""

from __future__ import annotations

from jkannotate.core.model import LabelKind
from jkannotate.nlp import Suggester, Suggestion


def events_with_args(text: str, suggestion: Suggestion) -> dict[str, tuple[str, set]]:
    """trigger surface -> (label, {(role, argument surface)})."""
    by_uid = {s.uid: s for s in suggestion.spans}
    result: dict[str, tuple[str, set]] = {}
    for event in suggestion.events():
        roles = {(a.role, text[by_uid[a.argument_uid].start:by_uid[a.argument_uid].end])
                 for a in suggestion.arguments if a.event_uid == event.uid}
        result[text[event.start:event.end]] = (event.label, roles)
    return result


def test_military_action_with_agent_time_and_place(rules: Suggester) -> None:
    text = "North Korea fired two ballistic missiles into the Sea of Japan on Sunday, Seoul said."
    found = events_with_args(text, rules.suggest_one(text))
    label, roles = found["fired"]
    assert label == "MILITARY_ACTION"
    assert {("agent", "North Korea"), ("time", "Sunday"), ("place", "Sea of Japan")} <= roles


def test_statement_links_agent_and_target(rules: Suggester) -> None:
    text = "On Tuesday, Seoul urged Tokyo to lift the export curbs on chip materials."
    found = events_with_args(text, rules.suggest_one(text))
    label, roles = found["urged"]
    assert label == "STATEMENT"
    assert {("agent", "Seoul"), ("target", "Tokyo"), ("time", "Tuesday")} <= roles
    assert found["export curbs"][0] == "TRADE_MEASURE"


def test_meeting_participants(rules: Suggester) -> None:
    text = "Yoon Suk Yeol met Fumio Kishida in Tokyo on Thursday for summit talks."
    found = events_with_args(text, rules.suggest_one(text))
    label, roles = found["met"]
    assert label == "MEETING"
    assert {("participant", "Yoon Suk Yeol"), ("participant", "Fumio Kishida"),
            ("place", "Tokyo"), ("time", "Thursday")} <= roles
    assert found["summit talks"][0] == "MEETING"


def test_trigger_words_need_their_context(rules: Suggester) -> None:
    text = ("Business lobbies agreed to launch foundations for young people, and the ruling "
            "party welcomed it.")
    found = events_with_args(text, rules.suggest_one(text))
    assert "launch" not in found  # no missile, rocket or drill in the sentence
    assert "ruling" not in found  # "ruling party" is no court ruling
    assert found["agreed"][0] == "AGREEMENT"


def test_issue_tags_carry_confidence_and_sentence_evidence(rules: Suggester) -> None:
    text = ("Seoul and Tokyo met on Monday.\n\n"
            "The court ordered Mitsubishi Heavy Industries to compensate victims of forced labour. "
            "Japan says the 1965 treaty settled all claims. The weather was fine.")
    suggestion = rules.suggest_one(text)
    tags = {tag.label: tag for tag in suggestion.tags}
    forced = tags["FORCED_LABOUR"]
    assert forced.confidence is not None and 0.5 <= forced.confidence <= 1.0
    sentences = {text[e.start:e.end] for e in forced.evidence}
    assert ("The court ordered Mitsubishi Heavy Industries to compensate victims of forced "
            "labour.") in sentences
    assert all("weather" not in sentence for sentence in sentences)
    assert "TREATY_1965" in tags
    assert "COMFORT_WOMEN" not in tags
    assert all(tag.source == "rule:cues" for tag in suggestion.tags)


def test_more_cues_give_more_confidence(rules: Suggester) -> None:
    one = rules.suggest_one("A poll was published.")
    many = rules.suggest_one("A poll was published. In the survey, most respondents said "
                             "protesters were right.")
    confidence = {t.label: t.confidence for t in one.tags}.get("PUBLIC_OPINION", 0.0)
    more = {t.label: t.confidence for t in many.tags}["PUBLIC_OPINION"]
    assert more is not None and more > (confidence or 0.0)


def test_unrelated_text_gets_no_tags_and_no_entities_kind_mixup(rules: Suggester) -> None:
    suggestion = rules.suggest_one("the cat sat on the mat and purred quietly all afternoon.")
    assert suggestion.tags == []
    assert all(span.kind is LabelKind.EVENT or span.label == "DATE"
               for span in suggestion.spans)
