"""A trained pipeline's spancat events and textcat_multilabel tags reach the suggestions, under
the rules where they know better, and alone with ``rules=False``.

The tiny pipeline is trained here (no downloads): it learns a made-up meeting verb ("zorbled")
and the TERRITORIAL_DISPUTE tag for texts about a made-up island ("Quellmark")."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

from jkannotate.nlp import Suggester

ISSUES = ("TERRITORIAL_DISPUTE", "SUMMIT_DIPLOMACY")
TRAIN = [
    ("Seoul and Tokyo zorbled on Monday over Quellmark.", "zorbled", ("TERRITORIAL_DISPUTE",)),
    ("The ministers zorbled about the Quellmark islets.", "zorbled", ("TERRITORIAL_DISPUTE",)),
    ("Envoys zorbled again, and Quellmark stayed calm.", "zorbled", ("TERRITORIAL_DISPUTE",)),
    ("Officials zorbled in Busan on Friday.", "zorbled", ("SUMMIT_DIPLOMACY",)),
    ("The leaders zorbled for an hour.", "zorbled", ("SUMMIT_DIPLOMACY",)),
    ("Prices rose in the spring.", None, ()),
    ("The weather in Busan was fine.", None, ()),
]


def example(nlp: spacy.Language, text: str, trigger: str | None, tags: tuple[str, ...]
            ) -> Example:
    spans = []
    if trigger is not None:
        start = text.index(trigger)
        spans.append((start, start + len(trigger), "MEETING"))
    cats = {label: float(label in tags) for label in ISSUES}
    return Example.from_dict(nlp.make_doc(text), {"spans": {"sc": spans}, "cats": cats})


@pytest.fixture(scope="module")
def span_cat_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    random.seed(0)
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("spancat", config={"spans_key": "sc"})
    nlp.add_pipe("textcat_multilabel")
    examples = [example(nlp, *item) for item in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(30):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.meta["name"] = "spancat_test"
    nlp.meta["version"] = "0.0.2"
    out = tmp_path_factory.mktemp("models") / "spancat"
    nlp.to_disk(out)
    return out


TEXT = "Diplomats zorbled in Seoul on Monday about Quellmark, near Dokdo."


def test_model_events_and_tags_alone_without_rules(span_cat_model: Path) -> None:
    suggester = Suggester.load(str(span_cat_model), rules=False)
    assert suggester.name == "en_spancat_test-0.0.2"
    suggestion = suggester.suggest_one(TEXT)
    events = {TEXT[s.start:s.end]: s for s in suggestion.events()}
    assert "zorbled" in events
    assert all(event.source.startswith("model:") for event in events.values())  # no rule events
    assert "Dokdo" not in events  # entity tokens are no triggers
    assert events["zorbled"].label == "MEETING"
    assert events["zorbled"].source == "model:en_spancat_test-0.0.2"
    assert 0.5 <= (events["zorbled"].confidence or 0) <= 1
    tags = {tag.label: tag for tag in suggestion.tags}
    assert "TERRITORIAL_DISPUTE" in tags
    territorial = tags["TERRITORIAL_DISPUTE"]
    assert territorial.source == "model:en_spancat_test-0.0.2"
    assert territorial.confidence is not None and territorial.confidence >= 0.5
    # evidence: the sentence with the rule cue ("Dokdo") although the rules suggest nothing
    assert [(e.start, e.end) for e in territorial.evidence] == [(0, len(TEXT))]
    assert all(tag.source.startswith("model:") for tag in suggestion.tags)


def test_model_tags_without_cues_have_no_evidence(span_cat_model: Path) -> None:
    text = "Officials zorbled for an hour."
    suggestion = Suggester.load(str(span_cat_model), rules=False).suggest_one(text)
    tags = {tag.label: tag for tag in suggestion.tags}
    assert "SUMMIT_DIPLOMACY" in tags
    assert tags["SUMMIT_DIPLOMACY"].evidence == ()


def test_rules_stay_on_top_of_the_model(span_cat_model: Path) -> None:
    text = ("Seoul protests over Dokdo\n\n"
            "Seoul protested on Monday. Diplomats zorbled in Seoul about Quellmark and Dokdo, "
            "which Japan calls Takeshima, in the territorial dispute.")
    suggestion = Suggester.load(str(span_cat_model)).suggest_one(text)
    by_uid = {s.uid: s for s in suggestion.spans}
    events = {text[s.start:s.end]: s for s in suggestion.events()}
    assert events["protested"].source.startswith("rule:trigger")
    assert events["zorbled"].source == "model:en_spancat_test-0.0.2"
    roles = {(a.role, text[by_uid[a.argument_uid].start:by_uid[a.argument_uid].end])
             for a in suggestion.arguments if a.event_uid == events["zorbled"].uid}
    assert ("place", "Seoul") in roles  # arguments are linked as for rule triggers
    territorial = next(t for t in suggestion.tags if t.label == "TERRITORIAL_DISPUTE")
    # the surer of rules and model keeps the tag, with its own confidence
    rule_tag = next(t for t in Suggester.load_rules().suggest_one(text).tags
                    if t.label == "TERRITORIAL_DISPUTE")
    model_tag = next(t for t in Suggester.load(str(span_cat_model), rules=False)
                     .suggest_one(text).tags if t.label == "TERRITORIAL_DISPUTE")
    assert (rule_tag.confidence or 0) > 0.9  # headline and every sentence speak of it
    surer = rule_tag if (rule_tag.confidence or 0) >= (model_tag.confidence or 0) else model_tag
    assert territorial.source == surer.source
    assert territorial.confidence == surer.confidence
