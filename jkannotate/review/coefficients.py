"""Chance-corrected agreement coefficients, written to match the textbook references.

Undefined values follow the reference implementations: when expected agreement is
total (every rating is the same category) Cohen's and Fleiss' kappa are ``nan``, as
scikit-learn's ``cohen_kappa_score`` and statsmodels' ``fleiss_kappa`` return.
Krippendorff's alpha is ``nan`` where the ``krippendorff`` package raises
``ValueError`` (a single value in the data, or no unit rated by two coders).
Reports turn ``nan`` into ``None`` in JSON.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence

import numpy as np

NAN = float("nan")


def cohen_kappa(x: Sequence[Hashable], y: Sequence[Hashable]) -> float:
    """Cohen's kappa of two raters over the same items (``nan`` when undefined)."""
    if len(x) != len(y):
        raise ValueError(f"raters rated different numbers of items: {len(x)} and {len(y)}")
    if not x:
        return NAN
    categories = {value: index for index, value in enumerate(sorted(set(x) | set(y), key=repr))}
    size = len(categories)
    codes_x = np.fromiter((categories[v] for v in x), dtype=np.int64, count=len(x))
    codes_y = np.fromiter((categories[v] for v in y), dtype=np.int64, count=len(y))
    return cohen_kappa_codes(codes_x, codes_y, size)


def cohen_kappa_codes(codes_x: np.ndarray, codes_y: np.ndarray, size: int) -> float:
    """Cohen's kappa over integer-coded ratings ``0..size-1`` (the fast path for tokens)."""
    total = len(codes_x)
    if total == 0:
        return NAN
    confusion = np.bincount(codes_x * size + codes_y, minlength=size * size).reshape(size, size)
    return kappa_from_confusion(confusion)


def kappa_from_confusion(confusion: np.ndarray) -> float:
    """Cohen's kappa from a square confusion matrix (rows: rater A, columns: rater B)."""
    total = float(confusion.sum())
    if total == 0:
        return NAN
    observed = float(np.trace(confusion)) / total
    expected = float(confusion.sum(axis=1) @ confusion.sum(axis=0)) / (total * total)
    if math.isclose(expected, 1.0, rel_tol=0.0, abs_tol=1e-12):
        return NAN
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(table: Sequence[Sequence[int]] | np.ndarray) -> float:
    """Fleiss' kappa from a subjects × categories table of rater counts (same raters per row)."""
    counts = np.asarray(table, dtype=float)
    if counts.ndim != 2 or counts.shape[0] == 0:
        return NAN
    raters = counts[0].sum()
    if raters < 2 or not np.allclose(counts.sum(axis=1), raters):
        raise ValueError("every subject needs the same number of raters, at least two")
    subjects = counts.shape[0]
    category_share = counts.sum(axis=0) / (subjects * raters)
    per_subject = ((counts * counts).sum(axis=1) - raters) / (raters * (raters - 1))
    observed = float(per_subject.mean())
    expected = float((category_share * category_share).sum())
    if math.isclose(expected, 1.0, rel_tol=0.0, abs_tol=1e-12):
        return NAN
    return (observed - expected) / (1.0 - expected)


def fleiss_table(ratings: Sequence[Sequence[Hashable]]) -> np.ndarray:
    """Subjects × categories counts from rows of per-rater ratings."""
    categories = sorted({value for row in ratings for value in row}, key=repr)
    index = {value: i for i, value in enumerate(categories)}
    table = np.zeros((len(ratings), max(len(categories), 1)), dtype=int)
    for row_number, row in enumerate(ratings):
        for value in row:
            table[row_number, index[value]] += 1
    return table


def krippendorff_alpha_nominal(units: Sequence[Sequence[Hashable | None]]) -> float:
    """Krippendorff's alpha, nominal metric; ``units[u][c]`` is coder c's value or ``None``.

    Units with fewer than two values are not pairable and are left out, as in
    Krippendorff (2011). ``nan`` when no unit is pairable or only one value occurs.
    """
    coincidence: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for unit in units:
        values = [value for value in unit if value is not None and value == value]
        pairable = len(values)
        if pairable < 2:
            continue
        counts = Counter(values)
        weight = 1.0 / (pairable - 1)
        for first, first_count in counts.items():
            for second, second_count in counts.items():
                pairs = first_count * (second_count - (1 if first == second else 0))
                if pairs:
                    coincidence[(first, second)] += pairs * weight
    if not coincidence:
        return NAN
    marginals: dict[Hashable, float] = defaultdict(float)
    for (first, _second), amount in coincidence.items():
        marginals[first] += amount
    total = sum(marginals.values())
    if len(marginals) < 2:
        return NAN
    disagreement_observed = sum(a for (c, k), a in coincidence.items() if c != k)
    squares = sum(n * n for n in marginals.values())
    disagreement_expected = (total * total - squares) / (total - 1)
    if disagreement_expected == 0:
        return NAN
    return 1.0 - disagreement_observed / disagreement_expected


def percent_agreement(ratings: Sequence[Sequence[Hashable]]) -> float:
    """Share of subjects on which every rater gave the same value (``nan`` with no subjects)."""
    if not ratings:
        return NAN
    agreeing = sum(1 for row in ratings if len(set(row)) <= 1)
    return agreeing / len(ratings)


def finite_or_none(value: float | None, digits: int = 6) -> float | None:
    """JSON has no NaN: undefined coefficients become ``None``."""
    if value is None or math.isnan(value):
        return None
    return round(value, digits)


def mean_defined(values: Sequence[float]) -> float:
    """Mean of the defined (non-``nan``) values, ``nan`` when none is defined."""
    defined = [v for v in values if not math.isnan(v)]
    return sum(defined) / len(defined) if defined else NAN
