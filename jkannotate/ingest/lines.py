"""What one line of a saved news page is: prose, caption, menu, page chrome, byline, date.

These are general shapes of news pages, not strings of particular sites: photo credits in
brackets, runs of short capitalised menu entries, subscription and comment forms, share
buttons, syndication notes, agency sign-offs.
"""

from __future__ import annotations

import functools
import re

from jkannotate.ingest.dates import find_date

BULLET = re.compile(r"^\s*[•·▪●►▸»◦‣*+-]\s*")
BYLINE = re.compile(
    r"^\s*(?:[•·▪●►▸»◦‣*+-]\s*)?(?:by|written by|reporter:?|reported by)\s+(?P<name>\S.*)$", re.I)
BYLINE_LABEL = re.compile(r"^\s*(?:by|written by|reporter|reported by)\s*:?\s*$", re.I)
_NAME = r"[A-Z][\w'’]+(?:[ -][A-Z][\w'’]+){1,3}"
# Guardian style: "Justin McCurry in Tokyo", "Jane Doe and John Roe in Seoul".
BYLINE_IN = re.compile(rf"^(?P<name>{_NAME}(?: and {_NAME})?) in (?P<place>[A-Z][\w -]{{2,30}})$")
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
# Japanese and Chinese have no spaces: every two characters count as a word.
_CJK_WORD = re.compile(rf"[{_CJK}]{{1,2}}|[^\W{_CJK}](?:[^\W{_CJK}]|['’.-])*")
_HAS_CJK = re.compile(f"[{_CJK}]")
_WORD = re.compile(r"\w[\w'’.-]*")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]]*\s*$")

AGENCIES = (
    "Associated Press|AP|AFP|Agence France-Presse|Reuters|Kyodo(?: News)?|Yonhap(?: News Agency)?"
    "|Jiji(?: Press)?|Xinhua|Bloomberg|PTI|IANS|ANI|EFE|dpa|Anadolu(?: Agency)?|Newsis|News1"
)
_AGENCY_ONLY = re.compile(rf"^(?:by\s+)?(?P<agency>{AGENCIES})$", re.I)
_AGENCY_DATELINE = re.compile(
    rf"^(?P<agency>{AGENCIES})\s*[|,/–—-]?\s*(?P<place>[A-Z][\w .'()-]{{1,40}})$"
)

# Photo credits: "(AP Photo)", "[File: X/Pool via Reuters]", "(Photo: AP)", "(Yonhap)".
_CREDIT_WORDS = re.compile(
    r"\b(?:photos?|pool|file|via|getty|images?|courtesy|credit|handout|shutterstock"
    r"|yonhap|kyodo|reuters|xinhua|jiji|bloomberg|nurphoto|newsis|news1|anadolu|efe|afp|epa"
    r"|ap|aa|yna)\b",
    re.I,
)
_TRAILING_BRACKET = re.compile(r"[(\[]([^()\[\]]{1,120})[)\]]\s*\.?$")
_CREDIT_NAMES = (
    r"(?:Getty Images|Reuters|REUTERS|AFP|AP|EPA|Yonhap|YONHAP|Kyodo|KYODO|Jiji|JIJI|Bloomberg"
    r"|Xinhua|Pool|POOL|NurPhoto|Shutterstock|Newsis|News1|EPA-EFE|Anadolu)"
)
# "… on Thursday. (Ministry of Foreign Affairs)": a source in brackets after a full sentence.
_SOURCE_AFTER_SENTENCE = re.compile(r"[.!?][\"”’]?\s*\([A-Z][^().!?]{1,60}\)\s*$")
# Japan Times/Reuters style: "… in 2018. | KYODO", "… 2023. REUTERS/Kim Hong-Ji/File Photo".
_PIPE_CREDIT = re.compile(r"[.!?)\]][\"”’]?\s\|\s*([^|]{1,80})$")
_SLASH_CREDIT = re.compile(
    rf"\b{_CREDIT_NAMES}/[\w .'’-]+(?:/[\w .'’-]+)*$|\bFile Photo$|/{_CREDIT_NAMES}$")
# Guardian style: "… in Tokyo. Photograph: Kiyoshi Ota/AP".
_CREDIT_LABEL = re.compile(
    r"\b(?:Photograph|Photo|Image|Picture|Illustration|Credit)s?\s*:\s*[^.:]{1,80}$")
# Korean-press style: "… on Monday. Courtesy of Seoul City", "… Saturday. Yonhap",
# "… in Seoul. Korea Times photo by Shim Hyun-chul", "… 2022. [YONHAP]".
_TRAILING_CREDIT = re.compile(
    rf"[.!?][\"”’]?\s+(?:(?:Courtesy|Provided|Photo courtesy) (?:of|by) [A-Z][\w .'’&-]{{1,60}}"
    rf"|[\w .'’-]{{0,40}}\bphoto by [A-Z][\w .'’-]{{1,40}}|{_CREDIT_NAMES}(?: [Pp]hoto)?)$"
)
# "Yomiuri Shimbun file photo", "Yonhap photo", "Screenshot from YouTube"
_SHORT_CREDIT = re.compile(
    r"^(?:[\w.'’-]+ ){0,4}(?:file )?(?:photo|screenshot|image)(?: \w+){0,3}$", re.I)
