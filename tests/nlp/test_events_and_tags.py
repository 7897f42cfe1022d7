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


def test_nominal_and_headline_triggers(rules: Suggester) -> None:
    text = ("Japan denounces ruling, imposes export curbs\n\n"
            "The talks ended without a deal, and the sanctions on chip materials stayed. "
            "The court decision was met with protests.")
    found = events_with_args(text, rules.suggest_one(text))
    assert found["denounces"][0] == "STATEMENT"
    assert found["ruling"][0] == "LEGAL_ACTION"
    assert found["export curbs"][0] == "TRADE_MEASURE"
    assert found["talks"][0] == "MEETING"
    assert found["deal"][0] == "AGREEMENT"
    assert found["sanctions"][0] == "TRADE_MEASURE"
    assert found["decision"][0] == "LEGAL_ACTION"  # the court's decision, not "court decision"
    assert "met" not in found  # "was met with" is no meeting


def test_roles_fit_the_scheme_and_stay_in_the_clause(rules: Suggester) -> None:
    text = ("North Korea fired a missile into the Sea of Japan on Tuesday, "
            "and Tokyo urged Seoul to respond.")
    suggestion = rules.suggest_one(text)
    by_uid = {s.uid: s for s in suggestion.spans}
    roles: dict[str, set[tuple[str, str]]] = {}
    for argument in suggestion.arguments:
        event, arg = by_uid[argument.event_uid], by_uid[argument.argument_uid]
        roles.setdefault(text[event.start:event.end], set()).add(
            (argument.role, text[arg.start:arg.end]))
    assert ("agent", "North Korea") in roles["fired"]
    assert ("place", "Sea of Japan") in roles["fired"]
    assert not any(role == "target" for role, _ in roles["fired"])  # a launch has no target
    assert ("agent", "Tokyo") in roles["urged"]
    assert ("agent", "North Korea") not in roles["urged"]  # another clause
