"""Dates as news pages write them, and the publication date of a page (its earliest stamp)."""

from __future__ import annotations

import pytest

from jkannotate.ingest.dates import find_dates, parse_date
from jkannotate.ingest.textpage import parse_text_page

FORMS = [
    # ISO and numeric, year first
    ("2023-03-16", "2023-03-16"),
    ("2023-03-16T09:30:00+09:00", "2023-03-16"),
    ("2023-03-16 17:20:05", "2023-03-16"),
    ("2023/03/16", "2023-03-16"),
    ("2023.03.16 09:00", "2023-03-16"),
    ("2023. 3. 16. 오후 5:20", "2023-03-16"),
    ("Posted on : 2023-03-16 17:20 KST Modified on : 2023-03-17 09:00 KST", "2023-03-16"),
    ("Written: 2023-11-16 10:12:59Updated: 2023-11-16 10:14:45", "2023-11-16"),
    ("Write: 2020-01-15 08:29:20Update: 2020-01-15 09:02:15", "2020-01-15"),
    # month first, in words
    ("March 16, 2023", "2023-03-16"),
    ("Mar. 16, 2023", "2023-03-16"),
    ("Mar 16 2023", "2023-03-16"),
    ("Sept. 5, 2023", "2023-09-05"),
    ("September 5th, 2023", "2023-09-05"),
    ("[November 22, 2019]", "2019-11-22"),
    ("Posted on : May.8,2006 14:47 KST", "2006-05-08"),
    ("Thursday, March 16, 2023", "2023-03-16"),
    ("Oct 15, 2021 - 6:27 pm", "2021-10-15"),
    ("Posted Jun 30, 2019 11:04 pm EDT", "2019-06-30"),
    ("Published Jul 21, 2023 12:10 pm", "2023-07-21"),
    ("Updated: July 31, 2019", "2019-07-31"),
    ("16:16 JST, June 9, 2025", "2025-06-09"),
    ("09:30 JST, March 17, 2023 (updated at 11:05 JST)", "2023-03-17"),
    ("16:44 February 22, 2022", "2022-02-22"),
    ("First Published: Sep 22 2022 | 10:13 AM IST", "2022-09-22"),
    ("Last Updated : Mar 16 2023 | 9:41 PM IST", "2023-03-16"),
    # day first, in words
    ("16 March 2023", "2023-03-16"),
    ("16 Mar. 2023, 12:00", "2023-03-16"),
    ("Published: 06 Mar. 2023, 12:00 Updated: 07 Mar. 2023, 08:00", "2023-03-06"),
    ("Thu 16 Mar 2023 08.00 GMT", "2023-03-16"),
    ("16th March, 2023", "2023-03-16"),
    ("16th of March 2023", "2023-03-16"),
    ("16-Mar-2023", "2023-03-16"),
    # numeric, day or month first
    ("16.03.2023", "2023-03-16"),
    ("03/16/2023", "2023-03-16"),
    ("16/03/2023", "2023-03-16"),
    # Japanese, Chinese and Korean
    ("2023年3月16日", "2023-03-16"),
    ("2023年3月16日 17時20分", "2023-03-16"),
    ("令和5年3月16日", "2023-03-16"),
    ("平成30年10月30日", "2018-10-30"),
    ("令和元年5月1日", "2019-05-01"),
    ("2023년 3월 16일", "2023-03-16"),
    ("입력 2023.03.16 17:20", "2023-03-16"),
    ("2010년 8월 5일 목요일", "2010-08-05"),
    # no date, or an impossible one
    ("Feb 30, 2021", None),
    ("13/13/2023", None),
    ("Tokyo, Dec. 11 (Jiji Press)", None),
    ("no date here", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("written", "iso"), FORMS)
def test_date_forms(written: str | None, iso: str | None) -> None:
    assert parse_date(written) == iso


def test_the_table_covers_at_least_forty_forms() -> None:
    assert sum(1 for _, iso in FORMS if iso) >= 40


def test_every_date_of_a_stamp_in_order() -> None:
    stamp = "Published : 2023-03-17 09:00 Updated : 2023-03-18 10:00"
    assert find_dates(stamp) == ["2023-03-17", "2023-03-18"]


PAGE = """Site Name Home

Seoul and Tokyo agree to resume talks

Updated : 2023-03-18 10:00 Published : 2023-03-17 09:00

By Kim Min-ji

The two governments agreed on Friday to resume talks that had stalled for three years.

Officials said the first round would be held in Tokyo next month, according to the ministry.
"""


def test_a_page_is_dated_by_its_earliest_stamp() -> None:
    document = parse_text_page(PAGE)
    assert document.published == "2023-03-17"
    assert document.byline == "Kim Min-ji"
    assert document.title == "Seoul and Tokyo agree to resume talks"


def test_a_date_stamp_above_the_headline_counts() -> None:
    page = "2010년 8월 5일 목요일\n\nTokyo expected to face up to the issue\n\n" + PAGE.split(
        "By Kim Min-ji\n\n", 1)[1]
    assert parse_text_page(page).published == "2010-08-05"
