"""Training data never counts pending suggestions nobody decided."""

from __future__ import annotations

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    Span,
    State,
)
from jkannotate.nlp.train_data import count_examples


def test_count_examples_ignores_pending_items() -> None:
    text = "Seoul and Tokyo met in Busan."
    layer = Layer(document_id=None, kind=LayerKind.ANNOTATOR, owner="alice")
    layer.spans = [Span(start=0, end=5, label="GPE", kind=LabelKind.ENTITY, state=State.ACCEPTED),
                   Span(start=10, end=15, label="GPE", kind=LabelKind.ENTITY,
                        state=State.PENDING),
                   Span(start=23, end=28, label="GPE", kind=LabelKind.ENTITY,
                        state=State.REJECTED)]
    layer.tags = [DocTag(label="SUMMIT_DIPLOMACY", state=State.PENDING),
                  DocTag(label="TRADE", state=State.ACCEPTED)]
    counts = count_examples([AnnotatedDocument(Document(text=text), [layer])], "alice")
    assert counts["entities"] == {"GPE": 1}
    assert counts["tags"] == {"TRADE": 1}
