"""Linking rules within one document: legal forms, defined abbreviations, the country a
local name belongs to, groups and their companies, and the colonial-era land (invented text)."""

from __future__ import annotations

from jkannotate.core.actors import shipped_actors, without_legal_form
from jkannotate.core.model import LabelKind, Span
from jkannotate.nlp.abbreviations import defined_abbreviations
from jkannotate.nlp.linking import link_spans


def spans_of(text: str, *wanted: tuple[str, str]) -> list[Span]:
    """Spans over the given (surface, label) pairs, in text order."""
    spans, at = [], 0
    for surface, label in wanted:
        start = text.index(surface, at)
        at = start + len(surface)
        spans.append(Span(start, at, label, LabelKind.ENTITY))
    return spans


def links(text: str, *wanted: tuple[str, str]) -> list[str | None]:
    return [s.kb_id for s in link_spans(text, spans_of(text, *wanted))]


def test_a_legal_form_is_optional() -> None:
    text = "Hitachi Ltd. and Kia Corp. signed a supply deal with SK Hynix Co., Ltd. on Monday."
    assert links(text, ("Hitachi Ltd.", "ORG"), ("Kia Corp.", "ORG"),
                 ("SK Hynix Co., Ltd.", "ORG")) == ["jka:hitachi", "jka:kia", "jka:sk-hynix"]
    assert without_legal_form("株式会社デンソー") == "デンソー"
    assert without_legal_form("Mitsui & Co.") == "Mitsui & Co."  # a partnership's own name
    assert without_legal_form("Inc.") == "Inc."  # nothing would be left


def test_a_group_name_left_by_a_legal_form_is_no_company_name() -> None:
    # "Mitsubishi Corp." is one trading house; "Mitsubishi" alone starts many companies' names
    kb = shipped_actors()
    assert [a.id for a in kb.named("Mitsubishi Corp.")] == ["jka:mitsubishi-corporation"]
    assert kb.named("Mitsubishi") == [] and kb.named("Mitsubishi Ltd.") == []


def test_ministry_of_x_is_also_x_ministry() -> None:
    text = "The Unification Ministry and the State Department exchanged notes."
    assert links(text, ("Unification Ministry", "ORG"), ("State Department", "ORG")) == [
        "jka:kor-unification-ministry", "jka:usa-state-department"]


def test_schwartz_hearst_long_forms() -> None:
    text = ("Union leaders of the Busan Dock Workers Federation (BDWF) met. "
            "Shares of Moon (left) fell. TOKYO (AP) - rates rose at Tama River Bank (TRB).")
    found = [(a.short, text[a.long_start:a.long_end]) for a in defined_abbreviations(text)]
    assert found == [("BDWF", "Busan Dock Workers Federation"), ("TRB", "Tama River Bank")]


def test_a_defined_abbreviation_names_its_long_form_from_the_definition_on() -> None:
    text = ("NFC shares slid\n\nA court in Gwangju ordered Nachi-Fujikoshi Corp. (NFC) to pay "
            "four plaintiffs. NFC said it would appeal.")
    # the long form is no span here: the definition is read from the text itself
    assert links(text, ("NFC", "ORG"), ("NFC", "ORG"), ("NFC", "ORG")) == [
        None, "jka:fujikoshi", "jka:fujikoshi"]


def test_an_abbreviation_defined_as_something_unknown_drops_its_usual_meaning() -> None:
    text = "The Mokpo Harbour Institute (MHI) said so. MHI surveyed the port."
    assert links(text, ("Mokpo Harbour Institute", "ORG"), ("MHI", "ORG"), ("MHI", "ORG")) == [
        None, None, None]
    assert links("MHI built the ship.", ("MHI", "ORG")) == ["jka:mitsubishi-heavy-industries"]


def test_a_local_name_takes_the_country_the_document_named_last() -> None:
    text = ("South Korean lawyers welcomed the verdict against Nippon Steel.\n\n"
            "The Supreme Court ruled that the firm must pay.")
    assert links(text, ("Supreme Court", "ORG")) == ["jka:kor-supreme-court"]
    text = "Japanese plaintiffs lost again. The Supreme Court ruled for the state."
    assert links(text, ("Supreme Court", "ORG")) == ["jka:jpn-supreme-court"]
    text = "Officials of Japan and South Korea spoke by phone, the Foreign Ministry said."
    assert links(text, ("Foreign Ministry", "ORG")) == [None]  # both named together: whose?
    assert links("The Supreme Court ruled.", ("Supreme Court", "ORG")) == [None]


def test_a_country_word_inside_the_mention_decides_the_local_name() -> None:
    text = ("S. Korean Supreme Court backs workers; a U.S. Supreme Court case is cited, and "
            "Japan's Supreme Court disagrees.")
    assert links(text, ("S. Korean Supreme Court", "ORG"), ("U.S. Supreme Court", "ORG"),
                 ("Japan's Supreme Court", "ORG")) == [
        "jka:kor-supreme-court", None, "jka:jpn-supreme-court"]
    text = "The ruling came after a plan by the Korean government on the Supreme Court's ruling."
    assert links(text, ("Supreme Court", "ORG")) == ["jka:kor-supreme-court"]


def test_a_group_name_alone_names_the_company_the_text_says() -> None:
    text = ("Samsung Electronics posted record profit. Samsung said demand held up. "
            "Samsung Group later named a new chairman.")
    assert links(text, ("Samsung Electronics", "ORG"), ("Samsung", "ORG"),
                 ("Samsung Group", "ORG")) == ["jka:samsung-electronics"] * 2 + [
        "jka:samsung-group"]
    text = "Samsung's smartphone sales fell. Samsung declined to comment."
    assert links(text, ("Samsung", "ORG"), ("Samsung", "ORG")) == [
        "jka:samsung-electronics"] * 2
    text = "Samsung donated to a flood relief fund. Samsung declined to comment."
    assert links(text, ("Samsung", "ORG"), ("Samsung", "ORG")) == ["jka:samsung-group"] * 2


def test_the_land_under_colonial_rule_is_not_the_later_state() -> None:
    text = ("Her father left when Korea was under Japanese colonial rule. Japan's annexation "
            "of Korea is remembered. Korea protested on Monday. North Korea, under the rule of "
            "its leader, fired a missile.")
    assert links(text, ("Korea", "GPE"), ("Korea", "GPE"), ("Korea", "GPE"),
                 ("North Korea", "GPE")) == [None, None, "jka:south-korea", "jka:north-korea"]
    # a state without a founding day after the period keeps its name
    text = "Japan was under US occupation until 1952."
    assert links(text, ("Japan", "GPE")) == ["jka:japan"]


def test_a_country_word_that_begins_another_name_is_no_country_cue() -> None:
    # "Korean" of "Korean Peninsula" names no country; the last country word is "Japanese"
    text = "Japanese troops left the Korean Peninsula in 1945. The Supreme Court later ruled."
    assert links(text, ("Supreme Court", "ORG")) == ["jka:jpn-supreme-court"]


def test_a_ministry_called_by_its_first_portfolio_is_a_local_name() -> None:
    text = "Japan's Industry Ministry and South Korea's Trade Ministry traded letters."
    assert links(text, ("Industry Ministry", "ORG"), ("Trade Ministry", "ORG")) == [
        "jka:jpn-meti", "jka:kor-motie"]
    assert links("The Trade Ministry said so.", ("Trade Ministry", "ORG")) == [None]
