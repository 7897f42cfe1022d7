"""Normalise DATE expressions against a document's publication date (pure Python).

Values follow TIMEX3 (ISO-TimeML) as far as one string goes:

- a day ``2021-10-15``, a week ``2021-W41``, a month ``2021-09``, a year ``2021``,
  a decade ``197X``, a range of years ``1910/1945``;
- a duration ``P3Y``, ``P3D``; a vague past, present or future ``PAST_REF``,
  ``PRESENT_REF``, ``FUTURE_REF``;
- ``None`` when the expression is not understood (never a guess).

Relative expressions ("Friday", "last month", "earlier this year", "지난달", "先月") need the
publication date. A weekday or a month without a year is resolved by the tense of its
sentence (:func:`tense_of`): forward after "will", "is to", "plans to"…, backward after
"said", "held", "-ed"…, else to the nearest such day (past on a tie): on Wednesday
2021-10-13, "Friday" is 2021-10-15 and "said on Friday" 2021-10-08.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from enum import StrEnum


class Tense(StrEnum):
    PAST = "past"
    FUTURE = "future"
    UNKNOWN = "unknown"


MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3,
            "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
KOREAN_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
JAPANESE_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
JAPANESE_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "hundred": 100}
UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}

_FUTURE_CUES = re.compile(
    r"\b(will|shall|'ll|would|is to|are to|plans? to|planning to|scheduled|set to|due to|"
    r"expected to|intends? to|going to|upcoming|next|ahead of|before the|"
    r"takes? effect|goes into effect|comes? into (?:force|effect)|"
    r"effective (?:from|on|as of|immediately))\b", re.I)
# a participle before its noun names what is still to come ("Lee's planned summit with Trump
# on Monday"), where "planned" as a verb would read as past
_ATTRIBUTIVE_FUTURE = re.compile(
    r"(?:'s|’s|\b(?:the|a|an|his|her|its|their|our|this))\s+(planned|scheduled|proposed|"
    r"expected|forthcoming|prospective|upcoming)\b(?!\s+(?:to|for|by|on|in|at)\b)", re.I)
# what a date governs after it: "ahead of"/"before the" relate the date to a later event and
# say nothing of the date's own tense ("from Sunday ahead of his inauguration, Park said")
_RELATIVE_ONLY = {"ahead of", "before the"}
_PAST_CUES = re.compile(
    r"\b(said|says|told|held|met|was|were|had|did|spoke|made|took|gave|came|went|saw|began|"
    r"led|left|sent|won|lost|fired|announced|ruled|signed|agreed|"
    r"last|ago|earlier|previous|\w{3,}ed)\b", re.I)
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|" \
         r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _cues(text: str) -> list[tuple[int, int, int, Tense]]:
    """(start, end, rank, tense) of the tense cues of ``text``; an attributive participle
    ("the planned talks") outranks the same word read as a past verb."""
    cues = [(m.start(), m.end(), 0, Tense.FUTURE) for m in _FUTURE_CUES.finditer(text)]
    cues += [(m.start(), m.end(), 0, Tense.PAST) for m in _PAST_CUES.finditer(text)]
    attributive = [(m.start(1), m.end(1), 1, Tense.FUTURE)
                   for m in _ATTRIBUTIVE_FUTURE.finditer(text)]
    spans = {(start, end) for start, end, _, _ in attributive}
    return [c for c in cues if (c[0], c[1]) not in spans] + attributive


def _last_cue(text: str) -> Tense:
    """The tense of the cue nearest the end of ``text`` (the verb governing what follows);
    a word that is a cue both ways ("scheduled") reads forward."""
    cues = _cues(text)
    return max(cues, key=lambda c: (c[1], c[2], c[3] is Tense.FUTURE))[3] if cues \
        else Tense.UNKNOWN


def tense_of(context: str, after: str = "") -> Tense:
    """The tense a weekday or month points to: the cue nearest before it in its clause
    (quoted speech left out), else the first cue after it that is a verb's ("ahead of",
    "before the" after a date relate it to something later, not to the present)."""
    before = _QUOTED.sub(" ", context)
    found = _last_cue(before)
    if found is Tense.UNKNOWN and after:
        text = _QUOTED.sub(" ", after)
        cues = [c for c in _cues(text) if text[c[0]:c[1]].lower() not in _RELATIVE_ONLY]
        found = min(cues)[3] if cues else Tense.UNKNOWN
    return found


def _clean(expression: str) -> str:
    text = unicodedata.normalize("NFKC", expression).strip().lower()
    text = re.sub(r"^(?:on|in|at(?! (?:least|most)\b)|by|since|from|during|until|the|of)\s+",
                  "", text)
    text = re.sub(r"^(?:on|in|the)\s+", "", text)
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _weekday(target: int, anchor: date, tense: Tense, qualifier: str = "") -> date:
    """The day of week ``target`` nearest ``anchor`` in the direction the tense says."""
    back = (anchor.weekday() - target) % 7
    forward = (target - anchor.weekday()) % 7
    if qualifier in ("last", "past", "지난", "先週") or (qualifier == "" and tense is Tense.PAST):
        return anchor - timedelta(days=back or (7 if qualifier else 0))
    if qualifier in ("next", "coming", "다음", "来週") or tense is Tense.FUTURE:
        return anchor + timedelta(days=forward or (7 if qualifier else 0))
    if qualifier in ("this", "이번", "今週"):
        return anchor - timedelta(days=anchor.weekday()) + timedelta(days=target)
    return anchor - timedelta(days=back) if back <= forward else anchor + timedelta(days=forward)


def _month_day(month: int, day: int | None, anchor: date, tense: Tense) -> str | None:
    """A month (and day) without a year: the occurrence the tense points to, else nearest."""
    def value(year: int) -> str:
        return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")

    this_year = (anchor.year, month, day or 1)
    try:
        candidate = date(*this_year)
    except ValueError:
        return None
    same_month = (candidate.year, candidate.month) == (anchor.year, anchor.month)
    if same_month and day is None:
        return value(anchor.year)
    if candidate <= anchor:
        past, future = anchor.year, anchor.year + 1
    else:
        past, future = anchor.year - 1, anchor.year
    if tense is Tense.PAST:
        return value(past)
    if tense is Tense.FUTURE:
        return value(future)
    # nearest: within about six months either way, past on a tie
    months_back = (anchor.year - past) * 12 + anchor.month - month
    months_ahead = (future - anchor.year) * 12 + month - anchor.month
    return value(past if months_back <= months_ahead else future)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _absolute(text: str) -> str | None:
    """Expressions that need no anchor: ISO dates, full dates, years, decades, ranges."""
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text):
        return _iso_day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? " + _YEAR, text):
        return _iso_day(int(m["year"]), MONTHS[m["month"]], int(m["day"]))
    if m := re.fullmatch(r"(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + ",? " + _YEAR,
                         text):
        return _iso_day(int(m["year"]), MONTHS[m["month"]], int(m["day"]))
    if m := re.fullmatch(r"(?:early |mid-?|late |end of )?" + _MONTH + ",? " + _YEAR, text):
        return f"{m['year']}-{MONTHS[m['month']]:02d}"
    if m := re.fullmatch(r"(?:early |mid-?|late |end of |fiscal |the year )?" + _YEAR, text):
        return m["year"]
    if m := re.fullmatch(r"(?:the )?(?:early |mid-?|late )?((?:1[89]|20)\d)0'?s", text):
        return f"{m[1]}X"
    if m := re.fullmatch(r"(?:the )?(?:early |mid-?|late |turn of the )?(\d{1,2})(?:st|nd|rd|th)"
                         r"[- ]century", text):
        return f"{int(m[1]) - 1:02d}" if 1 <= int(m[1]) <= 30 else None  # TIMEX3: "19" = 1900s
    if m := re.fullmatch(r"(?:between )?((?:1[89]|20)\d\d) ?(?:-|–|to|and|through) ?(\d{2,4})",
                         text):
        end = m[2] if len(m[2]) == 4 else m[1][: 4 - len(m[2])] + m[2]
        return f"{m[1]}/{end}" if end > m[1] else None
    if m := re.fullmatch(r"(\d{4})년(?: ?(\d{1,2})월)?(?: ?(\d{1,2})일)?", text):
        return _cjk(int(m[1]), m[2], m[3])
    if m := re.fullmatch(r"(\d{4})年(?:(\d{1,2})月)?(?:(\d{1,2})日)?", text):
        return _cjk(int(m[1]), m[2], m[3])
    if m := re.fullmatch(r"(令和|平成|昭和|大正|明治)(元|\d{1,2})年"
                         r"(?:(\d{1,2})月)?(?:(\d{1,2})日)?", text):
        year = JAPANESE_ERAS[m[1]] + (1 if m[2] == "元" else int(m[2]))
        return _cjk(year, m[3], m[4])
    if m := re.fullmatch(r"(\d{4})년대|(\d{3})0年代", text):
        return f"{(m[1] or m[2] + '0')[:3]}X"
    return None


def _cjk(year: int, month: str | None, day: str | None) -> str | None:
    if month is None:
        return str(year)
    if day is None:
        return f"{year}-{int(month):02d}"
    return _iso_day(year, int(month), int(day))


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _relative(text: str, anchor: date, tense: Tense) -> str | None:  # noqa: C901 - a table
    """Expressions resolved against the publication date ``anchor``."""
    text = re.sub(r"^(?:earlier|later|late|early|mid-?|the end of|end of)\s+", "", text)
    if text in ("today", "this day", "오늘", "今日", "本日", "きょう"):
        return anchor.isoformat()
    if text in ("yesterday", "어제", "昨日", "きのう"):
        return (anchor - timedelta(days=1)).isoformat()
    if text in ("tomorrow", "내일", "明日", "あした", "あす"):
        return (anchor + timedelta(days=1)).isoformat()
    if text in ("the day before yesterday", "그제", "그저께", "一昨日", "おととい"):
        return (anchor - timedelta(days=2)).isoformat()
    week = {"last week": -1, "the previous week": -1, "previous week": -1, "this week": 0,
            "next week": 1, "the following week": 1, "지난주": -1, "지난 주": -1,
            "이번 주": 0, "이번주": 0, "금주": 0, "다음 주": 1, "다음주": 1, "先週": -1,
            "今週": 0, "来週": 1}
    if text in week:
        return _week(anchor + timedelta(weeks=week[text]))
    month = {"last month": -1, "the previous month": -1, "previous month": -1,
             "this month": 0, "next month": 1, "the following month": 1, "지난달": -1,
             "지난 달": -1, "이번 달": 0, "이달": 0, "다음 달": 1, "다음달": 1, "先月": -1,
             "今月": 0, "来月": 1}
    if text in month:
        year, number = _shift_month(anchor.year, anchor.month, month[text])
        return f"{year}-{number:02d}"
    year = {"last year": -1, "the previous year": -1, "previous year": -1, "this year": 0,
            "next year": 1, "the following year": 1, "지난해": -1, "작년": -1, "올해": 0,
            "금년": 0, "내년": 1, "昨年": -1, "去年": -1, "今年": 0, "本年": 0, "来年": 1,
            "two years ago": -2, "재작년": -2, "一昨年": -2}
    if text in year:
        return str(anchor.year + year[text])
    if m := re.fullmatch(r"(last|past|this|next|coming)? ?(\w+?)(?:'s)?(?: (?:morning|afternoon|"
                         r"evening|night))?", text):
        if m[2] in WEEKDAYS:
            return _weekday(WEEKDAYS[m[2]], anchor, tense, m[1] or "").isoformat()
    if m := re.fullmatch(r"(지난|이번|다음)? ?([월화수목금토일])요일", text):
        return _weekday(KOREAN_WEEKDAYS[m[2]], anchor, tense, m[1] or "").isoformat()
    if m := re.fullmatch(r"(先週|今週|来週)?の?([月火水木金土日])曜(?:日)?", text):
        return _weekday(JAPANESE_WEEKDAYS[m[2]], anchor, tense, m[1] or "").isoformat()
    if m := re.fullmatch(r"(?:last |next |this )?" + _MONTH
                         + r"(?: (?P<day>\d{1,2})(?:st|nd|rd|th)?)?", text):
        qualifier = text.split(" ", 1)[0]
        if qualifier in ("last", "next"):
            tense = Tense.PAST if qualifier == "last" else Tense.FUTURE
        day = int(m["day"]) if m["day"] else None
        return _month_day(MONTHS[m["month"]], day, anchor, tense)
    if m := re.fullmatch(r"(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH, text):
        return _month_day(MONTHS[m["month"]], int(m["day"]), anchor, tense)
    if m := re.fullmatch(r"(\d{1,2})월(?: ?(\d{1,2})일)?", text):
        return _month_day(int(m[1]), int(m[2]) if m[2] else None, anchor, tense)
    if m := re.fullmatch(r"(\d{1,2})月(?:(\d{1,2})日)?", text):
        return _month_day(int(m[1]), int(m[2]) if m[2] else None, anchor, tense)
    if m := re.fullmatch(r"(\w+) (day|week|month|year)s? ago", text):
        count = _number(m[1])
        if count is not None:
            return _ago(anchor, count, m[2])
    return None


def _ago(anchor: date, count: int, unit: str) -> str:
    if unit == "day":
        return (anchor - timedelta(days=count)).isoformat()
    if unit == "week":
        return _week(anchor - timedelta(weeks=count))
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, -count)
        return f"{year}-{month:02d}"
    return str(anchor.year - count)


def _duration_or_vague(text: str) -> str | None:
    if re.fullmatch(r"(?:in )?(?:recent|past|last|previous) (?:few |several )?(?:days|weeks|"
                    r"months|years|decades)|recently|(?:these|those|in recent) days|"
                    r"decades?-old|years?-old|최근|近年|最近|"
                    r"(?:many |several |a few |some )?(?:years|decades|centuries) ago|"
                    r"수십 ?년 전|数十年前", text):
        return "PAST_REF"
    if text in ("now", "currently", "present", "at present", "현재", "現在"):
        return "PRESENT_REF"
    if re.fullmatch(r"(?:the )?(?:coming|next few|future) (?:days|weeks|months|years)|soon", text):
        return "FUTURE_REF"
    if m := re.fullmatch(r"(?:nearly |about |around |almost |more than |over |some |the past |"
                         r"the last |up to |as many as |as long as |at least |at most |"
                         r"less than |fewer than |within |for )?"
                         r"(\w+)[- ](day|week|month|year|decade|century)s?"
                         r"(?:-long|-old)?", text):
        count = _number(m[1])
        if count is not None:
            unit = UNITS[m[2]]
            if unit == "DE":
                return f"P{count * 10}Y"
            if unit == "CE":
                return f"P{count * 100}Y"
            return f"P{count}{unit}"
    return None


def normalise_date(
    expression: str, published: str | None, tense: Tense = Tense.UNKNOWN
) -> str | None:
    """The normalised value of ``expression`` (see the module doc), or None.

    ``published`` is the document's ISO publication date; without it only absolute
    expressions and durations resolve.
    """
    text = _clean(expression)
    if not text:
        return None
    value = _absolute(text)
    if value is not None:
        return value
    anchor = _parse_day(published)
    if anchor is not None:
        value = _relative(text, anchor, tense)
        if value is not None:
            return value
    return _duration_or_vague(text)


def normalise_in_context(
    expression: str, published: str | None, before: str, after: str = ""
) -> str | None:
    """:func:`normalise_date` with the tense read from the clause around the expression."""
    clause_before = re.split(r"[.;!?\n]", _QUOTED.sub(" ", before))[-1]
    # "Wednesday's summit would ...": a possessive date modifies a noun; the verb after it
    # is not the date's
    possessive = after.startswith(("'s", "’s"))
    clause_after = "" if possessive else re.split(r"[.;!?\n]", after)[0]
    return normalise_date(expression, published, tense_of(clause_before, clause_after))


def as_day(value: str | None) -> str | None:
    """The day a normalised value names, if it names one (for event records)."""
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    return None
