"""Span matching: exact and one-to-one overlap P/R/F1, token labels."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkannotate.core.model import Span
from jkannotate.review import span_prf, token_labels
from jkannotate.review.spans import span_prf_by_label


def test_exact_needs_same_start_end_and_label() -> None:
    reference = [Span(0, 5, "GPE"), Span(10, 15, "PERSON"), Span(20, 25, "ORG")]
    prediction = [Span(0, 5, "GPE"), Span(10, 14, "PERSON"), Span(20, 25, "GPE")]
    prf = span_prf(reference, prediction)
    assert (prf.true_positives, prf.false_positives, prf.false_negatives) == (1, 2, 2)
    assert prf.precision == pytest.approx(1 / 3) and prf.recall == pytest.approx(1 / 3)


def test_overlap_matches_one_to_one_best_overlap_first() -> None:
    reference = [Span(0, 10, "ORG")]
    prediction = [Span(0, 3, "ORG"), Span(1, 10, "ORG"), Span(2, 4, "GPE")]
    prf = span_prf(reference, prediction, overlap=True)
    assert (prf.true_positives, prf.false_positives, prf.false_negatives) == (1, 2, 0)
    # two references, two overlapping predictions: greedy by overlap pairs them crosswise right
    reference = [Span(0, 6, "ORG"), Span(5, 12, "ORG")]
    prediction = [Span(4, 12, "ORG"), Span(0, 5, "ORG")]
    assert span_prf(reference, prediction, overlap=True).f1 == 1.0
    assert span_prf(reference, prediction).f1 == 0.0


def test_empty_sides() -> None:
    assert math.isnan(span_prf([], []).f1)
    only_reference = span_prf([Span(0, 1, "X")], [])
    assert only_reference.recall == only_reference.precision == only_reference.f1 == 0.0
    only_prediction = span_prf([], [Span(0, 1, "X")])
    assert only_prediction.recall == only_prediction.precision == 0.0


def test_by_label_sums_to_total() -> None:
    reference = [Span(0, 5, "GPE"), Span(10, 15, "PERSON"), Span(10, 15, "PERSON")]
    prediction = [Span(0, 5, "GPE"), Span(10, 15, "PERSON"), Span(30, 35, "ORG")]
    parts = span_prf_by_label(reference, prediction)
    total = sum(parts.values(), start=span_prf([], []))
    assert total == span_prf(reference, prediction)
    assert parts["PERSON"].recall == 0.5 and parts["ORG"].precision == 0.0


def test_token_labels_cover_touched_tokens_and_outer_span_wins() -> None:
    text = "President Moon Jae-in visited Tokyo."
    spans = [Span(10, 21, "PERSON"), Span(0, 21, "ORG"), Span(30, 33, "GPE")]
    # tokens: President / Moon / Jae-in / visited / Tokyo / .
    assert token_labels(text, spans) == ["ORG", "ORG", "ORG", "O", "GPE", "O"]
    assert token_labels(text, []) == ["O"] * 6


def brute_force_overlap_tp(reference: list[Span], prediction: list[Span]) -> int:
    """Same greedy rule, written the slow obvious way."""
    candidates = sorted(
        (
            -(min(a.end, b.end) - max(a.start, b.start))
            / (max(a.end, b.end) - min(a.start, b.start)),
            a.start,
            b.start,
            i,
            j,
        )
        for i, a in enumerate(reference)
        for j, b in enumerate(prediction)
        if a.label == b.label and a.overlaps(b)
    )
    used_a, used_b, matched = set(), set(), 0
    for *_rest, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            matched += 1
    return matched


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(1, 12), st.sampled_from("AB"), st.booleans())
    )
)
def test_overlap_matching_equals_brute_force(items) -> None:
    reference = [Span(s, s + n, label) for s, n, label, side in items if side]
    prediction = [Span(s, s + n, label) for s, n, label, side in items if not side]
    found = span_prf(reference, prediction, overlap=True).true_positives
    assert found == brute_force_overlap_tp(reference, prediction)
