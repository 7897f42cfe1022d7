"""Agreement on actor links and DATE values: of the spans two annotators both marked (same
offsets and label), how often they chose the same actor (or the same normalised value).

A link is part of the layer; this is the figure the agreement report can show beside span
F1. ``NIL`` ("not in the knowledge base") counts as a choice; a span one annotator left
unlinked counts as a disagreement only when the other linked it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from jkannotate.core.model import AnnotatedDocument, Layer


@dataclass(frozen=True, slots=True)
class LinkAgreement:
    compared: int  # spans both annotators marked, with a link or value on at least one side
    same: int

    @property
    def rate(self) -> float | None:
        return self.same / self.compared if self.compared else None


def _pairs(first: Layer, second: Layer, attribute: str) -> tuple[int, int]:
    theirs = {s.key: getattr(s, attribute) for s in second.decided().kept_spans()}
    compared = same = 0
    for span in first.decided().kept_spans():
        if span.key not in theirs:
            continue
        mine, other = getattr(span, attribute), theirs[span.key]
        if mine is None and other is None:
            continue
        compared += 1
        same += mine == other
    return compared, same


def link_agreement(docs: Iterable[AnnotatedDocument], layer_names: Iterable[str] | None = None,
                   attribute: str = "kb_id") -> LinkAgreement:
    """Pairwise agreement on ``attribute`` (``kb_id`` or ``norm``) over the annotator layers
    (or the named layers) of every document."""
    wanted = set(layer_names) if layer_names is not None else None
    compared = same = 0
    for item in docs:
        layers = [lay for lay in item.layers
                  if (lay.name in wanted if wanted is not None else lay.kind.value == "annotator")]
        for first, second in combinations(layers, 2):
            pair_compared, pair_same = _pairs(first, second, attribute)
            compared += pair_compared
            same += pair_same
    return LinkAgreement(compared, same)
