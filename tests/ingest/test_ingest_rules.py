"""Small rules on their own: dates, derived titles, line shapes, body cleaning."""

from __future__ import annotations

import pytest

from jkannotate.ingest import lines as shape
from jkannotate.ingest.boilerplate import clean_body
from jkannotate.ingest.dates import parse_date
from jkannotate.ingest.textpage import parse_text_page
from jkannotate.ingest.titles import derive_title, first_sentence


@pytest.mark.parametrize(("written", "iso"), [
    ("Oct 15, 2021 - 6:27 pm", "2021-10-15"),
    ("First Published: Sep 22 2022 | 10:13 AM IST", "2022-09-22"),
    ("March 10, 2022", "2022-03-10"),
    ("Aug. 2, 2019", "2019-08-02"),
    ("15 October 2021", "2021-10-15"),
    ("Published : 06 Mar. 2023, 12:00", "2023-03-06"),
    ("2021-10-15T09:00:00+09:00", "2021-10-15"),
    ("2021.10.15 09:00", "2021-10-15"),
    ("2021年10月15日", "2021-10-15"),
    ("2021년 10월 15일", "2021-10-15"),
    ("Feb 30, 2021", None),
    ("no date here", None),
    (None, None),
])
def test_dates(written: str | None, iso: str | None) -> None:
    assert parse_date(written) == iso


def test_first_sentence_is_not_fooled_by_abbreviations() -> None:
    text = "S. Korea and the U.S. met on Oct. 4 in Seoul. Then more happened."
    assert first_sentence(text) == "S. Korea and the U.S. met on Oct. 4 in Seoul."


def test_derived_title_drops_dateline_and_attribution() -> None:
    text = ("SEOUL, March 16 (Yonhap) -- Yoon and Kishida agreed to resume shuttle diplomacy, "
            "the presidential office said. More text.")
    assert derive_title(text) == "Yoon and Kishida agreed to resume shuttle diplomacy"


def test_long_first_sentence_is_cut_at_a_clause_boundary() -> None:
    text = ("Officials from both countries met in Tokyo for three hours on Monday to discuss "
            "export controls that were imposed in 2019, which Seoul says hurt its chip industry "
            "and which Tokyo says were needed for security reasons.")
    title = derive_title(text)
    assert 40 <= len(title) <= 110
    assert text.startswith(title)
    assert not title.endswith((",", " and", " that"))


def test_long_sentence_without_boundaries_gets_an_ellipsis() -> None:
    title = derive_title("word " * 60)
    assert title.endswith("…") and len(title) <= 111


@pytest.mark.parametrize(("line", "expected"), [
    ("A woman walks past a shop in Tokyo, Japan, Aug. 2, 2019. (AP Photo)", True),
    ("Kishida at a lectern [File: Eugene Hoshiko/Pool via Reuters]", True),
    ("South Korea’s President Yoon Suk-yeol (Photo: AP)", True),
    ("Yoon speaks in Seoul on Monday. (Yonhap)", True),
    ("Photo by Kim Min-hee/EPA", True),
    ("Getty Images", True),
    ("A destroyer off the Noto Peninsula in 2018. | KYODO", True),
    ("Choo speaks in Seoul, January 3, 2023. REUTERS/Kim Hong-Ji/File Photo", True),
    ("AP Seoul (South Korea)", False),
    ("The talks were held at the request of the World Trade Organization (WTO)", False),
    ("SEOUL, March 16 (Yonhap) -- President Yoon Suk Yeol met Kishida on Thursday.", False),
])
def test_caption_shapes(line: str, expected: bool) -> None:
    assert shape.is_caption(line) is expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Sign up for our newsletter", True),
    ("Your email address will not be published.", True),
    ("© 2023 Some Media Group", True),
    ("Source: Al Jazeera and news agencies", True),
    ("(Reporting by Jihoon Lee; Editing by Ed Davies)", True),
    ("Share this article", True),
    ("Kishida said the newsletter of the party had criticised the plan in a long editorial "
     "about relations with Seoul and the history of the treaty signed in 1965, and many more "
     "words follow here so that this is a real paragraph of the article and not page chrome "
     "at all.", False),
    ("The two leaders agreed to meet again.", False),
])
def test_hard_junk_shapes(line: str, expected: bool) -> None:
    assert shape.is_hard_junk(line) is expected


def test_menu_run_inside_body_goes_but_subheading_stays() -> None:
    page = [
        "The leaders of the two countries met on Monday in Tokyo and agreed to cooperate.",
        "",
        "Related",
        "• Seoul eyes summit",
        "• Tokyo lifts curbs",
        "• Yen falls",
        "",
        "Export curbs",
        "",
        "Japan will remove curbs on exports of chip materials, officials from both sides said.",
    ]
    body = clean_body(page)
    assert body.lines == [page[0], "", "", "Export curbs", "", page[-1]]
    assert "Export curbs" in body.text and "Yen falls" not in body.text


def test_alt_text_above_a_credit_caption_is_a_caption_too() -> None:
    page = [
        "The two leaders spoke by phone on Friday for 35 minutes about regional security.",
        "",
        "Kishida at a lectern.",
        "Kishida speaks to reporters in Tokyo. [File: Pool via Reuters]",
        "",
        "He said relations remained in severe conditions and urged Seoul to act first.",
    ]
    body = clean_body(page)
    assert body.captions == page[2:4]
    assert body.text == page[0] + "\n\n" + page[-1]


def test_page_with_only_a_headline_and_prose() -> None:
    document = parse_text_page(
        "Japan, South Korea agree to talks\nThe two governments agreed on Monday to hold "
        "talks next month in Seoul on export controls and history issues.\n")
    assert document.title == "Japan, South Korea agree to talks"
    assert document.text.startswith("The two governments agreed on Monday")
    assert "title_derived" not in document.meta


def test_page_of_prose_only_gets_a_derived_title() -> None:
    document = parse_text_page(
        "Japan and South Korea agreed on Monday to hold working-level talks on export "
        "controls next month, officials said.\n\nThe talks will be held in Seoul, according "
        "to the trade ministry.\n")
    assert document.meta["title_derived"] is True
    assert document.title == ("Japan and South Korea agreed on Monday to hold working-level "
                              "talks on export controls next month")
    assert document.text.endswith("according to the trade ministry.")


def test_japanese_first_sentence_ends_at_the_full_stop() -> None:
    text = "日本と韓国の首脳は東京で会談した。両首脳は記者会見に臨んだ。"
    assert first_sentence(text) == "日本と韓国の首脳は東京で会談した。"
