"""A saved news page as plain text (headline, deck, byline, dates, body, site chrome) → Document.

Page understanding by structure, not by strings of particular sites:

1. Hard-wrapped captures are unwrapped into paragraphs (:mod:`jkannotate.ingest.unwrap`).
2. Every line gets a kind from its shape (:func:`_kind`): blank, caption, date stamp,
   chrome ("junk"), byline, agency, outlet name, lone dateline, prose, menu or other.
3. The body starts at the first run of running prose; a lone prose paragraph above a
   headline-shaped line (a cookie notice, a promotion) is chrome, not the article.
4. The headline is the strongest headline-shaped line above the body: short, not a
   sentence, not a time stamp, link text, editor's note or bullet; a line the page repeats
   scores higher, and nearer lines beat farther ones. A headline-shaped line right under it
   is its deck.
5. A prose paragraph between the headline and the body that the next paragraph repeats, or
   that header lines (bylines, date stamps, captions) separate from the body, is the deck.
6. Metadata comes from the header lines: the earliest date stamp, the byline (without
   "By"), the outlet (the agency of the dateline or byline, an outlet's name in the header,
   a headline suffix "| AP News", then a known outlet named in the page chrome).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest import lines as shape
from jkannotate.ingest.boilerplate import caption_flags, clean_body
from jkannotate.ingest.datelines import read_dateline
from jkannotate.ingest.dates import find_dates, parse_date
from jkannotate.ingest.outlets import agency_in, known_outlet, outlet_line, outlets_named_in
from jkannotate.ingest.titles import derive_title
from jkannotate.ingest.unwrap import unwrap

_LOGO = re.compile(r"^(?P<name>.{2,60}?)\s+logo$", re.I)
_SOURCE = re.compile(r"^source\s*:\s*(?P<name>.+?)\s*$", re.I)
_LONE_DATELINE = re.compile(r"^[A-Z][A-Z.'’/ -]{2,30}$")
_EDITOR_NOTE = re.compile(r"^[(\[].*[)\]]$")
_SUFFIX = re.compile(r"^(?P<head>.{12,}?)\s+[|]\s+(?P<site>[^|]{2,40})$")
_EMAIL_IN = re.compile(r"\s*[(\[<]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[)\]>]?")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_END_MARK = re.compile(r"^\(?end\)?$|^\[?copyright\b|^©", re.I)
_HEADER = {"caption", "date", "byline", "agency", "blank", "outlet", "dateline"}
_SKIPPED_ABOVE_BODY = _HEADER | {"junk"}
MAX_HEADLINE_WORDS = 30


def _kind(line: str, is_caption: bool) -> str:
    text = line.strip()
    if not text:
        return "blank"
    if is_caption and not shape.agency_line(line):
        return "caption"
    if shape.date_line(line):
        return "date"
    if shape.BYLINE_LABEL.match(text):
        return "byline"
    if outlet_line(text) and not shape.ends_sentence(text):
        return "agency" if shape.agency_line(line) else "outlet"
    if shape.BYLINE.match(line) and len(shape.words(line)) <= 12 and (
            not shape.ends_sentence(line) or _EMAIL_IN.search(line)):
        return "byline"  # "By Kim Arin (arin@example.com)" too
    if shape.is_hard_junk(line):
        return "junk"
    if shape.agency_line(line):
        return "agency"
    if shape.BYLINE_IN.match(text):
        return "byline"
    if _LONE_DATELINE.match(text) and len(shape.words(text)) <= 3:
        return "dateline"
    if shape.is_prose(line):
        return "prose"
    return "menu" if shape.is_menu(line) else "other"


def _stands_alone(line: str) -> bool:
    """Lines an unwrapped paragraph never swallows: bylines, date stamps, chrome, bullets."""
    return bool(shape.BYLINE.match(line) or shape.date_line(line) or shape.is_hard_junk(line)
                or shape.is_bullet(line) or outlet_line(line))


def _headline_text(line: str) -> str:
    """The line without a site suffix ("… | AP News")."""
    text = " ".join(line.split())
    suffix = _SUFFIX.match(text)
    if suffix and len(shape.words(suffix.group("site"))) <= 4:
        return suffix.group("head")
    return text


def _headline_shaped(line: str, kind: str) -> bool:
    """A headline-shaped line: a short title- or sentence-case line that is no sentence of
    running text, no bullet, no editor's note in brackets and no row of menu entries."""
    if kind not in ("other", "menu"):
        return False
    text = _headline_text(line)
    tokens = shape.words(text)
    if not 3 <= len(tokens) <= MAX_HEADLINE_WORDS or shape.is_bullet(line):
        return False
    if text.endswith(".") or " | " in text or text.isupper() or _EDITOR_NOTE.match(text):
        return False
    if "#" in text or text.endswith(":") or find_dates(text) or _CLOCK.search(text):
        return False  # a time stamp is never a headline
    if kind == "other" or any(not t[0].isupper() for t in tokens):
        return True
    # a row of capitalised menu entries has no clause punctuation, possessives or length
    return bool(re.search(r"[,;:?]|['’]s\b", text)) or len(tokens) >= 10


