"""Pages written in the styles of other outlets: the same general rules must hold there.

None of these strings appear in the rules; each page has its own menus, credits and
footers, and each test checks metadata, that chrome is gone and that key sentences stay.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_support import PAGES, body, read_one

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest import read_articles


def _assert_clean(document: Document, chrome: list[str], sentences: list[str]) -> None:
    assert [c for c in chrome if c in document.text] == []
    assert [s for s in sentences if s not in document.text] == []
    for caption in document.meta["captions"]:
        assert caption not in document.text


def test_yonhap_style_page() -> None:
    document = read_one(PAGES / "yonhap_summit.txt")
    assert document.title == (
        "(LEAD) Yoon, Kishida agree to resume shuttle diplomacy, restore intelligence pact")
    assert document.outlet == "Yonhap News Agency"
    assert document.published == "2023-03-16"
    assert document.byline == "Yonhap"
    assert document.meta["dateline"] == "SEOUL"
    assert "standfirst" not in document.meta  # the dateline lead is body, not a standfirst
    assert document.meta["captions"][0].endswith("(PHOTO NOT FOR SALE) (Yonhap)")
    assert body(document).startswith("SEOUL, March 16 (Yonhap) -- President Yoon Suk Yeol")
    _assert_clean(
        document,
        ["NATIONAL", "All News", "yna.co.kr", "(END)", "Keywords", "Most Liked", "BTS",
         "Copyright", "Seoul stocks"],
        ["The agreement came during their summit in Tokyo",
         "Kishida said the two countries would restart regular security dialogue",
         "a move criticized by some victims and opposition lawmakers."],
    )


def test_korea_herald_style_page() -> None:
    document = read_one(PAGES / "koreaherald_trade.txt")
    assert document.title == (
        "[Newsmaker] Seoul, Tokyo agree to restart trade talks after four-year freeze")
    assert document.outlet == "The Korea Herald"
    assert document.published == "2023-03-17"  # "Published : …", not "Updated : …"
    assert document.byline == "Kim Arin"
    assert document.meta["captions"][0].endswith("(Ministry of Trade, Industry and Energy)")
    _assert_clean(
        document,
        ["Social Affairs", "Send to email", "Updated", "heraldcorp", "Most Popular", "Samsung",
         "Copyright", "Subscribe"],
        ["South Korea and Japan will resume high-level trade talks",
         "\n\nExport curbs\n\n",
         "Business groups in both countries welcomed the decision"],
    )


def test_japan_times_style_page() -> None:
    document = read_one(PAGES / "japantimes_security.txt")
    assert document.title == "Japan and South Korea hold first security dialogue in five years"
    assert document.meta["standfirst"] == (
        "Defense and foreign officials agree to improve communication after radar lock-on row")
    assert document.outlet == "The Japan Times"
    assert document.byline == "Kyodo"
    assert document.published == "2023-04-14"
    assert document.meta["captions"] == [
        "A South Korean navy destroyer is seen in waters off the Noto Peninsula in December"
        " 2018. | Japan Ministry of Defense / via Kyodo"
    ]
    _assert_clean(
        document,
        ["SHARE", "Quality journalism", "SUBSCRIBE", "PHOTO GALLERY", "KEYWORDS", "Community"],
        ["Senior diplomats and defense officials from Japan and South Korea held",
         "a claim Seoul has denied.",
         "China's growing military activities in the region, the Foreign Ministry said."],
    )


def test_nhk_style_page() -> None:
    document = read_one(PAGES / "nhk_ministers.txt")
    assert document.title == "Japan, South Korea foreign ministers meet in Tokyo"
    assert document.outlet == "NHK"  # "NHK WORLD-JAPAN" under its name in resources/outlets.yml
    assert document.published == "2023-07-18"
    _assert_clean(
        document,
        ["On Demand", "Related articles", "finance dialogue", "NATO", "Copy link", "Facebook"],
        ["Hayashi and Park met in Tokyo on Tuesday.",
         "Park said the momentum for improving relations must be maintained.",
         "Park said Seoul respects the assessment of the International Atomic Energy Agency."],
    )


def test_reuters_copy_on_a_portal() -> None:
    document = read_one(PAGES / "portal_reuters_finance.txt")
    assert document.title == (
        "South Korea, Japan to resume financial dialogue after seven-year hiatus")
    assert document.byline == "Reuters"
    assert document.published == "2023-06-29"
    assert document.meta["dateline"] == "SEOUL"
    assert document.meta["captions"][0].endswith("REUTERS/Kim Hong-Ji/File Photo")
    _assert_clean(
        document,
        ["cookies", "Accept", "Advertisement", "Read more", "Reporting by", "Our Standards",
         "Sign up", "inbox", "Trending", "Portal Media"],
        ["SEOUL (Reuters) - South Korea and Japan will hold their first finance ministers'",
         "The dialogue was suspended in 2016",
         "a ministry official told reporters on condition of anonymity."],
    )


def test_html_page_extracted_with_metadata() -> None:
    document = read_one(PAGES / "joongang_forced_labor.html")
    assert document.title == "Seoul unveils plan to compensate forced labor victims"
    assert document.outlet == "Korea JoongAng Daily"
    assert document.published == "2023-03-06"
    assert document.byline == "Park Eun-jee"
    assert document.url is not None and document.url.endswith("20230306120000.html")
    captions = document.meta["captions"]
    assert any(c.endswith("(Yonhap)") for c in captions)  # a caption written as a paragraph
    assert any(c.endswith("[YONHAP]") for c in captions)  # a <figcaption>
    _assert_clean(
        document,
        ["Entertainment", "Log in", "Subscribe to our newsletter", "Related Articles",
         "Yoon to visit Tokyo", "Copyright", "Privacy Policy", "rally in front of"],
        ["The South Korean government on Monday announced a plan to compensate Koreans",
         '"If we compare it to a glass of water, I think the glass is more than half full,"',
         "including an apology issued in 1998."],
    )
    assert document.text.count(document.title) == 1  # the headline once, as the first paragraph


def test_html_in_a_legacy_encoding_with_meta_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="euc-kr"><title>한일 정상회담</title></head><body><article>'
        "<h1>한일 정상, 셔틀외교 복원 합의</h1>"
        "<p>윤석열 대통령과 기시다 후미오 일본 총리는 16일 도쿄에서 정상회담을 열고 양국 정상이 "
        "정기적으로 상대국을 방문하는 셔틀외교를 복원하기로 합의했다고 대통령실이 밝혔다.</p>"
        "<p>두 정상은 강제징용 배상 문제와 수출규제 해제 등 현안에 대해서도 의견을 나눴으며, "
        "안보 협력을 강화하기로 했다고 정부 관계자가 전했다.</p></article></body></html>")
    path = tmp_path / "korean.html"
    path.write_bytes(html.encode("euc-kr"))
    document = read_one(path)
    assert "셔틀외교를 복원하기로 합의했다고" in document.text
    assert "안보 협력을 강화하기로 했다고" in document.text


def test_html_without_an_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(InputError, match="no article text") as caught:
        read_articles([path])
    assert str(caught.value).startswith(f"{path}: ")


def test_guardian_style_page() -> None:
    document = read_one(PAGES / "guardian_style_summit.txt")
    assert document.title == "Japan and South Korea leaders vow new era as Yoon visits Tokyo"
    assert document.meta["standfirst"].startswith("First visit by a South Korean leader")
    assert (document.byline, document.meta["dateline"]) == ("Justin McCurry", "Tokyo")
    assert document.published == "2023-03-16"
    assert document.outlet == "The Guardian"  # only the chrome names it ("Support the Guardian")
    assert document.meta["captions"][0].endswith("Photograph: Kiyoshi Ota/AP")
    _assert_clean(
        document,
        ["Skip to main content", "Support", "journalism", "Explore more", "Asia Pacific",
         "Reuse this content", "Share"],
        ["have vowed to open a new chapter in relations",
         "The summit came hours after North Korea launched an intercontinental ballistic"],
    )
