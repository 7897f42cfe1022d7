"""The time argument stays in the trigger's clause; cue variants, anchors and implied labels."""

from __future__ import annotations

from jkannotate.nlp import Suggester
from jkannotate.nlp.cues import cue_variants
from tests.nlp.test_events_and_tags import events_with_args


def times(text: str, suggester: Suggester) -> dict[str, set[str]]:
    return {trigger: {surface for role, surface in roles if role == "time"}
            for trigger, (_label, roles) in events_with_args(text, suggester.suggest_one(text))
            .items()}


def test_date_of_another_clause_is_not_the_time(rules: Suggester) -> None:
    text = ("Seoul protested on Monday, and the court seized the assets, "
            "which Tokyo condemned.")
    found = times(text, rules)
    assert found["protested"] == {"Monday"}
    assert found["seized"] == set()
    assert found["condemned"] == set()


def test_fronted_date_and_dates_with_commas(rules: Suggester) -> None:
    text = "Late in September, a South Korean court ordered the sale of assets."
    assert times(text, rules)["ordered"] == {"September"}
    text = "Japan tightened export curbs on March 10, 2022, Seoul said."
    assert times(text, rules)["export curbs"] == {"March 10, 2022"}


def test_cue_variants_cover_spellings_and_number() -> None:
    assert {"forced labor", "forced labours"} <= cue_variants("forced labour")
    assert {"denuclearization", "denuclearisation"} <= cue_variants("denuclearisation")
    assert {"defense cooperation"} <= cue_variants("defence cooperation")
    assert cue_variants("nuclear programme") == {"nuclear programme", "nuclear programmes",
                                                 "nuclear program", "nuclear programs"}


def test_weak_cues_alone_make_no_tag(rules: Suggester) -> None:
    text = "The visit was short. Another visit is planned, and a third visit may follow."
    assert "SUMMIT_DIPLOMACY" not in {tag.label for tag in rules.suggest_one(text).tags}


def test_paraphrases_make_tags_and_history_is_not_implied(rules: Suggester) -> None:
    text = ("Activists demanded justice for women forced into prostitution in military "
            "brothels during the war. Conscripted workers at the Sado mine were also remembered.")
    tags = {tag.label: tag.confidence or 0 for tag in rules.suggest_one(text).tags}
    assert tags["COMFORT_WOMEN"] >= 0.8  # the topic of the first sentence
    assert tags["FORCED_LABOUR"] >= 0.5  # a paraphrase, in a sentence of its own
    # "the war" is a weak cue: no tag of its own, and no label implies another any more
    assert tags.get("HISTORY_APOLOGY", 0) < 0.5
