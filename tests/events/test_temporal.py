"""Date normalisation against the publication date: a table of expressions in three languages."""

from __future__ import annotations

import pytest

from jkannotate.core.temporal import (
    Tense,
    as_day,
    normalise_date,
    normalise_in_context,
    tense_of,
)

WED = "2021-10-13"  # a Wednesday

TABLE = [
    # (expression, publication date, tense, expected)
    ("Friday", WED, Tense.UNKNOWN, "2021-10-15"),
    ("Friday", WED, Tense.PAST, "2021-10-08"),
    ("on Friday", WED, Tense.FUTURE, "2021-10-15"),
    ("Monday", WED, Tense.UNKNOWN, "2021-10-11"),
    ("Wednesday", WED, Tense.UNKNOWN, "2021-10-13"),
    ("later Wednesday", WED, Tense.UNKNOWN, "2021-10-13"),
    ("last Friday", WED, Tense.UNKNOWN, "2021-10-08"),
    ("next Monday", WED, Tense.UNKNOWN, "2021-10-18"),
    ("Friday night", WED, Tense.PAST, "2021-10-08"),
    ("Tuesday's", WED, Tense.UNKNOWN, "2021-10-12"),
    ("today", WED, Tense.UNKNOWN, "2021-10-13"),
    ("Yesterday", WED, Tense.UNKNOWN, "2021-10-12"),
    ("tomorrow", WED, Tense.UNKNOWN, "2021-10-14"),
    ("last week", WED, Tense.UNKNOWN, "2021-W40"),
    ("this week", WED, Tense.UNKNOWN, "2021-W41"),
    ("last month", WED, Tense.UNKNOWN, "2021-09"),
    ("last month", "2021-01-05", Tense.UNKNOWN, "2020-12"),
    ("earlier this month", WED, Tense.UNKNOWN, "2021-10"),
    ("next month", "2021-12-20", Tense.UNKNOWN, "2022-01"),
    ("earlier this year", WED, Tense.UNKNOWN, "2021"),
    ("last year", WED, Tense.UNKNOWN, "2020"),
    ("next year", WED, Tense.UNKNOWN, "2022"),
    ("two years ago", WED, Tense.UNKNOWN, "2019"),
    ("three days ago", WED, Tense.UNKNOWN, "2021-10-10"),
    ("Aug. 19", WED, Tense.UNKNOWN, "2021-08-19"),
    ("Aug. 19", WED, Tense.FUTURE, "2022-08-19"),
    ("Dec. 30", "2017-01-07", Tense.UNKNOWN, "2016-12-30"),
    ("Sept. 24", "2020-09-24", Tense.UNKNOWN, "2020-09-24"),
    ("Oct. 4", WED, Tense.UNKNOWN, "2021-10-04"),
    ("January", "2021-11-30", Tense.FUTURE, "2022-01"),
    ("March 10, 2022", WED, Tense.UNKNOWN, "2022-03-10"),
    ("10 March 2022", None, Tense.UNKNOWN, "2022-03-10"),
    ("December 2019", None, Tense.UNKNOWN, "2019-12"),
    ("2019", None, Tense.UNKNOWN, "2019"),
    ("in 2015", None, Tense.UNKNOWN, "2015"),
    ("the 1950s", None, Tense.UNKNOWN, "195X"),
    ("1970s", None, Tense.UNKNOWN, "197X"),
    ("1910-45", None, Tense.UNKNOWN, "1910/1945"),
    ("1910 to 1945", None, Tense.UNKNOWN, "1910/1945"),
    ("2023-03-16", None, Tense.UNKNOWN, "2023-03-16"),
    ("three-day", WED, Tense.UNKNOWN, "P3D"),
    ("nearly three years", WED, Tense.UNKNOWN, "P3Y"),
    ("recent weeks", WED, Tense.UNKNOWN, "PAST_REF"),
    ("past few years", WED, Tense.UNKNOWN, "PAST_REF"),
    ("decades-old", WED, Tense.UNKNOWN, "PAST_REF"),
    # Korean
    ("2019년 8월 2일", None, Tense.UNKNOWN, "2019-08-02"),
    ("2018년 10월", None, Tense.UNKNOWN, "2018-10"),
    ("8월 2일", WED, Tense.UNKNOWN, "2021-08-02"),
    ("지난달", WED, Tense.UNKNOWN, "2021-09"),
    ("지난해", WED, Tense.UNKNOWN, "2020"),
    ("올해", WED, Tense.UNKNOWN, "2021"),
    ("어제", WED, Tense.UNKNOWN, "2021-10-12"),
    ("금요일", WED, Tense.PAST, "2021-10-08"),
    ("1990년대", None, Tense.UNKNOWN, "199X"),
    # Japanese (full-width digits too)
    ("2019年7月1日", None, Tense.UNKNOWN, "2019-07-01"),
    ("２０１９年７月", None, Tense.UNKNOWN, "2019-07"),
    ("令和3年", None, Tense.UNKNOWN, "2021"),
    ("平成元年", None, Tense.UNKNOWN, "1989"),
    ("先月", WED, Tense.UNKNOWN, "2021-09"),
    ("昨年", WED, Tense.UNKNOWN, "2020"),
    ("金曜日", WED, Tense.UNKNOWN, "2021-10-15"),
    ("12月28日", "2016-01-04", Tense.UNKNOWN, "2015-12-28"),
    # not understood: never a guess
    ("the deal", WED, Tense.UNKNOWN, None),
    ("Friday", None, Tense.UNKNOWN, None),
    ("Feb. 30", WED, Tense.UNKNOWN, None),
]


