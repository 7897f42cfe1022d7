"""Entity conventions (OntoNotes as spaCy applies them) on texts in several outlets' styles."""

from __future__ import annotations

from jkannotate.nlp import Suggester
from tests.nlp.conftest import entities


def suggest(rules: Suggester, text: str) -> set[tuple[str, str]]:
    return entities(text, rules.suggest_one(text))


def test_titles_are_not_part_of_names(rules: Suggester) -> None:
    text = ("Prime Minister Fumio Kishida met Defense Minister Jeong Kyeong-doo and "
            "spokesperson Hwang Jin-sook in Seoul.")
    found = suggest(rules, text)
    assert ("Fumio Kishida", "PERSON") in found
    assert ("Jeong Kyeong-doo", "PERSON") in found  # not in the gazetteer: titled name shape
    assert ("Hwang Jin-sook", "PERSON") in found
    assert not any(surface.startswith(("Prime", "Defense", "Minister")) for surface, _ in found)


def test_possessive_and_leading_the_are_stripped(rules: Suggester) -> None:
    text = ("South Korea’s Supreme Court upheld the ruling, and the Supreme Court's decision "
            "angered Japan's government, which may turn to the International Court of Justice "
            "in The Hague.")
    found = suggest(rules, text)
    assert ("South Korea", "GPE") in found
    assert ("Supreme Court", "ORG") in found
    assert ("Japan", "GPE") in found
    assert ("International Court of Justice", "ORG") in found
    assert ("The Hague", "GPE") in found  # "The" belongs to this name
    assert not any(surface.endswith(("’s", "'s")) or surface.startswith("the ")
                   for surface, _ in found)


def test_metonymic_capitals_are_gpe(rules: Suggester) -> None:
    text = "Seoul urged Tokyo to withdraw the measures, while Washington and Beijing stayed quiet."
    found = suggest(rules, text)
    assert {("Seoul", "GPE"), ("Tokyo", "GPE"), ("Washington", "GPE"), ("Beijing", "GPE")} <= found


def test_photo_credits_are_not_people(rules: Suggester) -> None:
    text = ("Kishida speaks in Tokyo. [File: Eugene Hoshiko/Pool via Reuters]\n"
            "Lee Jae-myung waves. (AP Photo/Ahn Young-joon)\n"
            "Yoon arrives. (Song Kyung-seok/Pool Photo via AP)")
    found = suggest(rules, text)
    people = {surface for surface, label in found if label == "PERSON"}
    assert {"Kishida", "Lee Jae-myung", "Yoon"} <= people
    assert not any(name in people for name in ("Eugene Hoshiko", "Ahn Young-joon",
                                               "Song Kyung-seok"))


def test_dates_cover_weekdays_and_relative_periods(rules: Suggester) -> None:
    text = ("The ministry said on Friday that exports fell last year and again in recent weeks. "
            "Talks held earlier this month ended on Oct. 4, 2021, after nearly three years of "
            "stalemate over the 1910-45 colonial rule.")
    found = suggest(rules, text)
    dates = {surface for surface, label in found if label == "DATE"}
    assert {"Friday", "last year", "recent weeks", "earlier this month", "Oct. 4, 2021",
            "nearly three years", "1910-45"} <= dates
    assert "on Friday" not in dates and "in recent weeks" not in dates


def test_korean_names_keep_their_hyphenated_part(rules: Suggester) -> None:
    text = "President Moon Jae-in and Moon Jae In's aide Choi Jong-kun spoke; later Choi left."
    found = suggest(rules, text)
    assert ("Moon Jae-in", "PERSON") in found
    assert ("Moon Jae In", "PERSON") in found  # romanisation variant from the gazetteer
    assert ("Choi Jong-kun", "PERSON") in found
    assert ("Choi", "PERSON") in found  # bare surname after the document's full name
    assert ("Moon Jae", "PERSON") not in found


def test_surname_of_an_unknown_person_follows_the_full_name(rules: Suggester) -> None:
    text = ("Japan's new envoy, Ambassador Koichi Mizushima, arrived in Seoul on Monday. "
            "Mizushima said he would work to improve ties.")
    suggestion = rules.suggest_one(text)
    by_surface = {text[s.start:s.end]: s for s in suggestion.spans}
    assert by_surface["Koichi Mizushima"].label == "PERSON"
    assert by_surface["Mizushima"].label == "PERSON"
    assert by_surface["Mizushima"].source == "rule:document-alias"


def test_lowercase_generic_phrases_are_not_entities(rules: Suggester) -> None:
    text = ("The foreign ministry said the court and the government would respond, "
            "the Japanese foreign ministry added.")
    found = suggest(rules, text)
    assert found == {("Japanese", "NORP")}


def test_unseen_organisations_by_their_head_word(rules: Suggester) -> None:
    text = ("The Seoul Central District Court and the Korea Trade-Investment Promotion Agency "
            "were joined by Hanwha Aerospace Co. and the Japanese Foreign Ministry.")
    found = suggest(rules, text)
    assert ("Seoul Central District Court", "ORG") in found
    assert ("Hanwha Aerospace Co.", "ORG") in found
    assert ("Japanese Foreign Ministry", "ORG") in found


def test_treaties_money_and_named_events(rules: Suggester) -> None:
    text = ("Japan says the 1965 treaty and the Claims Agreement settled all claims; it paid "
            "$300 million and 1 billion yen after World War II, and GSOMIA was signed in 2016.")
    found = suggest(rules, text)
    assert {("1965 treaty", "LAW"), ("Claims Agreement", "LAW"), ("GSOMIA", "LAW"),
            ("$300 million", "MONEY"), ("1 billion yen", "MONEY"),
            ("World War II", "EVENT"), ("2016", "DATE")} <= found
    assert ("1965", "DATE") not in found  # part of the treaty's name


def test_the_north_and_datelines(rules: Suggester) -> None:
    text = "SEOUL (Yonhap) -- The North fired a missile, and the North's leader watched."
    found = suggest(rules, text)
    assert ("SEOUL", "GPE") in found
    assert ("Yonhap", "ORG") in found
    assert ("North", "GPE") in found
