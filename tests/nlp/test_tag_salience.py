"""Issue tags measure how much an article is about an issue, not whether a cue occurs."""

from __future__ import annotations

from jkannotate.nlp import Suggester


def confidence(rules: Suggester, text: str, label: str) -> float:
    tags = {tag.label: tag.confidence or 0.0 for tag in rules.suggest_one(text).tags}
    return tags.get(label, 0.0)


ABOUT = ("Seoul court orders compensation for wartime forced labor\n\n"
         "A Seoul court on Friday ordered a Japanese firm to compensate victims of forced labor. "
         "The plaintiffs were conscripted to work in its mines during the war. "
         "Lawyers for the forced laborers said the firm must pay.")
BACKGROUND = ("Japan and South Korea hold security talks\n\n"
              "Defence officials of the two countries met in Tokyo on Friday to discuss "
              "missile warning data, amid a row over wartime forced labor. "
              "They agreed to share intelligence on the North's missiles.")


def test_an_article_about_an_issue_gets_a_sure_tag(rules: Suggester) -> None:
    assert confidence(rules, ABOUT, "FORCED_LABOUR") >= 0.9


def test_a_cue_in_a_background_clause_makes_no_tag(rules: Suggester) -> None:
    assert confidence(rules, BACKGROUND, "FORCED_LABOUR") < 0.5
    assert confidence(rules, BACKGROUND, "SECURITY_COOPERATION") >= 0.5


def test_the_headline_raises_the_confidence(rules: Suggester) -> None:
    body = ("Officials discussed several matters on Friday. Among them were the Dokdo islets. "
            "Trade and tourism were also raised.")
    without = confidence(rules, "Officials meet\n\n" + body, "TERRITORIAL_DISPUTE")
    with_headline = confidence(rules, "Officials meet over Dokdo\n\n" + body,
                               "TERRITORIAL_DISPUTE")
    assert with_headline > without


def test_one_mention_among_many_sentences_is_no_topic(rules: Suggester) -> None:
    text = ("Leaders hold summit in Tokyo\n\n"
            "The two leaders held a summit in Tokyo on Friday. "
            "They agreed to resume shuttle diplomacy. "
            "The summit lasted two hours, and the leaders met again at dinner. "
            "They also discussed North Korea.")
    assert confidence(rules, text, "SUMMIT_DIPLOMACY") >= 0.9
    assert confidence(rules, text, "NORTH_KOREA") < 0.5
