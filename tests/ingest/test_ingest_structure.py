"""Page understanding by structure: headline, deck, byline, dateline, outlet, unwrapping."""

from __future__ import annotations

import textwrap

import pytest

from jkannotate.ingest import lines as shape
from jkannotate.ingest.datelines import read_dateline
from jkannotate.ingest.outlets import canonical_outlet, outlet_line, outlets_named_in
from jkannotate.ingest.textpage import parse_text_page
from jkannotate.ingest.unwrap import unwrap, wrap_width

LEAD = ("South Korea said on Friday it would keep its military intelligence pact with Japan, "
        "reversing a decision made three months ago after a row over trade.")
SECOND = ("The decision came hours before the agreement was due to expire, officials said, "
          "and followed weeks of pressure from Washington on both of its allies.")
THIRD = ("Japan's trade ministry said it would hold talks with Seoul on export controls but "
         "gave no date for them, and analysts expect slow progress.")


def test_hard_wrapped_page_is_unwrapped_and_the_lead_keeps_its_first_words() -> None:
    body = "\n".join(textwrap.fill(p, 70) for p in (LEAD, SECOND, THIRD))
    page = ("Seoul keeps intelligence pact with Japan in last-minute reversal\n"
            "[November 22, 2019]\nBy Jane Doe and John Roe\n" + body)
    assert wrap_width(page.split("\n")) is not None
    document = parse_text_page(page)
    assert document.title == "Seoul keeps intelligence pact with Japan in last-minute reversal"
    assert document.text == "\n".join((LEAD, SECOND, THIRD))
    assert document.published == "2019-11-22"
    assert document.byline == "Jane Doe and John Roe"


def test_a_paragraph_break_is_kept_where_the_next_word_would_have_fitted() -> None:
    lines = textwrap.fill(LEAD, 60).split("\n") + textwrap.fill(SECOND, 60).split("\n")
    assert unwrap(lines) == [LEAD, SECOND]


def test_unwrapped_page_is_left_alone() -> None:
    lines = [LEAD, SECOND, "Short line", THIRD]
    assert wrap_width(lines) is None
    assert unwrap(lines) == lines


def test_lower_case_continuation_joins_an_unfinished_line() -> None:
    assert unwrap(["SEOUL (Reuters) - South Korea", "on Friday said it would stay."]) == [
        "SEOUL (Reuters) - South Korea on Friday said it would stay."]


NOTICE = ("A notice: we use cookies and similar technology to personalise what you see and to "
          "measure how our site is used by readers like you.")
PAGE = f"""Skip to main content
Home World Politics Business
{NOTICE}

Seoul keeps intelligence pact with Japan

Decision follows weeks of pressure from the United States on both allies

Posted on : 2019-11-22 18:40 KST Modified on : 2019-11-23 09:10 KST
By KIM MIN-JI

SEOUL, Nov. 22 (Yonhap) -- {LEAD}

{SECOND}

{THIRD}

kmj@example.org
(END)
1
Most read: another story about something else entirely, with many words in it.
"""


def test_headline_deck_byline_date_dateline_and_outlet_from_shape() -> None:
    document = parse_text_page(PAGE)
    assert document.title == "Seoul keeps intelligence pact with Japan"
    assert document.meta["standfirst"] == (
        "Decision follows weeks of pressure from the United States on both allies")
    assert document.published == "2019-11-22"  # the earliest stamp, not the modification
    assert document.byline == "Kim Min-ji"
    assert document.outlet == "Yonhap News Agency"
    assert document.meta["dateline"] == "SEOUL"
    assert document.text.startswith("SEOUL, Nov. 22 (Yonhap) -- South Korea said")
    assert document.text.endswith(THIRD)  # the reporter's e-mail and "(END)" close the story
    assert "cookies" not in document.text


def test_the_headline_is_never_a_time_stamp_link_text_or_body_sentence() -> None:
    page = ("Go to Contents\nSearch\n\n(LEAD) Japan and South Korea hold talks on export curbs\n"
            "16:44 February 22, 2022\n(ATTN: UPDATES with ministry comments in paras 3-4)\n\n"
            f"SEOUL, Feb. 22 (Yonhap) -- {LEAD}\n\n{SECOND}\n")
    document = parse_text_page(page)
    assert document.title == "(LEAD) Japan and South Korea hold talks on export curbs"
    assert document.published == "2022-02-22"
    assert "ATTN" not in document.text


def test_a_repeated_headline_wins_and_its_site_suffix_names_the_outlet() -> None:
    headline = "South Korean court orders Japanese firms to pay wartime workers"
    page = (f"World (AP)\n\n{headline} | AP News\n\n{headline} | AP News\n\n"
            f"Related coverage of the court case and reactions\n\n{LEAD}\n\n{SECOND}\n")
    document = parse_text_page(page)
    assert document.title == headline
    assert document.outlet == "Associated Press"


