"""The five seed pages: metadata, boilerplate gone, every real paragraph kept."""

from __future__ import annotations

import pytest
from ingest_support import FORBIDDEN, SEEDS, body

from jkannotate.core.model import Document
from jkannotate.ingest import read_text_file


def test_five_seeds_in_file_order(seed_docs: dict[str, Document]) -> None:
    assert list(seed_docs) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_no_site_chrome_in_stored_text(seed_docs: dict[str, Document], key: str) -> None:
    text = seed_docs[key].text
    assert [word for word in FORBIDDEN if word in text] == []


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_body_is_trimmed_and_has_no_credit_lines(seed_docs: dict[str, Document], key: str) -> None:
    document = seed_docs[key]
    assert document.text == document.text.strip()
    assert "(AP Photo)" not in document.text and "via Reuters]" not in document.text
    assert "(Photo: AP)" not in document.text
    for caption in document.meta["captions"]:
        assert caption not in document.text


def test_seed_000_al_jazeera(seed_docs: dict[str, Document]) -> None:
    document = seed_docs["000"]
    assert document.title == "Japan, South Korea look to deepen bilateral ties despite tensions"
    assert document.outlet == "Al Jazeera"
    assert document.meta["standfirst"].startswith("Setting aside lingering war legacy disputes")
    assert document.meta["captions"][0] == "Prime Minister Fumio Kishida speaking at a lectern."
    assert document.meta["captions"][1].endswith("[File: Eugene Hoshiko/Pool via Reuters]")
    assert body(document).startswith("Japan and South Korea will seek to deepen diplomatic ties")
    assert document.text.endswith("and a military build-up in South Korea.")
    assert "Source:" not in document.text
    assert "title_derived" not in document.meta


def test_seed_001_business_standard(seed_docs: dict[str, Document]) -> None:
    document = seed_docs["001"]
    assert document.title == (
        "Leaders of South Korea, Japan agree to work towards improving partnerships")
    assert document.outlet == "Business Standard"
    assert document.published == "2022-09-22"
    assert document.byline == "AP"
    assert document.meta["dateline"] == "Seoul (South Korea)"
    assert len(document.meta["captions"]) == 2
    assert document.meta["standfirst"].startswith("The leaders of South Korea and Japan agreed")
    assert body(document).startswith("The leaders of South Korea and Japan agreed to accelerate")
    assert document.text.endswith("on the sidelines of a South Korea-Japan-China summit.")
    for chrome in ("First Published", "syndicated feed", "Don't miss", "AP Seoul"):
        assert chrome not in document.text


def test_seed_002_daily_sabah(seed_docs: dict[str, Document]) -> None:
    document = seed_docs["002"]
    assert document.title == "Japan, S. Korea leaders eye boosting ties amid bilateral tension"
    assert document.outlet == "Daily Sabah"
    assert document.published == "2021-10-15"
    assert document.byline == "Associated Press"
    assert document.meta["dateline"] == "Tokyo"
    assert document.meta["captions"] == [
        "A woman walks past an advertisement featuring Japanese and South Korean flags at a shop"
        " in the Shin Okubo area in Tokyo, Japan, Aug. 2, 2019. (AP Photo)"
    ]
    assert body(document).startswith("The leaders of Japan and South Korea spoke by phone Friday")
    assert document.text.endswith("and Chinese President Xi Jinping, among others.")
    for chrome in ("Daily Sabah logo", "KEYWORDS", "by ASSOCIATED PRESS", "PHOTOGALLERY", "•"):
        assert chrome not in document.text


def test_seed_003_keeps_subheadings(seed_docs: dict[str, Document]) -> None:
    document = seed_docs["003"]
    assert document.title == "S. Korea, Japan hit reset button on bilateral ties at Tokyo summit"
    assert "\n\nExport curbs\n\n" in document.text
    assert "\n\nSkepticism at home\n\n" in document.text
    assert body(document).startswith("Tokyo and Seoul hit the reset button")
    assert document.text.endswith("into Chinese territorial waters.")
    for chrome in ("Subscribe on YouTube", "More from", "Required fields", "Keep up to date"):
        assert chrome not in document.text


def test_seed_004_kyodo_without_headline(seed_docs: dict[str, Document]) -> None:
    document = seed_docs["004"]
    assert document.outlet == "Kyodo News"  # the agency of the byline, by its canonical name
    assert document.meta["title_derived"] is True
    assert document.title.startswith("Senior officials from Japan and South Korea agreed")
    assert 40 <= len(document.title) <= 110
    assert not document.title.endswith((".", ",", " and"))
    assert body(document).startswith("Senior officials from Japan and South Korea agreed Thursday")
    assert document.text.endswith('the issue of compensation was settled "completely and finally."')
    assert "quality journalism" not in document.text


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_every_real_paragraph_survives(seed_docs: dict[str, Document], key: str) -> None:
    """Each line of the raw page that is a long sentence and not a caption is in the body."""
    document = seed_docs[key]
    raw = read_text_file(next(SEEDS.glob(f"{key}_*.txt")))
    chrome_words = ("subscrib", "newsletter", "journalism", "syndicated", "Telegram", "keep up to",
                    "required fields", "privacy policy")
    kept_elsewhere = [document.title, document.meta.get("standfirst", ""),
                      *document.meta["captions"]]
    paragraphs = [
        line.strip() for line in raw.split("\n")
        if len(line.split()) >= 12 and line.strip() not in kept_elsewhere
        and not any(word.lower() in line.lower() for word in chrome_words)
    ]
    assert paragraphs
    missing = [p for p in paragraphs if p not in document.text]
    assert missing == []


def test_text_is_kept_exactly_as_written(seed_docs: dict[str, Document]) -> None:
    """No quote folding or normalisation: curly and straight quotes stay as they were."""
    text = seed_docs["002"].text
    assert "“Relations between Japan and South Korea continue to be in severe conditions,\"" in text
    assert "Kishida said North Korea’s nuclear" in text and "Japan's World War II" in text
