"""Per-label precision/recall/F1 of predicted annotations against a gold layer.

Pure Python (no spaCy), so the train operation, ``metrics.json`` and the benchmark score the
trained model and the current suggester in exactly the same way:

- ``entities``: entity spans, exact (start, end, label);
- ``spans``: every span, entities and event triggers, exact (start, end, label);
- ``tags``: document issue tags (a suggestion counts at confidence >= ``TAG_THRESHOLD``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from jkannotate.core.model import LabelKind, Layer
from jkannotate.nlp.suggestion import Suggestion

TAG_THRESHOLD = 0.5
KINDS = ("entities", "spans", "tags")

Sets = dict[str, set[Hashable]]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 4), "r": round(recall, 4), "f": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}


def _label(key: Hashable) -> str:
    return str(key[-1]) if isinstance(key, tuple) else str(key)


def score_sets(gold: Sequence[set[Hashable]], predicted: Sequence[set[Hashable]]) -> dict[str, Any]:
    """``{"per_label": {label: {p, r, f, tp, fp, fn}}, "micro": {...}}`` over paired documents."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} predictions")
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold_keys, predicted_keys in zip(gold, predicted, strict=True):
        for key in gold_keys & predicted_keys:
            tp[_label(key)] += 1
        for key in predicted_keys - gold_keys:
            fp[_label(key)] += 1
        for key in gold_keys - predicted_keys:
            fn[_label(key)] += 1
    labels = sorted(set(tp) | set(fp) | set(fn))
    return {
        "per_label": {label: _prf(tp[label], fp[label], fn[label]) for label in labels},
        "micro": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
    }


def score_documents(gold: Sequence[Sets], predicted: Sequence[Sets],
                    kinds: Sequence[str] = KINDS) -> dict[str, Any]:
    """:func:`score_sets` for each kind of annotation."""
    return {kind: score_sets([g[kind] for g in gold], [p[kind] for p in predicted])
            for kind in kinds}


def gold_sets(layer: Layer) -> Sets:
    """What a layer counts as annotation: its kept (not rejected) spans and tags."""
    kept = layer.kept_spans()
    return {
        "entities": {s.key for s in kept if s.kind is LabelKind.ENTITY},
        "spans": {s.key for s in kept},
        "tags": {t.label for t in layer.kept_tags()},
    }


def suggestion_sets(suggestion: Suggestion, tag_threshold: float = TAG_THRESHOLD) -> Sets:
    """What a suggester proposed for one text, in the form :func:`gold_sets` gives."""
    return {
        "entities": {s.key for s in suggestion.spans if s.kind is LabelKind.ENTITY},
        "spans": {s.key for s in suggestion.spans},
        "tags": {t.label for t in suggestion.tags
                 if t.confidence is None or t.confidence >= tag_threshold},
    }


def micro_f1(scores: dict[str, Any], kind: str = "entities") -> float:
    """The headline figure: micro-averaged F1 of one kind (0.0 when not scored)."""
    return float(scores.get(kind, {}).get("micro", {}).get("f", 0.0))
