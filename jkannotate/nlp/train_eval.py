"""Predictions on a held-out split, as sets :mod:`jkannotate.nlp.train_scores` can score.

The trained pipeline is read raw (its ``doc.ents``, ``doc.spans["sc"]`` and ``doc.cats``) and
through the :class:`Suggester` (with or without the rules on top), the way suggestions reach
annotators; the current suggester is read the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import spacy

from jkannotate.nlp.suggester import Suggester
from jkannotate.nlp.train_scores import TAG_THRESHOLD, Sets, suggestion_sets

SPANS_KEY = "sc"


def model_sets(model_dir: Path, texts: Sequence[str], *, batch_size: int = 16) -> list[Sets]:
    """What the trained pipeline alone predicts for each text."""
    nlp = spacy.load(model_dir)
    found: list[Sets] = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        entities = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        spans = {(s.start_char, s.end_char, s.label_) for s in doc.spans.get(SPANS_KEY, [])}
        tags = {label for label, score in doc.cats.items() if score >= TAG_THRESHOLD}
        found.append({"entities": set(entities), "spans": set(spans) | set(entities),
                      "tags": set(tags)})
    return found


def suggester_sets(suggester: Suggester, texts: Sequence[str]) -> list[Sets]:
    """What a suggester (rules, a model, or both) proposes for each text."""
    return [suggestion_sets(suggestion) for suggestion in suggester.suggest(texts)]
