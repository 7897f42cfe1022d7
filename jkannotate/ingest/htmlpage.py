"""An HTML news page → Document, with trafilatura doing the main-content extraction.

trafilatura finds the article and its metadata (title, date, author, site name, canonical
URL); the extracted text then goes through the same body cleaning as text pages, because
captions and promotional lines written as ordinary paragraphs survive extraction.
"""

from __future__ import annotations

from typing import Any

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest import lines as shape
from jkannotate.ingest.boilerplate import clean_body
from jkannotate.ingest.dates import parse_date
from jkannotate.ingest.titles import derive_title


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


def parse_html_page(html: str, path: str | None = None) -> Document:
    """Extract the article of an HTML page; raise :class:`InputError` when there is none."""
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
    title = (extracted.get("title") or "").strip()
    page = extracted["text"].split("\n")
    while page and (not page[0].strip() or (title and page[0].strip() == title)):
        page.pop(0)
    body = clean_body(page)
    text = body.text
    if not any(shape.is_prose(line) for line in body.lines):
        raise InputError("no article text found in the HTML page (no paragraph of prose)", path)
    captions = list(body.captions)
    captions += [c for c in _figure_captions(html) if c not in captions]
    meta: dict[str, object] = {"captions": captions}
    if not title:
        title = derive_title(text)
        meta["title_derived"] = True
    if extracted.get("description"):
        meta["standfirst"] = extracted["description"]
    if extracted.get("hostname"):
        meta["hostname"] = extracted["hostname"]
    return Document(
        text=text,
        title=title,
        outlet=extracted.get("sitename") or None,
        url=extracted.get("url") or None,
        published=parse_date(extracted.get("date")),
        byline=extracted.get("author") or None,
        meta=meta,
    )
