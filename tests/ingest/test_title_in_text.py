"""The headline is the first paragraph of the annotatable text, with offsets that count it."""

from __future__ import annotations

import json
from pathlib import Path

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    Evidence,
    Layer,
    LayerKind,
    Span,
    content_hash,
)
from jkannotate.ingest import read_articles
from jkannotate.ingest.titles import put_title_in_annotated, put_title_in_text, title_opens_text

TEXT = "Yoon met Kishida in Tokyo on Thursday."


def test_jsonl_text_opens_with_the_title_and_keeps_it_as_metadata(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    rows = [{"title": "Leaders meet in Tokyo", "text": TEXT},
            {"title": "Already there", "text": "Already there\n\n" + TEXT},
            {"text": TEXT}]
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    first, second, third = read_articles([path]).documents
    assert first.text == "Leaders meet in Tokyo\n\n" + TEXT
    assert first.title == "Leaders meet in Tokyo" and first.hash == content_hash(first.text)
    assert second.text == "Already there\n\n" + TEXT  # never twice
    assert third.text == TEXT and third.meta["title_derived"]  # derived: in the text already


def test_a_title_that_only_starts_the_first_sentence_is_still_added() -> None:
    document = Document(text="Seoul and Tokyo agreed on Friday.", title="Seoul and Tokyo agree")
    assert not title_opens_text(document.title, document.text)
    assert put_title_in_text(document).text.startswith("Seoul and Tokyo agree\n\nSeoul")


def test_annotations_of_another_tool_move_with_the_title() -> None:
    start = TEXT.index("Kishida")
    layer = Layer(document_id=None, kind=LayerKind.ANNOTATOR, owner="alice",
                  spans=[Span(start, start + 7, "PERSON")],
                  tags=[DocTag("SUMMIT", evidence=(Evidence(0, 4),))])
    item = put_title_in_annotated(
        AnnotatedDocument(Document(text=TEXT, title="Leaders meet"), [layer]))
    text = item.document.text
    (span,) = item.layers[0].spans
    assert text[span.start:span.end] == "Kishida"
    (evidence,) = item.layers[0].tags[0].evidence
    assert text[evidence.start:evidence.end] == "Yoon"
    again = put_title_in_annotated(item)  # a second pass changes nothing
    assert again.layers[0].spans[0] == span


def test_a_title_derived_from_the_first_sentence_is_not_added_even_without_its_flag() -> None:
    text = "Seoul and Tokyo agreed on Friday to resume talks. More followed."
    document = Document(text=text, title="Seoul and Tokyo agreed on Friday to resume talks")
    assert put_title_in_text(document).text == text
