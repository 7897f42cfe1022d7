"""Names resolved within one document, wire-style country forms, datelines and look-alike
apostrophes, on invented names so that no gazetteer entry can answer for the rule."""

from __future__ import annotations

from jkannotate.nlp import Suggester
from tests.nlp.conftest import entities


def spans(rules: Suggester, text: str) -> dict[tuple[str, int], tuple[str, str]]:
    """(surface, start) -> (label, source) of every suggested entity."""
    suggestion = rules.suggest_one(text)
    return {(text[s.start:s.end], s.start): (s.label, s.source or "")
            for s in suggestion.entities()}


def test_later_short_forms_of_an_organisation_take_its_label(rules: Suggester) -> None:
    text = ("Zorvath Heavy Industries Ltd. refused to pay. Zorvath Heavy appealed, and a "
            "lawyer for Zorvath said the firm would wait.")
    found = spans(rules, text)
    assert found[("Zorvath Heavy Industries Ltd.", 0)][0] == "ORG"
    assert found[("Zorvath Heavy", text.index("Zorvath Heavy appealed"))] == (
        "ORG", "rule:document-alias")
    assert found[("Zorvath", text.rindex("Zorvath"))] == ("ORG", "rule:document-alias")


def test_an_acronym_defined_in_parentheses_names_the_organisation(rules: Suggester) -> None:
    text = ("The Quillon Metal Works Corporation (QMWC) lost its appeal. QMWC said it would "
            "comply.")
    found = spans(rules, text)
    assert found[("QMWC", text.index("QMWC"))] == ("ORG", "rule:document-alias")
    assert found[("QMWC", text.rindex("QMWC"))] == ("ORG", "rule:document-alias")


def test_a_surname_after_the_full_name_and_in_the_headline(rules: Suggester) -> None:
    text = ("Vantorin meets envoys\n\nForeign Minister Teodor Vantorin met envoys on Monday. "
            "Vantorin said talks would go on.")
    found = spans(rules, text)
    assert found[("Vantorin", 0)] == ("PERSON", "rule:document-alias")  # the headline's short name
    assert found[("Vantorin", text.rindex("Vantorin"))] == ("PERSON", "rule:document-alias")


def test_no_alias_across_documents_before_the_name_or_for_common_words(rules: Suggester) -> None:
    first, second = rules.suggest(["Zorvath Heavy Industries Ltd. refused.",
                                   "Zorvath said nothing."])
    assert first.entities() and not second.entities()  # one document never names another's
    text = "Zorvath said no. Later, Zorvath Heavy Industries Ltd. refused."
    assert ("Zorvath", "ORG") not in entities(text, rules.suggest_one(text))  # before the name
    text = ("Golden Harvest Holdings Corp. grew. Golden fields lay on the hills, and golden "
            "light fell.")
    assert ("Golden", "ORG") not in entities(text, rules.suggest_one(text))  # a common word


def test_a_short_form_shared_by_two_full_names_is_left_alone(rules: Suggester) -> None:
    text = "Teodor Brask met Ilse Brask. Brask said little."
    found = spans(rules, text)
    assert ("Brask", text.rindex("Brask")) not in found


def test_wire_style_country_forms_and_dateline_cities(rules: Suggester) -> None:
    text = ("S Korea, N. Korea talks\n\n"
            "ANYANG, South Korea, Aug. 19 (Yonhap) -- S. Korean officials met ROK envoys.")
    found = entities(text, rules.suggest_one(text))
    assert {("S Korea", "GPE"), ("N. Korea", "GPE"), ("ANYANG", "GPE"), ("ROK", "GPE"),
            ("S. Korean", "NORP"), ("Aug. 19", "DATE")} <= found
    text = "SEOUL/QUARNBY (Reuters) – Officials met."
    assert ("QUARNBY", "GPE") in entities(text, rules.suggest_one(text))


def test_apostrophe_lookalikes_before_a_possessive_s(rules: Suggester) -> None:
    for mark in ("´", "`", "′", "'", "’"):
        text = f"Japan{mark}s envoy met Seoul{mark}s minister."
        found = entities(text, rules.suggest_one(text))
        assert {("Japan", "GPE"), ("Seoul", "GPE")} <= found, mark
