"""A saved news page as plain text (title, optional standfirst, body, site chrome) → Document.

The body is found first (the first line of running prose that is not a caption or page
chrome); the header is read backwards from it: bylines, date stamps, captions, then the
headline.  Lines above the headline are navigation; an "X logo" line or a lone short line
at the top names the outlet.  A prose paragraph right after the headline that is followed
by captions/bylines/date stamps is the standfirst.
"""

from __future__ import annotations

import re

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest import lines as shape
from jkannotate.ingest.boilerplate import caption_flags, clean_body
from jkannotate.ingest.dates import parse_date
from jkannotate.ingest.titles import derive_title

_LOGO = re.compile(r"^(?P<name>.{2,60}?)\s+logo$", re.I)
_SOURCE = re.compile(r"^source\s*:\s*(?P<name>.+?)\s*$", re.I)
_BODY_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{1,30}?)(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
    r"\((?P<agency>[^)]{1,40})\)\s*(?:--|—|–|-)"
)
_HEADER = {"caption", "date", "byline", "agency", "blank"}
_SKIPPED_ABOVE_BODY = _HEADER | {"junk"}


def _kind(line: str, is_caption: bool) -> str:
    if not line.strip():
        return "blank"
    if is_caption and not shape.agency_line(line):
        return "caption"
    if shape.date_line(line):
        return "date"
    if shape.is_hard_junk(line):
        return "junk"
    if shape.BYLINE.match(line) and len(shape.words(line)) <= 10 and not shape.ends_sentence(line):
        return "byline"
    if shape.agency_line(line):
        return "agency"
    if shape.BYLINE_IN.match(line.strip()):
        return "byline"
    if shape.is_prose(line):
        return "prose"
    return "menu" if shape.is_menu(line) else "other"


def _is_headline(line: str, kind: str) -> bool:
    """A headline-shaped line; a row of capitalised menu words needs a comma or a verb-ish
    lowercase word to count (menus are lists of nouns)."""
    text = line.strip()
    tokens = shape.words(text)
    if kind not in ("other", "menu") or not 3 <= len(tokens) <= 30:
        return False
    if shape.is_bullet(line) or text.endswith(".") or " | " in text or text.isupper():
        return False
    return kind == "other" or "," in text or any(not token[0].isupper() for token in tokens)


def _name(raw: str) -> str:
    """ "ASSOCIATED PRESS" → "Associated Press"; short acronyms and mixed case stay."""
    raw = raw.strip(" ,;|-–—")
    if raw.isupper() and len(raw) > 4:
        return " ".join(w if len(w) <= 3 else w.capitalize() for w in raw.split())
    return raw


class _Header:
    """Metadata collected from header lines (and from trailing chrome as a fallback)."""

    def __init__(self) -> None:
        self.published: str | None = None
        self.byline: str | None = None
        self.dateline: str | None = None
        self.captions: list[str] = []

    def read(self, line: str, kind: str) -> None:
        text = shape.strip_bullet(line)
        if kind == "caption":
            if text not in self.captions:
                self.captions.append(text)
        elif kind == "date":
            found = shape.date_line(line)
            assert found is not None
            iso, rest = found
            self.published = self.published or iso
            byline = shape.BYLINE.match(rest)
            if byline:
                self.byline = self.byline or _name(byline.group("name"))
            elif rest and rest.isupper() and not self.dateline:
                self.dateline = _name(rest)
        elif kind == "byline":
            match = shape.BYLINE.match(text)
            if match:
                self.byline = self.byline or _name(match.group("name"))
            elif placed := shape.BYLINE_IN.match(text):
                self.byline = self.byline or placed.group("name")
                self.dateline = self.dateline or placed.group("place")
        elif kind == "agency":
            agency = shape.agency_line(line)
            assert agency is not None
            self.byline = self.byline or agency[0]
            self.dateline = self.dateline or agency[1]