def test_a_deck_that_the_lead_repeats_is_not_body() -> None:
    page = (f"Seoul keeps intelligence pact with Japan\n\n{LEAD}\n\nSection Tags Here\n\n"
            f"SEOUL (AP) — {LEAD}\n\n{SECOND}\n")
    document = parse_text_page(page)
    assert document.meta["standfirst"] == LEAD
    assert document.text.startswith("SEOUL (AP) — South Korea said")
    assert document.text.count("reversing a decision") == 1


def test_byline_run_into_the_dateline() -> None:
    page = (f"Seoul keeps intelligence pact with Japan\n\n"
            f"By Jack Kim SEOUL (Reuters) - {LEAD} {SECOND}\n")
    document = parse_text_page(page)
    assert document.text.startswith("SEOUL (Reuters) - South Korea")
    assert (document.byline, document.outlet) == ("Jack Kim", "Reuters")


def test_site_name_beats_the_agency_of_the_byline() -> None:
    page = (f"The Yomiuri Shimbun\n\nSeoul keeps intelligence pact with Japan\n\nKyodo\n\n"
            f"{LEAD}\n\n{SECOND}\n")
    assert parse_text_page(page).outlet == "The Yomiuri Shimbun"


def test_agency_byline_names_the_outlet_of_a_syndicated_copy() -> None:
    page = (f"Seoul keeps intelligence pact with Japan\n\nby The Associated Press\n"
            f"Posted Nov 22, 2019 11:04 pm EST\n\nTOKYO — {LEAD}\n\n{SECOND}\n")
    document = parse_text_page(page)
    assert document.outlet == "Associated Press"
    assert document.published == "2019-11-22"


@pytest.mark.parametrize(("paragraph", "outlet", "place"), [
    ("SEOUL, March 16 (Yonhap) -- President Yoon met", "Yonhap News Agency", "SEOUL"),
    ("SEOUL/NAGOYA, Japan (Reuters) - South Korea", "Reuters", "SEOUL/NAGOYA, Japan"),
    ("Tokyo, Dec. 11 (Jiji Press)--Japanese Foreign Minister", "Jiji Press", "Tokyo"),
    ("ANYANG, South Korea, Aug. 19 (Yonhap) -- A court", "Yonhap News Agency",
     "ANYANG, South Korea"),
    ("TOKYO (Kyodo) -- Japan said", "Kyodo News", "TOKYO"),
])
def test_datelines(paragraph: str, outlet: str, place: str) -> None:
    dateline = read_dateline(paragraph)
    assert dateline is not None and (dateline.outlet, dateline.place) == (outlet, place)


def test_brackets_that_name_no_outlet_are_no_dateline() -> None:
    assert read_dateline("The World Trade Organization (WTO) - a body in Geneva") is None


@pytest.mark.parametrize(("written", "canonical"), [
    ("AP", "Associated Press"), ("YONHAP", "Yonhap News Agency"), ("Kyodo", "Kyodo News"),
    ("NHK WORLD-JAPAN", "NHK"), ("Jiji", "Jiji Press"), ("Some Local Paper", "Some Local Paper"),
    (None, None), ("  ", None),
])
def test_canonical_outlets(written: str | None, canonical: str | None) -> None:
    assert canonical_outlet(written) == canonical


def test_outlet_lines_and_names_in_chrome() -> None:
    assert outlet_line("The Washington PostDemocracy Dies in Darkness") == "The Washington Post"
    assert outlet_line("AP, Kyodo, AFP-JIJI") == "Associated Press"
    assert outlet_line("Connect with us") is None
    assert outlets_named_in("About us Go to KBS") == ["KBS"]
    assert outlets_named_in("a cap and a rap") == []  # short names only in capitals


@pytest.mark.parametrize(("line", "junk"), [
    ("Don't miss the news of the day. Get them on our Telegram channel", True),
    ("Follow us on Facebook and Twitter", True),
    ("(This story has not been edited by our staff and is published from a wire feed.)", True),
    ("(Only the headline of this report may have been changed by the desk.)", True),
    ("1000 47", True),
    ("The channel between the islands is patrolled by the coast guard.", False),
    ("(Reporting by Jane Doe; Editing by John Roe)", True),
])
def test_chrome_by_structure_not_by_one_site_string(line: str, junk: bool) -> None:
    assert shape.is_hard_junk(line) is junk


def test_byline_with_an_email_address() -> None:
    page = (f"Seoul keeps intelligence pact with Japan\n\nBy Kim Arin (arin@example.com)\n\n"
            f"{LEAD}\n\n{SECOND}\n")
    assert parse_text_page(page).byline == "Kim Arin"


def test_wrap_width_is_found_despite_a_long_line_of_chrome() -> None:
    notice = "A notice about cookies and what they do on this site. " * 6
    body = "\n".join(textwrap.fill(p, 72) for p in (LEAD, SECOND, THIRD, LEAD, SECOND))
    assert wrap_width([notice, *body.split("\n")]) is not None