@dataclass
class _Layout:
    """Where the parts of a page are (indexes into its lines)."""

    body_at: int
    title_at: int | None = None
    deck: list[str] = field(default_factory=list)


def _paragraph_end(page: list[str], kinds: list[str], start: int) -> int:
    end = start
    while end < len(page) and kinds[end] == "prose":
        end += 1
    return end


def _next_prose(kinds: list[str], start: int, allowed: set[str]) -> int | None:
    for index in range(start, len(kinds)):
        if kinds[index] == "prose":
            return index
        if kinds[index] not in allowed:
            return None
    return None


def _body_start(page: list[str], kinds: list[str]) -> int | None:
    """The first line of running prose that is not a lone paragraph of chrome above the
    headline (a cookie notice, a promotion)."""
    prose = [i for i, kind in enumerate(kinds) if kind == "prose"]
    for index in prose:
        end = _paragraph_end(page, kinds, index)
        following = next((i for i in prose if i >= end), None)
        if following is None:
            return index
        between = range(end, following)
        if any(_headline_shaped(page[i], kinds[i]) for i in between) and any(
                kinds[i] in ("byline", "date", "agency", "outlet", "dateline") for i in between):
            continue  # a headline and its header lie between: this paragraph is above them
        return index
    return prose[0] if prose else None