_PHOTO_PREFIX = re.compile(r"^(?:photo|image|picture|file photo|pictured)\b\s*(?:by\b|:|-)", re.I)
_STANDALONE_CREDIT = re.compile(
    r"^(?:photo(?:graph)?(?: by)?[:\s]+)?[\w .'’-]{0,40}(?:/[\w .'’-]+)*\s*(?:via\s+)?"
    r"(?:Getty Images|Reuters|AFP|AP|EPA|Yonhap|Kyodo|Jiji|Bloomberg|Xinhua|Pool|NurPhoto"
    r"|Shutterstock|Newsis|News1)$"
)

# Hard page chrome, in three parts for speed: plain substrings of the lower-cased line,
# patterns anchored at the start of the line, and a few patterns searched anywhere.
_JUNK_SUBSTRINGS = (
    "newsletter", "subscrib", "privacy policy", "terms of use", "terms of service",
    "recaptcha", "all rights reserved", "©", "leave a reply", "leave a comment",
    "post a comment", "email address will not be published", "required fields are marked",
    "login to comment", "log in to comment", "shortlink", "link copied", "copy link",
    "follow us on", "skip to main content", "skip to content", "skip to navigation",
    "scroll to continue", "story continues below", "to a friend", "print this article",
    "email this article",
)
# A call to follow the outlet somewhere else: a platform named next to an imperative.
_PLATFORM_CALL = re.compile(
    r"\b(?:follow|join|get|subscribe|download|like|add)\b.{0,60}\b(?:telegram|whatsapp|facebook"
    r"|twitter|instagram|youtube|linkedin|kakaotalk|google news|apple news|app|channel)\b",
    re.I,
)
# An editor's note about the story itself: "(This story was …)", "(The headline of this report …)".
_STORY_NOTE = re.compile(
    r"^\((?=[^)]*\b(?:this|the)\s+(?:story|article|report|content|copy|headline)\b).+\)\.?$",
    re.I,
)
_JUNK_START = re.compile(
    r"(?:share(?: this| on| article)?\b|tweet$|print$|\d+\s+comments?$"
    r"|(?:keywords|tags|topics|related (?:articles?|news|stories|topics))\s*:?"
    r"|(?:read more|also read|read also|see also|related|recommended|most (?:read|popular|viewed)"
    r"|trending(?: now)?|you may also like|more (?:from|stories|news|on this)|latest news"
    r"|explore(?: news| more)?|editor'?s picks|top stories)\b"
    r"|source\s*:|(?:first published|published|updated|last updated|posted|date)\s*[:：]"
    r"|\(?(?:reporting|writing|editing|additional reporting|compiled) by\b|\(end\)$"
    r"|advertisement$|advertising$|sponsored\b|no image$)",
    re.I,
)
_JUNK_ANYWHERE = re.compile(
    r"sign(?:ing)? up\b|cookies?\b|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}"
    r"|\bcomments?\s*\(\d+\)|photo ?gallery$|\blogo$"
    r"|join our (?:\w+ )?(?:channel|community|newsletter|mailing list)",
    re.I,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.I)
_SOFT_JUNK = re.compile(
    r"journalism|support (?:us|our)|help us|keep up to date|stay (?:informed|up to date|updated)"
    r"|don'?t miss|never miss|get the latest|become a (?:member|subscriber)|donate|inbox",
    re.I,
)
_LABEL = (r"(?:first |last )?(?:published|updated|modified|posted|written|write|update|date"
          r"|edited|input|입력|수정)(?:\s+(?:on|at))?\s*[:：]?")
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?"
    r"|\s*[A-Z]{2,4}\b)?|\b\d{1,2}\s*[ap]\.?m\.?\b|\b(?:GMT|UTC)(?:[+-]\d{1,2})?",
    re.I,
)


def strip_bullet(line: str) -> str:
    return BULLET.sub("", line, count=1).strip()


@functools.lru_cache(maxsize=8192)
def words(line: str) -> list[str]:
    """Word tokens; in Japanese/Chinese runs every two characters count as one word."""
    if _HAS_CJK.search(line):
        return _CJK_WORD.findall(line)
    return _WORD.findall(line)


def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line)) and not line.lstrip().startswith(("--", "- -"))


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


@functools.lru_cache(maxsize=4096)
def is_prose(line: str) -> bool:
    """A sentence of running text: long enough, ends like a sentence or reads like one."""
    tokens = words(line)
    if is_bullet(line) and len(tokens) < 20:
        return False
    if len(tokens) >= 8 and ends_sentence(line):
        return True
    lower = sum(1 for token in tokens if not token[0].isupper())
    return len(tokens) >= 20 and lower / len(tokens) >= 0.3


