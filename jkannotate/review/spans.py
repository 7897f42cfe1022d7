"""Span matching between two annotators: exact and overlap P/R/F1, token labels."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jkannotate.core.model import Span
from jkannotate.core.offsets import token_bounds

from .coefficients import NAN

OUTSIDE = "O"


@dataclass(frozen=True, slots=True)
class PRF:
    """Matches of a prediction against a reference, with precision, recall and F1.

    With nothing on either side all three are ``nan`` (undefined). With nothing on
    one side all three are 0: an annotator who marks nothing where the other marked
    spans has not been precise either (scikit-learn's ``zero_division=0``).
    """

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        if predicted == 0:
            return NAN if self.false_negatives == 0 else 0.0
        return self.true_positives / predicted

    @property
    def recall(self) -> float:
        relevant = self.true_positives + self.false_negatives
        if relevant == 0:
            return NAN if self.false_positives == 0 else 0.0
        return self.true_positives / relevant

    @property
    def f1(self) -> float:
        denominator = 2 * self.true_positives + self.false_positives + self.false_negatives
        if denominator == 0:
            return NAN
        return 2 * self.true_positives / denominator

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )


EMPTY_PRF = PRF(0, 0, 0)


def exact_matches(reference: Iterable[Span], prediction: Iterable[Span]) -> Counter[str]:
    """Matched span count per label when (start, end, label) must be equal (multiset)."""
    reference_keys = Counter(span.key for span in reference)
    prediction_keys = Counter(span.key for span in prediction)
    matched: Counter[str] = Counter()
    for key, count in reference_keys.items():
        both = min(count, prediction_keys.get(key, 0))
        if both:
            matched[key[2]] += both
    return matched


def overlap_matches(reference: Sequence[Span], prediction: Sequence[Span]) -> Counter[str]:
    """Matched span count per label, one-to-one, same label and overlapping ranges.

    Greedy: candidate pairs are taken by decreasing Jaccard overlap of their
    ranges (exact matches first), then by position, each span used once.
    """
    by_label: dict[str, tuple[list[Span], list[Span]]] = defaultdict(lambda: ([], []))
    for span in reference:
        by_label[span.label][0].append(span)
    for span in prediction:
        by_label[span.label][1].append(span)
    matched: Counter[str] = Counter()
    for label, (refs, preds) in by_label.items():
        if not refs or not preds:
            continue
        candidates = []
        preds = sorted(preds, key=lambda s: s.start)
        pred_starts = [b.start for b in preds]
        longest = max(b.end - b.start for b in preds)
        for i, a in enumerate(refs):
            # only predictions starting within (a.start - longest, a.end) can overlap a
            first = bisect.bisect_right(pred_starts, a.start - longest)
            last = bisect.bisect_left(pred_starts, a.end)
            for j in range(first, last):
                b = preds[j]
                if a.start < b.end:
                    inter = min(a.end, b.end) - max(a.start, b.start)
                    union = max(a.end, b.end) - min(a.start, b.start)
                    candidates.append((-inter / union, a.start, b.start, i, j))
        candidates.sort()
        used_ref: set[int] = set()
        used_pred: set[int] = set()
        for _score, _a, _b, i, j in candidates:
            if i not in used_ref and j not in used_pred:
                used_ref.add(i)
                used_pred.add(j)
                matched[label] += 1
    return matched


def span_prf(a: Sequence[Span], b: Sequence[Span], *, overlap: bool = False) -> PRF:
    """P/R/F1 of ``b`` (prediction) against ``a`` (reference), exact or overlap matching."""
    matched = sum((overlap_matches(a, b) if overlap else exact_matches(a, b)).values())
    return PRF(matched, len(b) - matched, len(a) - matched)


def span_prf_by_label(
    a: Sequence[Span], b: Sequence[Span], *, overlap: bool = False
) -> dict[str, PRF]:
    """:func:`span_prf` per label (labels present on either side)."""
    matched = overlap_matches(a, b) if overlap else exact_matches(a, b)
    count_a = Counter(span.label for span in a)
    count_b = Counter(span.label for span in b)
    return {
        label: PRF(matched[label], count_b[label] - matched[label], count_a[label] - matched[label])
        for label in count_a.keys() | count_b.keys()
    }


def token_labels(
    text_or_tokens: str | Sequence[tuple[int, int]], spans: Iterable[Span]
) -> list[str]:
    """One label per token: the label of a span overlapping it, ``"O"`` when none does.

    Tokens come from the simple regex tokenizer (:func:`token_bounds`) when a text
    is given. Where spans overlap, the one starting first (then the longest) wins.
    """
    tokens = token_bounds(text_or_tokens) if isinstance(text_or_tokens, str) else text_or_tokens
    labels = [OUTSIDE] * len(tokens)
    ends = [end for _start, end in tokens]
    starts = [start for start, _end in tokens]
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.label), reverse=True):
        first = bisect.bisect_right(ends, span.start)  # first token ending after span start
        last = bisect.bisect_left(starts, span.end)  # tokens starting before span end
        for index in range(first, last):
            labels[index] = span.label  # later (earlier-starting) spans overwrite
    return labels
