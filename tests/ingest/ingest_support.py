"""Paths and helpers shared by the ingest tests (not fixtures, so tests can import them)."""

from __future__ import annotations

from pathlib import Path

from jkannotate.core.model import Document
from jkannotate.ingest import read_articles

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
PAGES = Path(__file__).resolve().parent / "data" / "pages"

# Site chrome that must never reach the stored text of the seeds (from issue 3).
FORBIDDEN = (
    "Motorsports", "Newsletter", "Leave a Reply", "Telegram channel", "reCAPTCHA",
    "By subscribing", "shortlink copied", "Explore News", "Turkuvaz", "Islamophobia",
)


def read_one(path: Path) -> Document:
    """The single document of an article file."""
    documents = read_articles([path]).documents
    assert len(documents) == 1
    return documents[0]


def body(document: Document) -> str:
    """The text after the headline paragraph, which every imported text opens with."""
    head = document.title + "\n\n"
    if document.meta.get("title_derived"):
        return document.text
    assert document.text.startswith(head), "the text must open with the headline"
    return document.text[len(head):]