@functools.lru_cache(maxsize=4096)
def is_menu(line: str) -> bool:
    """A navigation entry or a row of them: bullets, or short runs of capitalised words."""
    text = strip_bullet(line)
    tokens = words(text)
    if not tokens or ends_sentence(text):
        return is_bullet(line) and len(tokens) <= 6
    if is_bullet(line) and len(tokens) <= 8:
        return True
    capitalised = sum(1 for token in tokens if token[0].isupper() or token[0].isdigit())
    return len(tokens) <= 4 or (capitalised / len(tokens) >= 0.8 and "," not in text)


@functools.lru_cache(maxsize=4096)
def is_caption(line: str) -> bool:
    """A photo caption or credit line."""
    text = strip_bullet(line)
    if not text or len(words(text)) > 90:
        return False
    if _PHOTO_PREFIX.match(text):
        return True
    tail = text[-200:]  # credits sit at the end: only look there
    if tail.endswith((")", "]", ").", "].")):
        bracket = _TRAILING_BRACKET.search(tail)
        if bracket and _CREDIT_WORDS.search(bracket.group(1)):
            return True
        if _SOURCE_AFTER_SENTENCE.search(tail):
            return True
    if ("/" in tail or tail.endswith("File Photo")) and _SLASH_CREDIT.search(tail):
        return True
    if ":" in tail and _CREDIT_LABEL.search(tail):
        return True
    if "|" in tail:
        pipe = _PIPE_CREDIT.search(tail)
        if pipe and _CREDIT_WORDS.search(pipe.group(1)):
            return True
    if _TRAILING_CREDIT.search(tail):
        return True
    return len(words(text)) <= 8 and bool(
        _STANDALONE_CREDIT.match(text) or is_credit(text))


def is_credit(line: str) -> bool:
    """A short line that only credits a picture: "AP Photo/Lee Jin-man", "Yonhap file photo"."""
    text = strip_bullet(line)
    if len(words(text)) > 8 or ends_sentence(text):
        return False
    return bool(_STANDALONE_CREDIT.match(text) or _SHORT_CREDIT.match(text)
                or (("/" in text) and _SLASH_CREDIT.search(text))
                or re.match(rf"^{_CREDIT_NAMES}(?: [Pp]hoto)?/", text))


@functools.lru_cache(maxsize=4096)
def is_hard_junk(line: str) -> bool:
    """Page chrome that is never article text (forms, share buttons, legal lines)."""
    text = strip_bullet(line)
    if not text or len(words(text)) > 45:
        return False
    lowered = text.lower()
    return (
        any(part in lowered for part in _JUNK_SUBSTRINGS)
        or bool(_JUNK_START.match(text))
        or bool(_JUNK_ANYWHERE.search(text))
        or ("@" in text and bool(_EMAIL.search(text)))
        or bool(_PLATFORM_CALL.search(text) and len(words(text)) <= 20)
        or bool(_STORY_NOTE.match(text))
        or not any(ch.isalpha() for ch in text)  # numbers and symbols only: counters, ids
    )


@functools.lru_cache(maxsize=4096)
def is_soft_junk(line: str) -> bool:
    """Promotional prose that is junk only next to other page chrome."""
    text = strip_bullet(line)
    return len(words(text)) <= 30 and bool(_SOFT_JUNK.search(text))


@functools.lru_cache(maxsize=4096)
def agency_line(line: str) -> tuple[str, str | None] | None:
    """``("AP", "Seoul (South Korea)")`` for a line naming only a news agency and a place."""
    text = strip_bullet(line)
    match = _AGENCY_ONLY.match(text)
    if match:
        return match.group("agency"), None
    match = _AGENCY_DATELINE.match(text)
    if match and len(words(text)) <= 6 and not ends_sentence(text):
        return match.group("agency"), match.group("place").strip()
    return None


@functools.lru_cache(maxsize=4096)
def date_line(line: str) -> tuple[str, str] | None:
    """``(iso_date, rest)`` when the line is mostly a date/time stamp (few other words)."""
    text = strip_bullet(line)
    if len(words(text)) > 14 or (ends_sentence(text) and not re.search(r"\d\s*$", text)):
        return None
    found = find_date(text)
    if not found:
        return None
    iso, match = found
    rest = text[: match.start()] + " " + text[match.end():]
    while (other := find_date(rest)) is not None:  # "Published … Updated …": every stamp
        rest = rest[: other[1].start()] + " " + rest[other[1].end():]
    rest = _TIME.sub(" ", rest)
    rest = re.sub(_LABEL, " ", rest, flags=re.I)
    rest = re.sub(r"[|,–—-]+", " ", rest).strip()
    return (iso, rest) if len(words(rest)) <= 4 else None

