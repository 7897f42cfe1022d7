"""The dev split of the gold corpus with its entity spans linked, as a project on SQLite."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from jkannotate.core.model import AnnotatedDocument
from jkannotate.formats import ReadOptions, jsonl
from jkannotate.nlp.linking import link_spans

GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"


def linked_gold(split: str = "dev") -> list[AnnotatedDocument]:
    """Gold documents whose spans carry links and dates as if the suggestions were accepted."""
    docs, _ = jsonl.read(GOLD / f"{split}.jsonl", ReadOptions())
    result = []
    for item in docs:
        layers = [replace(layer, spans=link_spans(item.document.text, layer.spans,
                                                  item.document.published))
                  for layer in item.layers]
        result.append(AnnotatedDocument(item.document, layers))
    return result


@pytest.fixture(scope="module")
def dev_docs() -> list[AnnotatedDocument]:
    return linked_gold("dev")