@pytest.mark.parametrize(("expression", "published", "tense", "expected"), TABLE)
def test_expression(expression: str, published: str | None, tense: Tense,
                    expected: str | None) -> None:
    assert normalise_date(expression, published, tense) == expected


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 40


def test_tense_from_the_clause() -> None:
    assert tense_of("Kishida will visit Seoul on") is Tense.FUTURE
    assert tense_of("Moon said on") is Tense.PAST
    assert tense_of("Kishida spoke with Moon on") is Tense.PAST
    assert tense_of("the talks on") is Tense.UNKNOWN
    text = "Tokyo protested. The ministry said on"
    assert normalise_in_context("Friday", WED, text) == "2021-10-08"
    assert normalise_in_context("Friday", WED, "The leaders will meet on") == "2021-10-15"
    # the tense of an earlier sentence does not leak into the next one
    assert normalise_in_context("Friday", WED, "Moon said so. Talks on") == "2021-10-15"


def test_as_day() -> None:
    assert as_day("2021-10-15") == "2021-10-15"
    assert as_day("2021-10") is None and as_day(None) is None


def test_quoted_speech_and_possessives_do_not_set_the_tense() -> None:
    before = '"We will take countermeasures," the minister told reporters on '
    assert normalise_in_context("Tuesday", "2019-07-01", before) == "2019-06-25"
    assert normalise_in_context("Wednesday", "2022-09-22", "It is unclear if ",
                                "'s summit would yield results") == "2022-09-21"
    assert normalise_in_context("Aug. 15", "2012-08-10", "The visit came days before the ",
                                " anniversary") == "2012-08-15"


def test_scheduled_present_tense_points_forward() -> None:
    # a measure that "takes effect" on a day names the next such day after publication
    assert normalise_in_context("March 2", "2024-02-26", "The new tariff, which takes effect from ",
                                ", follows months of talks that ended") == "2024-03-02"
    assert normalise_in_context("May 1", "2023-04-20", "The rule comes into force on ") \
        == "2023-05-01"
    assert normalise_in_context("May 1", "2023-04-20", "The rule took effect on ") == "2022-05-01"


def test_attributive_participle_is_future() -> None:
    # "the planned meeting ... on Thursday": planned as an adjective, not a past verb
    sat = "2024-06-08"  # a Saturday
    assert normalise_in_context("Thursday", sat, "Officials prepared for the minister's planned "
                                "visit to Osaka on ") == "2024-06-13"
    assert normalise_in_context("Thursday", sat, "The minister planned the visit on ") \
        == "2024-06-06"


def test_a_relation_to_a_later_event_is_not_the_dates_tense() -> None:
    mon = "2024-06-10"
    # the cue after the date: "ahead of" relates it to the ceremony; "the envoy said" is its verb
    assert normalise_in_context("Saturday", mon, "About the team's trip to Busan from ",
                                " ahead of the ceremony on June 20, the envoy said") == "2024-06-08"
    assert normalise_in_context("Saturday", mon, "About the team's trip from ",
                                " ahead of the ceremony, officials will say") == "2024-06-15"


@pytest.mark.parametrize(("expression", "expected"), [
    ("decades ago", "PAST_REF"), ("many years ago", "PAST_REF"), ("centuries ago", "PAST_REF"),
    ("up to 30 days", "P30D"), ("at least two weeks", "P2W"), ("within six months", "P6M"),
    ("the early 19th century", "18"), ("21st century", "20"), ("the late 20th-century", "19"),
])
def test_vague_past_durations_and_centuries(expression: str, expected: str) -> None:
    assert normalise_date(expression, "2024-06-10") == expected
    assert normalise_date(expression, None) == expected  # none of them needs the anchor
