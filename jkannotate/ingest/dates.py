"""Publication dates as news pages write them, turned into ISO ``YYYY-MM-DD``.

A handful of regular expressions cover the common forms ("Oct 15, 2021 - 6:27 pm",
"Sep 22 2022 | 10:13 AM IST", "15 October 2021", "2021-10-15T09:00", "2021.10.15",
"2021年10月15日", "令和3年10月15日", "2021년 10월 15일", "15.10.2021", "10/15/2021");
dateparser would cover more but is slow to import. ``find_dates`` gives every date of a
line, so a header can take the earliest (the publication, not the update).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_PATTERNS = (
    # ISO and numeric year-first: 2023-03-16, 2023/03/16, 2023.03.16, "2023. 3. 16."
    re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d\d)(?:[-/]|\.\s?)(?P<num>\d{1,2})(?:[-/]|\.\s?)"
               r"(?P<day>\d{1,2})(?!\d)"),
    # Japanese, Chinese and Korean: 2023年3月16日, 2023년 3월 16일
    re.compile(r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<num>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})"),
    # Japanese era: 令和5年3月16日
    re.compile(r"(?P<era>令和|平成|昭和)\s*(?P<eyear>\d{1,2}|元)\s*年\s*(?P<num>\d{1,2})\s*月\s*"
               r"(?P<day>\d{1,2})\s*日"),
    # March 16, 2023 / Mar. 16 2023 / Sept. 5th, 2023
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    # Hankyoreh style without spaces: May.8,2006
    re.compile(rf"\b{_MONTH}(?<=\.){_DAY},{_YEAR}\b", re.I),
    # 16 March 2023 / 16 Mar. 2023 / 16th of March, 2023
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    # 16-Mar-2023
    re.compile(rf"\b{_DAY}-{_MONTH}-{_YEAR}\b", re.I),
    # numeric day-first or month-first: 16.03.2023, 03/16/2023 (month first unless impossible)
    re.compile(r"(?<![\d.])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)\b"),
)
_ISO_START = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")


def find_dates(text: str) -> list[str]:
    """Every valid date written in ``text`` as ISO, in order of appearance."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            iso = _to_iso(match)
            if iso:
                found.append((match.start(), iso))
                taken.append((match.start(), match.end()))
    return [iso for _, iso in sorted(found)]


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first valid date in ``text`` as ISO, with the match that gave it."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _to_iso(match)
            if iso:
                found.append((match.start(), iso, match))
                break
    if not found:
        return None
    _, iso, match = min(found, key=lambda item: item[0])
    return iso, match


@functools.lru_cache(maxsize=4096)  # a corpus repeats its dates: an import reads each once
def parse_date(text: str | None) -> str | None:
    """ISO ``YYYY-MM-DD`` for the first date written in ``text``, or None."""
    if not text:
        return None
    iso = _ISO_START.match(text)  # the common case, and what find_date would say first
    if iso:
        try:
            return dt.date(*map(int, iso.groups())).isoformat()
        except ValueError:
            pass
    found = find_date(text)
    return found[0] if found else None


def _to_iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        # dots are written day first (16.03.2023); slashes month first unless impossible
        day_first = groups["sep"] == "." or first > 12
        month, day = (second, first) if day_first else (first, second)
        year = int(groups["year"])
    else:
        month = int(groups["num"]) if groups.get("num") else _MONTHS[groups["month"].lower()]
        day = int(groups["day"])
        if groups.get("era"):
            era_year = 1 if groups["eyear"] == "元" else int(groups["eyear"])
            year = _ERAS[groups["era"]] + era_year
        else:
            year = int(groups["year"])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
