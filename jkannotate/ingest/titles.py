"""Headlines: derived from the first sentence for articles that come without one, and put
in front of the annotatable text (with every offset moved) for articles that have one."""

from __future__ import annotations

import dataclasses
import re

from jkannotate.core.model import AnnotatedDocument, Document, Evidence, content_hash

MAX_TITLE_CHARS = 110
MIN_TITLE_CHARS = 40

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "prof", "inc",
    "corp", "co", "ltd", "jr", "sr", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.u", "s", "n",
}
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*(?=\s|$)|[。！？][」』”’)]*")
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{1,30}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*\([^)]{1,40}\)\s*(?:--|—|–|-)\s*"
)
_ATTRIBUTION = re.compile(
    r",\s+(?:the\s+)?[^,]{0,60}?\b(?:said|says|reported|reports|announced|according to[^,]*)"
    r"(?:\s+on\s+\w+)?\s*$"
)
_CUT_BEFORE = re.compile(r",\s|\s(?:and|that|which|who|while|after|as|but|amid|despite)\s")


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph, not fooled by "S. Korea" or "Oct. 4"."""
    paragraph = next((p.strip() for p in text.split("\n") if p.strip()), "")
    paragraph = _DATELINE.sub("", paragraph)
    for match in _SENTENCE_BREAK.finditer(paragraph):
        before = paragraph[: match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if match.group(0)[0] == "." and (last in _ABBREVIATIONS or len(last) == 1):
            continue
        return paragraph[: match.end()].strip()
    return paragraph


def derive_title(text: str) -> str:
    """A headline-sized title from the first sentence.

    The attribution tail (", the Foreign Ministry said") goes; a sentence longer than
    ``MAX_TITLE_CHARS`` is cut at the last clause boundary (comma, "and", "that"…) that
    keeps at least ``MIN_TITLE_CHARS``, else at a word boundary with an ellipsis.
    """
    sentence = first_sentence(text).rstrip()
    sentence = re.sub(r"[.!?。！？][\"'”’)]*$", "", sentence).rstrip()
    sentence = _ATTRIBUTION.sub("", sentence)
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    cuts = [m.start() for m in _CUT_BEFORE.finditer(sentence)
            if MIN_TITLE_CHARS <= m.start() <= MAX_TITLE_CHARS]
    if cuts:
        return sentence[: cuts[-1]].rstrip(" ,;:")
    head = sentence[:MAX_TITLE_CHARS]
    if " " in head[MIN_TITLE_CHARS:]:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:") + "…"


TITLE_SEPARATOR = "\n\n"


def title_opens_text(title: str, text: str) -> bool:
    """True when the text's first paragraph is the title already."""
    title = title.strip()
    if not title:
        return True
    text = text.lstrip()
    end = text.find("\n")  # the first line only: no copy of the rest
    return (text if end < 0 else text[:end]).strip() == title


def text_with_title(title: str, text: str) -> str:
    """The text with the headline as its first paragraph, unless it opens it already or
    was derived from its first sentence (another tool kept no flag)."""
    title = title.strip()
    if title_opens_text(title, text):
        return text
    # a derived title is a piece of the first paragraph (perhaps with "…"): most titles are
    # not in the text at all, and need no derivation to tell
    if title.removesuffix("…") in text and title == derive_title(text):
        return text
    return title + TITLE_SEPARATOR + text


def put_title_in_text(document: Document) -> Document:
    """Make the headline the first paragraph of the annotatable text (offsets count it).

    ``Document.title`` stays as metadata; a title derived from the first sentence is in the
    text already and is not repeated.
    """
    if document.meta.get("title_derived"):
        return document
    text = text_with_title(document.title, document.text)
    if text is not document.text:
        document.text = text
        document.hash = content_hash(text)
    return document


def put_title_in_annotated(item: AnnotatedDocument) -> AnnotatedDocument:
    """:func:`put_title_in_text` for a document that comes with annotations (another tool's
    file with a title in its metadata): every span and tag-evidence offset of every layer
    moves by the length of the headline paragraph."""
    before = len(item.document.text)
    put_title_in_text(item.document)
    shift = len(item.document.text) - before
    if not shift:
        return item
    for layer in item.layers:
        layer.spans = [dataclasses.replace(s, start=s.start + shift, end=s.end + shift)
                       for s in layer.spans]
        layer.tags = [dataclasses.replace(t, evidence=tuple(
            Evidence(e.start + shift, e.end + shift) for e in t.evidence)) for t in layer.tags]
    return item
