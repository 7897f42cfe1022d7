"""Offset checks, token snapping and code-point ↔ UTF-16 conversion.

Offsets are code points everywhere in jkannotate; Qt and JavaScript count UTF-16
units, so the GUI converts at its boundary with :class:`Utf16Index`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from jkannotate.core.errors import OffsetError

_WORD = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)


def check_span(text: str, start: int, end: int, what: str = "span") -> None:
    """Raise :class:`OffsetError` unless ``0 <= start < end <= len(text)``."""
    check_range(len(text), start, end, what)


def check_range(length: int, start: int, end: int, what: str = "span") -> None:
    """Raise :class:`OffsetError` unless ``0 <= start < end <= length``."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise OffsetError(f"{what} offsets must be integers, got {start!r}..{end!r}")
    if start < 0 or end > length or start >= end:
        raise OffsetError(f"{what} {start}..{end} does not fit a text of {length} characters")


def check_spans(text: str, ranges: Iterable[tuple[int, int]]) -> None:
    for start, end in ranges:
        check_span(text, start, end)


def token_bounds(text: str) -> list[tuple[int, int]]:
    """Simple word/punctuation tokens, enough to snap a selection to whole words."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a selection to whole words and trim surrounding whitespace and punctuation.

    ``"outh Kor"`` in "South Korea" becomes "South Korea"; a selection of
    ``" Seoul, "`` becomes "Seoul". Returns the selection unchanged when it holds no word.
    """
    check_span(text, start, end, "selection")
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if start == end:
        return start, start
    for match in _WORD.finditer(text, max(0, start - 64), min(len(text), end + 64)):
        if match.start() < start < match.end():
            start = match.start()
        if match.start() < end < match.end():
            end = match.end()
    # a possessive or trailing punctuation inside the grown token is not part of a name
    trailing = re.search(r"(?:['’]s?|[.,;:])$", text[start:end])
    if trailing and end - start > len(trailing.group(0)):
        end -= len(trailing.group(0))
    return start, end


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Index:
    """Converts between code-point offsets and UTF-16 positions for one text.

    Built once per text in O(n); each conversion is a binary search over the
    positions of astral characters (emoji, rare CJK), so plain text costs nothing.
    """

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]  # a C-speed scan
        self._length = len(text)

    @property
    def identity(self) -> bool:
        """No astral characters: code-point offsets and UTF-16 positions are the same."""
        return not self._astral

    def to_utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def from_utf16(self, position: int) -> int:
        """A UTF-16 position inside a surrogate pair maps to the character's start."""
        low, high = 0, len(self._astral)
        while low < high:  # count astral chars whose UTF-16 start lies before position
            mid = (low + high) // 2
            if self._astral[mid] + mid < position:
                low = mid + 1
            else:
                high = mid
        offset = position - low
        if low and self._astral[low - 1] + (low - 1) + 1 == position:
            offset = self._astral[low - 1]  # position fell between the two surrogates
        return min(max(offset, 0), self._length)
