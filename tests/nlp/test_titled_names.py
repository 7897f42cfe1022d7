"""An organisation word followed by a title introduces a person: the name is PERSON, not ORG."""

from __future__ import annotations

import pytest

from jkannotate.nlp import Suggester


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    return Suggester.load_rules()


@pytest.mark.parametrize(
    ("sentence", "person"),
    [
        (
            "Chief Cabinet Secretary Yoshimasa Hayashi told reporters on Monday.",
            "Yoshimasa Hayashi",
        ),
        ("Foreign Ministry Spokesperson Lin Jian said Beijing was concerned.", "Lin Jian"),
        ("Defense Ministry Spokesman Jeon Ha-kyu declined to comment.", "Jeon Ha-kyu"),
    ],
)
def test_title_after_an_organisation_word_gives_the_person(
    suggester: Suggester, sentence: str, person: str
) -> None:
    (suggestion,) = suggester.suggest([sentence])
    found = {(sentence[s.start : s.end], s.label) for s in suggestion.spans}
    assert (person, "PERSON") in found
    assert not any(label == "ORG" and person in text for text, label in found)


def test_organisation_names_with_a_connector_stay_organisations(suggester: Suggester) -> None:
    sentence = "The Ministry of Foreign Affairs summoned the ambassador on Tuesday."
    (suggestion,) = suggester.suggest([sentence])
    found = {(sentence[s.start : s.end], s.label) for s in suggestion.spans}
    assert ("Ministry of Foreign Affairs", "ORG") in found
