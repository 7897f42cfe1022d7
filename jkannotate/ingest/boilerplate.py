"""Cleaning an article body: captions out, page chrome out, real paragraphs kept.

Rules work on line shapes and positions, not on site-specific strings:

* photo captions and credits (lines ending in a credit in brackets, "Photo: …" lines,
  standalone agency credits, and the short alt-text line sitting right above such a credit
  in the same block) leave the body and are kept in ``captions``;
* the *tail* of the page is cut at the first piece of hard page chrome (newsletter or
  comment forms, share buttons, "Source:" trailers, legal lines…) after which no running
  prose follows (only short lines, menus, headlines of other articles, promotional
  sentences); promotional prose right above it goes too;
* inside the body, short chrome lines and runs of three or more menu entries (related
  article lists) are dropped; single short lines (subheadings) stay.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from jkannotate.ingest import lines as shape


@dataclass(slots=True)
class CleanBody:
    """The kept body lines and what was taken out of them."""

    lines: list[str]
    captions: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    dropped: int = 0

    @property
    def text(self) -> str:
        return join_lines(self.lines)


def join_lines(kept: list[str]) -> str:
    """Lines back into text, with at most one blank line between paragraphs."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in kept)).strip()


def caption_flags(page: list[str]) -> list[bool]:
    """Which lines are captions: credit-bearing lines, the alt text directly above a credit
    in the same block (and every copy of it), a short picture description directly under a
    bare credit line, and a sentence that a page repeats on the very next line (an image's
    alt text followed by its caption)."""
    flags = [bool(line.strip()) and shape.is_caption(line) and not shape.BYLINE.match(line)
             for line in page]
    counts = Counter(line.strip() for line in page if line.strip())
    for index, flagged in enumerate(flags):
        if not flagged or shape.agency_line(page[index]):
            continue  # a bare agency name is a credit or a byline, too weak to pull text in
        above = index - 1
        if above >= 0 and not flags[above] and page[above].strip():
            block_start = above == 0 or not page[above - 1].strip()
            repeated = counts[page[above].strip()] > 1
            # alt text describes the picture in a sentence, or sits on a bare credit
            described = shape.ends_sentence(page[above]) or shape.is_credit(page[index])
            if ((block_start and described) or repeated) and _could_be_alt_text(
                    page[above], repeated):
                flags[above] = True
        below = index + 1
        if (shape.is_credit(page[index]) and below < len(page) and page[below].strip()
                and not flags[below] and _could_be_alt_text(page[below], False)
                and (below + 1 == len(page) or not page[below + 1].strip())):
            flags[below] = True
    for index in range(len(page) - 1):
        line = page[index].strip()
        if (line and line == page[index + 1].strip() and shape.ends_sentence(line)
                and len(shape.words(line)) >= 6):
            flags[index] = flags[index + 1] = True
    seen = {page[i].strip() for i, flagged in enumerate(flags) if flagged}
    return [flagged or (bool(line.strip()) and line.strip() in seen) for line, flagged in
            zip(page, flags, strict=True)]


def _could_be_alt_text(line: str, repeated: bool) -> bool:
    return (
        (len(shape.words(line)) <= 20 or repeated)
        and shape.date_line(line) is None
        and shape.agency_line(line) is None
        and not shape.BYLINE.match(line)
    )


def tail_start(page: list[str], start: int = 0) -> int:
    """Index where trailing page chrome begins (``len(page)`` when there is none)."""
    end = len(page)
    cut = end
    for index in range(end - 1, start, -1):
        line = page[index]
        if not line.strip():
            continue
        if shape.is_hard_junk(line):
            cut = index
        elif shape.is_prose(line) and not shape.is_soft_junk(line) and not shape.is_caption(line):
            break  # running text: the article (or something we must keep) goes on to here
    if cut == end:
        return _trailing_short_lines(page, start)
    # Promotional prose or menu rows directly above the first chrome line belong to it.
    index = cut - 1
    while index > start:
        line = page[index]
        if line.strip() and not (shape.is_soft_junk(line) or _is_stub(line)):
            break
        if line.strip():
            cut = index
        index -= 1
    return cut


def _is_fragment(line: str) -> bool:
    """A few lower-case words standing alone ("end of list"): screen-reader or widget text,
    never a paragraph or a subheading (those start with a capital)."""
    text = line.strip()
    return (text[:1].islower() and len(shape.words(text)) <= 5
            and not shape.ends_sentence(text) and not shape.is_bullet(line))


def _is_stub(line: str) -> bool:
    """A short line that is not a sentence: a menu entry, a label, a related headline."""
    return not shape.ends_sentence(line) and len(shape.words(line)) <= 12 and (
        shape.is_menu(line) or shape.is_bullet(line))


def _trailing_short_lines(page: list[str], start: int) -> int:
    cut = len(page)
    for index in range(len(page) - 1, start, -1):
        line = page[index]
        if not line.strip():
            continue
        if shape.ends_sentence(line) or len(shape.words(line)) > 8:
            break
        cut = index
    return cut


def clean_body(
    page: list[str], start: int = 0, captions: list[bool] | None = None
) -> CleanBody:
    """Clean ``page[start:]`` as an article body (header already taken off by the caller).

    ``captions`` are the :func:`caption_flags` of ``page`` when the caller has them already.
    """
    if captions is None:
        captions = caption_flags(page)
    cut = tail_start(page, start)
    result = CleanBody(lines=[], tail=[line for line in page[cut:] if line.strip()])
    menu_run: list[int] = []

    def flush_menu_run() -> None:
        if len(menu_run) >= 3:
            result.dropped += len(menu_run)
        else:
            result.lines.extend(page[i] for i in menu_run)
        menu_run.clear()

    for index in range(start, cut):
        line = page[index]
        if not line.strip():
            flush_menu_run()
            result.lines.append("")
            continue
        if captions[index]:
            if line.strip() not in result.captions:
                result.captions.append(line.strip())
            continue
        if (shape.is_hard_junk(line) and len(shape.words(line)) <= 20) or _is_fragment(line):
            result.dropped += 1
            result.tail.append(line.strip())
            continue
        if not shape.is_prose(line) and (shape.is_bullet(line) or shape.is_menu(line)):
            menu_run.append(index)
            continue
        flush_menu_run()
        result.lines.append(line.strip())
    flush_menu_run()
    result.dropped += sum(1 for line in page[cut:] if line.strip())
    return result