def _repeated(page: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in page:
        if line.strip():
            key = _headline_text(line).lower()
            counts[key] = counts.get(key, 0) + 1
    return counts


def _find_headline(page: list[str], kinds: list[str], body_at: int) -> _Layout:
    layout = _Layout(body_at=body_at)
    counts = _repeated(page)
    candidates = [i for i in range(body_at) if _headline_shaped(page[i], kinds[i])]
    if not candidates:
        return layout
    best, best_score = None, float("-inf")
    for rank, index in enumerate(reversed(candidates)):
        text = _headline_text(page[index])
        tokens = shape.words(text)
        score = -0.75 * rank  # nearer the body is better
        score += 2.0 if counts.get(text.lower(), 0) > 1 else 0.0
        score += 1.0 if 5 <= len(tokens) <= 25 else 0.0
        score -= 1.5 if shape.is_menu(page[index]) and len(tokens) <= 4 else 0.0
        if score > best_score:
            best, best_score = index, score
    assert best is not None
    # The headline sits above its deck: a different headline-shaped line of four words or
    # more directly above the best one (only blanks and captions between) is the headline.
    above = best - 1
    while above >= 0 and kinds[above] in ("blank", "caption"):
        above -= 1
    if (above >= 0 and counts.get(_headline_text(page[best]).lower(), 0) == 1
            and _headline_shaped(page[above], kinds[above])
            and len(shape.words(_headline_text(page[above]))) >= 4):
        layout.title_at = above
        layout.deck.append(page[best].strip())
        return layout
    layout.title_at = best
    # A different headline-shaped line right under the headline (blank lines between) is
    # its deck; the same line repeated is the headline again.
    after = best + 1
    while after < body_at and kinds[after] == "blank":
        after += 1
    if (after < body_at and _headline_shaped(page[after], kinds[after])
            and _headline_text(page[after]).lower() != _headline_text(page[best]).lower()):
        layout.deck.append(page[after].strip())
    return layout


def _overlap(short: str, long: str) -> float:
    small = [w.lower() for w in shape.words(short)]
    big = {w.lower() for w in shape.words(long)}
    return sum(1 for w in small if w in big) / len(small) if small else 0.0


def _find_deck(page: list[str], kinds: list[str], layout: _Layout) -> None:
    """Move the body start past a prose deck under the headline."""
    if layout.title_at is None:
        return
    start = layout.body_at
    between = {kinds[i] for i in range(layout.title_at + 1, start)}
    if between & {"date", "byline", "agency", "outlet"}:
        return  # a deck sits right under the headline, above the bylines
    end = _paragraph_end(page, kinds, start)
    lead = " ".join(page[start:end])
    if read_dateline(page[start].strip()):
        return  # "SEOUL (Yonhap) --" starts a story
    # a captured paragraph is one line: the first line repeated by the next paragraph
    following = _next_prose(kinds, start + 1, {"blank", "junk", "other", "menu", "caption"})
    if following is not None and _overlap(page[start], page[following]) >= 0.8:
        layout.deck.append(page[start].strip())
        layout.body_at = following
        return
    header_end = end
    while header_end < len(page) and kinds[header_end] in _HEADER:
        header_end += 1
    header = [kinds[i] for i in range(end, header_end) if kinds[i] != "blank"]
    single = end - start == 1 and len(shape.words(lead)) <= 60  # a deck is one paragraph
    if single and header and header_end < len(page) and kinds[header_end] == "prose":
        layout.deck.append(lead.strip())
        layout.body_at = header_end


@dataclass
class _Header:
    """Metadata read from header lines."""

    dates: list[str] = field(default_factory=list)
    byline: str | None = None
    dateline: str | None = None
    outlet: str | None = None
    outlet_lines: list[str] = field(default_factory=list)

    def read(self, line: str, kind: str) -> None:
        text = shape.strip_bullet(line)
        if kind == "date":
            self.dates.extend(find_dates(text))
            found = shape.date_line(line)
            rest = found[1] if found else ""
            if byline := shape.BYLINE.match(rest):
                self._set_byline(byline.group("name"))
            elif rest and rest.isupper() and not self.dateline:
                self.dateline = _name(rest)  # "TOKYO Oct 15, 2021 - 6:27 pm"
        elif kind == "byline":
            if match := shape.BYLINE.match(text):
                self._set_byline(match.group("name"))
            elif placed := shape.BYLINE_IN.match(text):
                self._set_byline(placed.group("name"))
                self.dateline = self.dateline or placed.group("place")
        elif kind == "agency":
            if agency := shape.agency_line(line):
                self._set_byline(agency[0])
                self.dateline = self.dateline or agency[1]
            elif named := outlet_line(text):
                self._set_byline(text)
                self.outlet = self.outlet or named
        elif kind == "outlet":
            self.outlet_lines.append(outlet_line(text) or text)
        elif kind == "dateline":
            self.dateline = self.dateline or text.title()

    def _set_byline(self, raw: str) -> None:
        name = _name(_EMAIL_IN.sub("", raw))
        if self.byline is None and name:
            self.byline = name
        if self.outlet is None and (agency := agency_in(name)):
            self.outlet = agency


def _name(raw: str) -> str:
    """ "KIM TONG-HYUNG" → "Kim Tong-hyung"; agency names ("AP") and mixed case stay."""
    raw = raw.strip(" ,;|-–—")
    if raw.isupper() and len(raw) > 4:
        return " ".join(w.lower() if w in ("AND", "OF") else w if known_outlet(w)
                        else w.capitalize() for w in raw.split())
    return raw


def _article_end(page: list[str], kinds: list[str], body_at: int) -> int:
    """The line after which nothing belongs to the article: an agency sign-off "(END)", a
    copyright line, a lone reporter's e-mail address after the last paragraph."""
    seen_prose = False
    for index in range(body_at, len(page)):
        text = page[index].strip()
        seen_prose = seen_prose or kinds[index] == "prose"
        if not seen_prose or not text:
            continue
        if _END_MARK.match(text) or re.fullmatch(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
            return index
    return len(page)


def _outlet(page: list[str], kinds: list[str], header: _Header, layout: _Layout,
            body_first: str, tail: list[str]) -> str | None:
    """The site's own name first (an outlet line or logo in the header), then the agency of
    the dateline or byline, a headline suffix, a "Source:" trailer, a name in the chrome."""
    if header.outlet_lines:
        return known_outlet(header.outlet_lines[0]) or header.outlet_lines[0]
    for line in page[: layout.body_at]:
        if logo := _LOGO.match(shape.strip_bullet(line)):
            return known_outlet(logo.group("name")) or logo.group("name").strip()
    if dateline := read_dateline(body_first):
        return dateline.outlet
    if header.outlet:
        return header.outlet
    if layout.title_at is not None:
        suffix = _SUFFIX.match(" ".join(page[layout.title_at].split()))
        if suffix and (named := known_outlet(suffix.group("site"))):
            return named
    for line in tail:
        if source := _SOURCE.match(line):
            name = re.split(r"\s+and\s+|\s*[,/;&]\s*", source.group("name"))[0]
            return known_outlet(name) or name.strip(" .") or None
    chrome = [page[i] for i in range(layout.body_at) if kinds[i] in ("junk", "menu", "other")]
    for line in chrome + tail:
        if named := outlets_named_in(line):
            return named[0]
    return None


def parse_text_page(text: str, path: str | None = None) -> Document:
    """Turn a saved page's text into a Document with a clean body and metadata."""
    page = unwrap([line.rstrip() for line in text.split("\n")], _stands_alone)
    captions = caption_flags(page)
    kinds = [_kind(line, captions[i]) for i, line in enumerate(page)]
    body_at = _body_start(page, kinds)
    if body_at is None:
        raise InputError("no article text found (no paragraph of running prose)", path)
    layout = _find_headline(page, kinds, body_at)
    _find_deck(page, kinds, layout)

    header = _Header()
    last = max((i for i in range(layout.body_at) if kinds[i] != "blank"), default=-1)
    for index in range(layout.body_at):
        if index == layout.title_at or kinds[index] not in _SKIPPED_ABOVE_BODY:
            continue
        if kinds[index] == "dateline" and index != last:
            continue  # a lone "TOKYO" dateline stands right above the story
        header.read(page[index], kinds[index])

    end = _article_end(page, kinds, layout.body_at)
    body = clean_body(page[:end], layout.body_at, captions[:end])
    body.tail.extend(line.strip() for line in page[end:] if line.strip())
    lines = list(body.lines)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    dateline = read_dateline(lines[first]) if first is not None else None
    if dateline and first is not None:
        lines[first] = lines[first][dateline.body_from:]
        header.dateline = header.dateline or dateline.place
        header.byline = header.byline or dateline.byline or dateline.source
    body.lines = lines
    body_text = body.text
    if not body_text:
        raise InputError("no article text found after removing page chrome", path)

    top = layout.title_at + 1 if layout.title_at is not None else layout.body_at
    captions: list[str] = []
    for caption in [page[i].strip() for i in range(top, layout.body_at)
                    if kinds[i] == "caption"] + body.captions:
        if caption not in captions:
            captions.append(caption)
    meta: dict[str, object] = {"captions": captions}
    if layout.deck:
        meta["standfirst"] = "\n".join(layout.deck)
    if header.dateline:
        meta["dateline"] = header.dateline
    if layout.title_at is not None:
        title = _headline_text(page[layout.title_at])
    else:
        title = derive_title(body_text)
        meta["title_derived"] = True
    published = min(header.dates) if header.dates else next(
        (parse_date(line) for line in body.tail if parse_date(line)), None)
    meta["boilerplate_lines"] = body.dropped + sum(
        1 for line in page[: layout.body_at] if line.strip())
    first_line = body_text.split("\n", 1)[0]
    return Document(
        text=body_text,
        title=title,
        outlet=_outlet(page, kinds, header, layout, first_line, body.tail),
        published=published,
        byline=header.byline,
        meta=meta,
    )
