"""The article as the view lays it out: long paragraphs cut into display blocks.

Qt lays a text block out as a whole, so an article without paragraph breaks (JSONL from
other tools, PDF extractions) would be one block laid out and searched in full on every
open and repaint. For display only, a space after a sentence end becomes a line break
every couple of thousand characters. The text keeps its length and every character
keeps its position (one space for one break), so code-point and UTF-16 offsets are the
stored text's; copying gives the stored text back (see ``ArticleView``).
"""

from __future__ import annotations

import re

TARGET = 1_500  # characters per display block, about a screen of text
LIMIT = 3_000  # a paragraph longer than this is cut
_SENTENCE_END = re.compile(r"[.!?。！？…\"”’)\]](?=[ \t])")
_SPACE = re.compile(r"[ \t]")


def display_text(text: str, target: int = TARGET, limit: int = LIMIT) -> str:
    """``text`` with some spaces of over-long paragraphs replaced by line breaks."""
    if len(text) <= limit:
        return text
    cuts: list[int] = []
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        cuts += _cuts(text, start, end, target, limit)
        start = end + 1
    if not cuts:
        return text
    chars = list(text)
    for at in cuts:
        chars[at] = "\n"
    return "".join(chars)


def _cuts(text: str, start: int, end: int, target: int, limit: int) -> list[int]:
    """Positions of the spaces to break at inside the paragraph ``text[start:end]``."""
    cuts = []
    block = start
    while end - block > limit:
        window_end = min(end, block + limit)
        sentence = _SENTENCE_END.search(text, block + target, window_end)
        if sentence is not None:
            at = sentence.end()
        else:
            space = _SPACE.search(text, block + target, window_end)
            if space is None:  # no space at all (unspaced CJK): try the next stretch
                block = window_end
                continue
            at = space.start()
        cuts.append(at)
        block = at + 1
    return cuts
