"""The dateline that opens a wire story: "SEOUL, March 16 (Yonhap) --", "TOKYO/SEOUL (Reuters) -",
"Tokyo, Dec. 11 (Jiji Press)--", with a byline run into it ("By Jack Kim SEOUL (Reuters) -").

The source in brackets counts only when it is a known news organisation, so "(Photo)" or a
spelled-out abbreviation is never taken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jkannotate.ingest.outlets import known_outlet

_NAME_WORD = r"[A-Z][a-z][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,3}}"
_NAMES = rf"{_NAME}(?:(?:,| and|, and) {_NAME})*"
_DATELINE = re.compile(
    rf"^(?:By (?P<byline>{_NAMES})\s+)?"
    r"(?P<place>[A-Z][\w./'’ -]{0,40}?(?:,\s*[A-Z][\w.'’ -]{0,30}?)?)?"
    r"(?:,?\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*\((?P<source>[^()]{2,40})\)\s*(?:--|—|–|-|:)\s*"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline says, and where the story itself starts (``body_from``)."""

    place: str | None
    outlet: str
    source: str
    byline: str | None
    body_from: int


def read_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of ``paragraph`` when its source is a known outlet."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    outlet = known_outlet(match.group("source"))
    if outlet is None:
        return None
    place = re.sub(r",?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}$", "", match.group("place") or "")
    place = place.strip(" ,") or None
    body_from = match.start("place") if match.group("byline") and match.group("place") else 0
    if match.group("byline") and not match.group("place"):
        body_from = match.end("byline") + 1
    return Dateline(place=place, outlet=outlet, source=match.group("source").strip(),
                    byline=match.group("byline"), body_from=body_from)
