"""An HTML news page → Document, with trafilatura doing the main-content extraction.

trafilatura finds the article and its metadata (title, date, author, site name, canonical
URL); the extracted text then goes through the same page understanding as text captures,
because bylines, date stamps, decks, captions and promotional lines written as ordinary
paragraphs survive extraction.
"""

from __future__ import annotations

from typing import Any

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest import lines as shape
from jkannotate.ingest.dates import parse_date
from jkannotate.ingest.outlets import known_outlet
from jkannotate.ingest.textpage import parse_text_page


def _figure_captions(html: str) -> list[str]:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    found: list[str] = []
    for node in tree.iter("figcaption"):
        text = " ".join(node.text_content().split())
        if text and text not in found:
            found.append(text)
    return found


def _site_suffix_removed(title: str, site: str | None) -> str:
    """ "Headline | Site" and "Headline - Site" → "Headline" when the suffix is the site."""
    for separator in (" | ", " - ", " – ", " — "):
        head, _, tail = title.rpartition(separator)
        if head and tail and (known_outlet(tail) or (site and tail.strip() == site.strip())):
            return head.strip()
    return title


def parse_html_page(html: str, path: str | None = None) -> Document:
    """Extract the article of an HTML page; raise :class:`InputError` when there is none.

    trafilatura finds the main text and the page's metadata; the text, headed by the
    metadata title, then goes through the same page understanding as a text capture
    (bylines, date stamps, decks and captions written as paragraphs leave the body).
    The page's own metadata wins where it has a field.
    """
    import trafilatura  # slow to import (dateparser, justext): only when HTML is read

    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    if result is None:
        extracted: dict[str, Any] = {}
    else:
        extracted = result if isinstance(result, dict) else result.as_dict()
    if not (extracted.get("text") or "").strip():
        raise InputError("no article text found in the HTML page", path)
    site = extracted.get("sitename") or None
    title = _site_suffix_removed((extracted.get("title") or "").strip(), site)
    page = extracted["text"].split("\n")
    while page and (not page[0].strip() or (title and page[0].strip() == title)):
        page.pop(0)
    if not any(shape.is_prose(line) for line in page):
        raise InputError("no article text found in the HTML page (no paragraph of prose)", path)
    try:
        document = parse_text_page((title + "\n\n" if title else "") + "\n".join(page), path)
    except InputError as error:
        raise InputError("no article text found in the HTML page (no paragraph of prose)",
                         path) from error
    meta = document.meta
    captions = list(meta.get("captions") or [])  # type: ignore[call-overload]
    captions += [c for c in _figure_captions(html) if c not in captions]
    meta["captions"] = captions
    if title:
        document.title = title
        meta.pop("title_derived", None)
    if extracted.get("description") and "standfirst" not in meta:
        meta["standfirst"] = extracted["description"]
    if extracted.get("hostname"):
        meta["hostname"] = extracted["hostname"]
    document.outlet = known_outlet(site) or document.outlet or site
    document.url = extracted.get("url") or None
    document.published = parse_date(extracted.get("date")) or document.published
    document.byline = extracted.get("author") or document.byline
    return document
