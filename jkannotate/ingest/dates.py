"""Publication dates as news pages write them, turned into ISO ``YYYY-MM-DD``.

A handful of regular expressions cover the common forms ("Oct 15, 2021 - 6:27 pm",
"Sep 22 2022 | 10:13 AM IST", "15 October 2021", "2021-10-15T09:00", "2021.10.15",
"2021年10月15日", "2021년 10월 15일"); dateparser would cover more but is slow to import.
"""

from __future__ import annotations

import datetime as dt
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
_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<num>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?P<year>(?:19|20)\d\d)\s*[年년]\s*(?P<num>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
)


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


def parse_date(text: str | None) -> str | None:
    """ISO ``YYYY-MM-DD`` for the first date written in ``text``, or None."""
    if not text:
        return None
    found = find_date(text)
    return found[0] if found else None


def _to_iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    month = int(groups["num"]) if groups.get("num") else _MONTHS[groups["month"].lower()]
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:
        return None
