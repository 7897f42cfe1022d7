"""Texts over spaCy's max_length are suggested in paragraph chunks, offsets preserved (no E088)."""

from __future__ import annotations

import spacy

from jkannotate.nlp import Suggester
from jkannotate.nlp.suggester import chunk_bounds

PARAGRAPH = "Seoul and Tokyo met about Dokdo again.\n\n"


def blank_suggester() -> Suggester:
    """A fast real pipeline: a tokenizer, a sentencizer and an entity ruler."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "LOC", "pattern": "Dokdo"}])
    return Suggester(nlp, "blank")


def test_a_text_over_max_length_is_suggested_with_offsets_of_the_whole_text() -> None:
    suggester = blank_suggester()
    text = PARAGRAPH * (1_000_001 // len(PARAGRAPH))
    text += "x" * (1_000_001 - len(text))
    assert len(text) == 1_000_001 > suggester.nlp.max_length
    short = "Dokdo."
    results = list(suggester.suggest([short, text, short]))  # order kept around the long one
    assert [len(r.entities()) for r in (results[0], results[2])] == [1, 1]
    entities = results[1].entities()
    assert len(entities) == text.count("Dokdo")
    assert all(text[span.start:span.end] == "Dokdo" for span in entities)
    assert entities[-1].start == text.rindex("Dokdo")
    assert len({span.uid for span in entities}) == len(entities)


def test_chunks_cut_at_paragraph_breaks_and_cover_the_text() -> None:
    text = "a" * 30 + "\n\n" + "b" * 30 + "\n" + "c" * 50
    bounds = chunk_bounds(text, 40)
    assert bounds[0] == (0, 32)  # just after the paragraph break
    assert text[bounds[1][0]:bounds[1][1]].endswith("\n")  # then at the line break
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= 40 for s, e in bounds)