def _outlet_above(page: list[str], top: int) -> str | None:
    above = [shape.strip_bullet(line) for line in page[:top] if line.strip()]
    for line in above:
        logo = _LOGO.match(line)
        if logo:
            return logo.group("name").strip()
    first = above[0] if above else ""
    if first and len(shape.words(first)) <= 4 and not shape.ends_sentence(first):
        if not (shape.is_hard_junk(first) or shape.is_soft_junk(first) or shape.date_line(first)):
            return first
    return None


def _outlet_from_tail(tail: list[str]) -> str | None:
    for line in tail:
        source = _SOURCE.match(line)
        if source:
            name = re.split(r"\s+and\s+|\s*[,/;&]\s*", source.group("name"))[0]
            return name.strip(" .") or None
    return None


def parse_text_page(text: str, path: str | None = None) -> Document:
    """Turn a saved page's text into a Document with a clean body and metadata."""
    page = [line.rstrip() for line in text.split("\n")]
    captions = caption_flags(page)
    kinds = [_kind(line, captions[i]) for i, line in enumerate(page)]
    first_prose = next((i for i, kind in enumerate(kinds) if kind == "prose"), None)
    if first_prose is None:
        raise InputError("no article text found (no paragraph of running prose)", path)

    header = _Header()
    title_at: int | None = None
    deck: str | None = None
    for index in range(first_prose - 1, -1, -1):
        if kinds[index] in _SKIPPED_ABOVE_BODY:
            continue
        if _is_headline(page[index], kinds[index]):
            title_at = index
            # Two headline lines in a row: the headline and its deck (a one-line standfirst).
            if index > 0 and _is_headline(page[index - 1], kinds[index - 1]):
                deck, title_at = page[index].strip(), index - 1
        break

    body_at, standfirst = first_prose, None
    if title_at is not None:
        block_end = first_prose
        while block_end < len(page) and kinds[block_end] == "prose":
            block_end += 1
        after = block_end
        while after < len(page) and kinds[after] in _HEADER:
            after += 1
        header_lines = [k for k in kinds[block_end:after] if k != "blank"]
        between = {kinds[i] for i in range(title_at + 1, first_prose)}
        if (
            deck is None
            and header_lines
            and not between & {"date", "byline", "agency"}  # a standfirst sits under the title
            and not _BODY_DATELINE.match(page[first_prose])  # "SEOUL (Yonhap) --" starts a body
            and after < len(page)
            and kinds[after] == "prose"
        ):
            standfirst = "\n".join(page[first_prose:block_end]).strip()
            body_at = after
        for index in range(title_at + 1, body_at):
            header.read(page[index], kinds[index])
    top = title_at if title_at is not None else first_prose
    for index in range(top, first_prose):
        if title_at is None:
            header.read(page[index], kinds[index])

    body = clean_body(page, body_at, captions)
    body_text = body.text
    if not body_text:
        raise InputError("no article text found after removing page chrome", path)
    meta: dict[str, object] = {"captions": header.captions + [
        c for c in body.captions if c not in header.captions]}
    if standfirst or deck:
        meta["standfirst"] = standfirst or deck
    dateline = _BODY_DATELINE.match(body_text)
    if dateline:
        header.dateline = header.dateline or dateline.group("place").strip()
        agency = re.fullmatch(shape.AGENCIES, dateline.group("agency").strip(), re.I)
        header.byline = header.byline or (agency.group(0) if agency else None)
    if header.dateline:
        meta["dateline"] = header.dateline
    if title_at is not None:
        title = page[title_at].strip()
    else:
        title = derive_title(body_text)
        meta["title_derived"] = True
    published = header.published or next(
        (parse_date(line) for line in body.tail if parse_date(line)), None)
    meta["boilerplate_lines"] = body.dropped + sum(1 for line in page[:body_at] if line.strip())
    return Document(
        text=body_text,
        title=title,
        outlet=_outlet_above(page, top) or _outlet_from_tail(body.tail),
        published=published,
        byline=header.byline,
        meta=meta,
    )
