"""Model choice: a missing name or a bad directory falls back to the rules with a message;
a pipeline trained here (no downloads) is layered under the rules, which fix its mistakes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

from jkannotate.nlp import Suggester

MISSING = "en_core_web_doesnotexist"


def test_missing_model_name_falls_back_to_rules() -> None:
    suggester = Suggester.load(MISSING)
    assert suggester.name == "rules"
    assert suggester.warnings == [
        f"model '{MISSING}' is not installed; using the rule-based suggester"
    ]
    text = "Seoul protested."
    assert [text[s.start:s.end] for s in suggester.suggest_one(text).spans] == ["Seoul",
                                                                                "protested"]


def test_bad_directory_falls_back_to_rules(tmp_path: Path) -> None:
    bad = tmp_path / "not_a_model"
    bad.mkdir()
    (bad / "config.cfg").write_text("this is [not a spaCy config", encoding="utf-8")
    suggester = Suggester.load(str(bad))
    assert suggester.name == "rules"
    assert len(suggester.warnings) == 1
    assert suggester.warnings[0].startswith(f"model directory '{bad}' is not a spaCy pipeline")
    assert suggester.warnings[0].endswith("using the rule-based suggester")
    missing = tmp_path / "nowhere"
    assert Suggester.load(str(missing)).warnings == [
        f"model directory '{missing}' does not exist; using the rule-based suggester"
    ]


# The tiny model learns the en_core_web_sm mistakes of the issue plus one name rules do not know.
TRAIN = [
    ("Moon Jae-in met Zorbin Quell in Kelvania.",
     [("Moon Jae", "PERSON"), ("Zorbin Quell", "PERSON"), ("Kelvania", "GPE")]),
    ("Zorbin Quell said Moon Jae-in would visit Kelvania.",
     [("Zorbin Quell", "PERSON"), ("Moon Jae", "PERSON"), ("Kelvania", "GPE")]),
    ("Kelvania welcomed Zorbin Quell and Moon Jae-in.",
     [("Kelvania", "GPE"), ("Zorbin Quell", "PERSON"), ("Moon Jae", "PERSON")]),
    ("Japan’s World War II record angered Zorbin Quell.",
     [("Japan’s World War II", "ORG"), ("Zorbin Quell", "PERSON")]),
]


def offsets(text: str, surfaces: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    return [(text.index(surface), text.index(surface) + len(surface), label)
            for surface, label in surfaces]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    random.seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": offsets(text, ents)})
                for text, ents in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.meta["name"] = "tiny_test"
    nlp.meta["version"] = "0.0.1"
    out = tmp_path_factory.mktemp("models") / "tiny"
    nlp.to_disk(out)
    return out


def test_trained_directory_is_layered_under_the_rules(tiny_model: Path) -> None:
    text = "Moon Jae-in met Zorbin Quell in Kelvania."
    bare = spacy.load(tiny_model)
    bare_ents = {(e.text, e.label_) for e in bare(text).ents}
    assert ("Moon Jae", "PERSON") in bare_ents  # the model's mistake: cut before "-in"

    suggester = Suggester.load(str(tiny_model))
    assert suggester.warnings == []
    assert suggester.name == "en_tiny_test-0.0.1+rules"
    spans = {text[s.start:s.end]: s for s in suggester.suggest_one(text).spans}
    assert spans["Moon Jae-in"].label == "PERSON"
    assert spans["Moon Jae-in"].source == "rule:gazetteer:moon_jae_in"
    assert "Moon Jae" not in spans
    assert spans["Zorbin Quell"].source == "model:en_tiny_test-0.0.1"  # only the model knows
    assert spans["Kelvania"].label == "GPE"


def test_rules_override_a_glued_model_entity(tiny_model: Path) -> None:
    text = "Japan’s World War II record angered Zorbin Quell."
    bare = spacy.load(tiny_model)
    assert ("Japan’s World War II", "ORG") in {(e.text, e.label_) for e in bare(text).ents}
    suggestion = Suggester.load(str(tiny_model)).suggest_one(text)
    found = {(text[s.start:s.end], s.label) for s in suggestion.entities()}
    assert {("Japan", "GPE"), ("World War II", "EVENT")} <= found
    assert not any(label == "ORG" for _, label in found)


def test_model_alone_still_gets_the_convention_fixes(tiny_model: Path) -> None:
    suggester = Suggester.load(str(tiny_model), rules=False)
    assert suggester.name == "en_tiny_test-0.0.1"
    text = "Moon Jae-in met Zorbin Quell in Kelvania."
    found = {(text[s.start:s.end], s.label) for s in suggester.suggest_one(text).entities()}
    assert ("Moon Jae-in", "PERSON") in found  # hyphen expansion applies to model spans too
    assert all(s.source == "model:en_tiny_test-0.0.1"
               for s in suggester.suggest_one(text).entities())
