"""Hard-wrapped captures (a line break every ~70 characters) back into paragraphs.

A page counts as wrapped when many of its lines end close to one width and none is much
longer. Two lines of a wrapped page join when the first word of the second line would not
have fitted on the first (the break was the wrapper's, not the author's), or when the
first line ends without sentence punctuation and the second goes on in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SENTENCE_END = re.compile(r"[.!?…。！？:][\"'”’)\]]*\s*$")
MAX_WIDTH = 110
"""Captures with longer lines are not wrapped."""


def wrap_width(page: list[str]) -> int | None:
    """The width a page was wrapped at, or None when it was not wrapped.

    The width is the one most lines end close to (within 15 characters below it), with at
    most a tenth of the lines longer (a few unwrapped lines of chrome do not hide it).
    """
    lengths = [len(line.rstrip()) for line in page if line.strip()]
    if len(lengths) < 4:
        return None
    best, best_near = None, 0
    for width in range(40, MAX_WIDTH + 1):
        longer = sum(1 for n in lengths if n > width)
        if longer > 0.1 * len(lengths):
            continue
        near = sum(1 for n in lengths if width - 15 <= n <= width)
        if near > best_near or (near == best_near and best is not None and longer == 0):
            best, best_near = width, near
    if best is None or best_near < 4 or best_near < 0.3 * len(lengths):
        return None
    return max(n for n in lengths if n <= best)


def _first_word(line: str) -> str:
    parts = line.split()
    return parts[0] if parts else ""


def _continues(line: str, after: str, width: int | None) -> bool:
    if not line.strip() or not after.strip():
        return False
    if width is not None and len(line.rstrip()) + 1 + len(_first_word(after)) > width:
        return True
    stripped = after.lstrip()
    return not _SENTENCE_END.search(line) and stripped[:1].islower()


def unwrap(page: list[str], stands_alone: Callable[[str], bool] = lambda line: False
           ) -> list[str]:
    """The page's lines with wrapped paragraphs joined (unchanged when not wrapped,
    except that a line continued in lower case after an unfinished line joins it).

    ``stands_alone`` names lines that never join or are joined (bylines, date stamps,
    page chrome).
    """
    width = wrap_width(page)
    result: list[str] = []
    previous = ""  # the last line as captured (joined lines are longer than any width)
    alone = True
    for line in page:
        line_alone = bool(line.strip()) and stands_alone(line)
        if result and not alone and not line_alone and _continues(previous, line, width):
            result[-1] = result[-1].rstrip() + " " + line.strip()
        else:
            result.append(line.rstrip())
            alone = line_alone
        previous = line
    return result
