"""Every coefficient equals its reference implementation, on random data and edge cases."""

from __future__ import annotations

import math
import random
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from jkannotate.review import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_table,
    krippendorff_alpha_nominal,
    percent_agreement,
)


def same(ours: float, reference: float) -> bool:
    """Equal to 1e-9, with nan equal to nan (both undefined)."""
    if math.isnan(reference):
        return math.isnan(ours)
    return ours == pytest.approx(float(reference), abs=1e-9)


def sklearn_kappa(x: list[str], y: list[str]) -> float:
    with warnings.catch_warnings():
        # sklearn warns when a single label occurs; the value (nan) is what we compare
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(x, y))


def statsmodels_fleiss(ratings: list[list[int]]) -> float:
    table, _categories = aggregate_raters(np.asarray(ratings))
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(sm_fleiss_kappa(table, method="fleiss"))


def reference_alpha(units: list[list[str | None]]) -> float | None:
    """The krippendorff package's alpha; None where it raises (undefined)."""
    values = sorted({v for unit in units for v in unit if v is not None})
    code = {v: float(i) for i, v in enumerate(values)}
    coders = max(len(unit) for unit in units)
    data = [
        [code[unit[c]] if c < len(unit) and unit[c] is not None else np.nan for unit in units]
        for c in range(coders)
    ]
    try:
        with np.errstate(invalid="ignore", divide="ignore"):
            return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:
        return None


labels = st.sampled_from(["O", "PERSON", "ORG", "GPE"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(labels, labels), min_size=1, max_size=60))
def test_cohen_kappa_matches_sklearn(pairs: list[tuple[str, str]]) -> None:
    x = [a for a, _b in pairs]
    y = [b for _a, b in pairs]
    assert same(cohen_kappa(x, y), sklearn_kappa(x, y))


def test_cohen_kappa_edge_cases_match_sklearn() -> None:
    cases = [
        (["O"] * 5, ["O"] * 5),  # a tag nobody used: undefined
        (["A", "B", "A"], ["A", "B", "A"]),  # total agreement
        (["A", "A", "A"], ["A", "A", "B"]),  # one rater constant
        (["A", "B"], ["B", "A"]),  # total disagreement
    ]
    for x, y in cases:
        assert same(cohen_kappa(x, y), sklearn_kappa(x, y)), (x, y)
    assert math.isnan(cohen_kappa(["O"] * 5, ["O"] * 5))
    assert cohen_kappa(["A", "B", "A"], ["A", "B", "A"]) == pytest.approx(1.0)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=3, max_value=6).flatmap(
        lambda raters: st.lists(
            st.lists(st.integers(0, 3), min_size=raters, max_size=raters), min_size=1, max_size=40
        )
    )
)
def test_fleiss_kappa_matches_statsmodels(ratings: list[list[int]]) -> None:
    assert same(fleiss_kappa(fleiss_table(ratings)), statsmodels_fleiss(ratings))


def test_fleiss_kappa_edge_cases_match_statsmodels() -> None:
    cases = [
        [[0, 0, 0]] * 6,  # nobody used the tag
        [[1, 1, 1], [0, 0, 0], [1, 1, 1]],  # total agreement
        [[1, 0, 0], [0, 0, 0], [0, 0, 0]],  # one vote against a constant background
    ]
    for ratings in cases:
        assert same(fleiss_kappa(fleiss_table(ratings)), statsmodels_fleiss(ratings)), ratings
    assert math.isnan(fleiss_kappa(fleiss_table(cases[0])))
    assert fleiss_kappa(fleiss_table(cases[1])) == pytest.approx(1.0)


def test_fleiss_kappa_rejects_uneven_rater_counts() -> None:
    with pytest.raises(ValueError):
        fleiss_kappa([[2, 1], [1, 1]])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c"])), min_size=3, max_size=3),
        min_size=1,
        max_size=30,
    )
)
def test_krippendorff_alpha_matches_package_with_missing_data(
    units: list[list[str | None]],
) -> None:
    reference = reference_alpha(units)
    ours = krippendorff_alpha_nominal(units)
    if reference is None or math.isnan(reference):
        assert math.isnan(ours)
    else:
        assert ours == pytest.approx(reference, abs=1e-9)


def test_krippendorff_alpha_seeded_many_coders() -> None:
    rng = random.Random(7)
    for _ in range(30):
        coders = rng.randint(2, 7)
        units = [
            [rng.choice(["x", "y", "z", None]) for _ in range(coders)]
            for _ in range(rng.randint(5, 50))
        ]
        reference = reference_alpha(units)
        if reference is not None:
            assert krippendorff_alpha_nominal(units) == pytest.approx(reference, abs=1e-9)


def test_krippendorff_alpha_edge_cases() -> None:
    only_absent = [["0", "0", "0"]] * 4  # reference raises: one value in the domain
    assert reference_alpha(only_absent) is None
    assert math.isnan(krippendorff_alpha_nominal(only_absent))
    no_pairs = [["1", None], [None, "0"]]  # reference raises: no unit with two coders
    assert reference_alpha(no_pairs) is None
    assert math.isnan(krippendorff_alpha_nominal(no_pairs))
    agree = [["1", "1", None], ["0", "0", "0"], ["1", None, "1"]]
    assert krippendorff_alpha_nominal(agree) == pytest.approx(reference_alpha(agree))
    assert krippendorff_alpha_nominal(agree) == pytest.approx(1.0)


def test_percent_agreement_counts_units_where_everyone_agrees() -> None:
    assert percent_agreement([[1, 1, 1], [1, 0, 1], [0, 0, 0], [0, 0, 1]]) == 0.5
    assert math.isnan(percent_agreement([]))
