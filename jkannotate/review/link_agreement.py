"""Agreement on actor links and DATE values: of the spans two annotators both marked (same
offsets and label), how often they chose the same actor (or the same normalised value).

A link is part of the layer; this is the figure the agreement report can show beside span
F1. ``NIL`` ("not in the knowledge base") counts as a choice; a span one annotator left
unlinked counts as a disagreement only when the other linked it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from jkannotate.core.model import AnnotatedDocument, Layer, State


@dataclass(frozen=True, slots=True)
class LinkAgreement:
    compared: int  # spans both annotators marked, with a link or value on at least one side
    same: int

    @property
    def rate(self) -> float | None:
        return self.same / self.compared if self.compared else None


def _choices(first: Layer, second: Layer, attribute: str,
             label: str | None = None) -> Iterable[tuple[str | None, str | None]]:
    """(first's value, second's value) of every span both kept (same offsets and label)
    with a value on at least one side."""
    theirs = {s.key: getattr(s, attribute) for s in second.decided().kept_spans()}
    for span in first.decided().kept_spans():
        if span.key not in theirs or (label is not None and span.label != label):
            continue
        mine, other = getattr(span, attribute), theirs[span.key]
        if mine is not None or other is not None:
            yield mine, other


def _pairs(first: Layer, second: Layer, attribute: str) -> tuple[int, int]:
    choices = list(_choices(first, second, attribute))
    return len(choices), sum(mine == other for mine, other in choices)


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


def _decided(layer: Layer) -> Layer:
    """The layer's decided spans: a link on a suggestion nobody decided is the suggester's."""
    return Layer(layer.document_id, layer.kind, layer.owner,
                 spans=[s for s in layer.spans if s.state is State.ACCEPTED])


@dataclass(slots=True)
class PairLinks:
    """One pair of annotators: actor links and DATE values on the spans both marked."""

    first: str
    second: str
    actors: LinkAgreement
    dates: LinkAgreement


@dataclass(slots=True)
class LinkFigures:
    """The agreement report's part on links: pooled over pairs, per pair, and the actor
    choices annotators disagreed on most (``None`` = left unlinked)."""

    actors: LinkAgreement
    dates: LinkAgreement
    pairs: list[PairLinks] = field(default_factory=list)
    disagreements: list[tuple[str | None, str | None, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def figures(agreement: LinkAgreement) -> dict[str, Any]:
            return {"compared": agreement.compared, "same": agreement.same,
                    "agreement": None if agreement.rate is None else round(agreement.rate, 4)}

        return {
            "spans_counted": "decided spans both annotators marked (same offsets and label) "
                             "with a link or value on at least one side",
            "actors": figures(self.actors),
            "dates": figures(self.dates),
            "pairs": [{"annotators": [p.first, p.second], "actors": figures(p.actors),
                       "dates": figures(p.dates)} for p in self.pairs],
            "disagreements": [{"first": a, "second": b, "times": n}
                              for a, b, n in self.disagreements],
        }


def link_figures(compared: Iterable[Sequence[Layer]], names: Sequence[str],
                 label: str | None = None, most: int = 10) -> LinkFigures:
    """Agreement on actor links (``kb_id``) and DATE values (``norm``) between the annotators
    ``names``, over documents given as their layers in the order of ``names``. Only accepted
    spans count, whatever else the report includes."""
    per_pair = {pair: [[0, 0], [0, 0]] for pair in combinations(range(len(names)), 2)}
    confused: Counter[tuple[str | None, str | None]] = Counter()
    for layers in compared:
        decided = [_decided(layer) for layer in layers]
        for (i, j), counts in per_pair.items():
            for slot, attribute in enumerate(("kb_id", "norm")):
                for mine, other in _choices(decided[i], decided[j], attribute, label):
                    counts[slot][0] += 1
                    counts[slot][1] += mine == other
                    if attribute == "kb_id" and mine != other:
                        pair = (mine, other) if (mine or "") <= (other or "") else (other, mine)
                        confused[pair] += 1
    pairs = [PairLinks(names[i], names[j], LinkAgreement(*counts[0]), LinkAgreement(*counts[1]))
             for (i, j), counts in per_pair.items()]
    return LinkFigures(
        LinkAgreement(sum(p.actors.compared for p in pairs), sum(p.actors.same for p in pairs)),
        LinkAgreement(sum(p.dates.compared for p in pairs), sum(p.dates.same for p in pairs)),
        pairs,
        [(a, b, n) for (a, b), n in confused.most_common(most)],
    )
