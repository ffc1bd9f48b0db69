"""Tests for framing.reliability: published examples for alpha and the kappas, and the report."""

from __future__ import annotations

import itertools

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.errors import DataError
from framing.reliability import (
    AlphaResult,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    report,
)

nan = np.nan

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four observers
# A-D, twelve units, missing values. The same matrix is irr's `kripp.alpha` example ("nmm").
K2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
)
K2011_PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}

# Wikipedia, "Krippendorff's alpha", computational example (three coders, fifteen units).
WIKIPEDIA = np.array(
    [
        [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
        [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
        [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
    ]
)

# Wikipedia, "Fleiss' kappa", worked example (statsmodels' test_inter_rater.py `table1`).
FLEISS_WIKIPEDIA = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


def _alpha_by_hand(matrix: np.ndarray, delta) -> float:
    """Krippendorff (2011), eqs. for D_o and D_e via the coincidence matrix, written out plainly."""
    values = sorted(set(matrix[~np.isnan(matrix)]))
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for column in matrix.T:
        coded = column[~np.isnan(column)]
        if len(coded) < 2:
            continue
        for i, j in itertools.permutations(range(len(coded)), 2):
            o[index[coded[i]], index[coded[j]]] += 1 / (len(coded) - 1)
    n_c, n = o.sum(axis=1), o.sum()
    d = np.array([[delta(c, k) for k in values] for c in values])
    d_o = (o * d).sum() / n
    d_e = (np.outer(n_c, n_c) - np.diag(n_c)) * d
    return 1 - d_o / (d_e.sum() / (n * (n - 1)))


@pytest.mark.parametrize("level", list(K2011_PUBLISHED))
def test_krippendorff_2011_worked_example(level):
    assert round(krippendorff_alpha(K2011, level), 3) == K2011_PUBLISHED[level]


@pytest.mark.parametrize(
    ("level", "delta"),
    [
        ("nominal", lambda c, k: float(c != k)),
        ("interval", lambda c, k: (c - k) ** 2),
        ("ratio", lambda c, k: ((c - k) / (c + k)) ** 2),
    ],
)
def test_krippendorff_2011_recomputed_from_the_coincidences(level, delta):
    assert krippendorff_alpha(K2011, level) == pytest.approx(_alpha_by_hand(K2011, delta))


def test_wikipedia_example():
    assert round(krippendorff_alpha(WIKIPEDIA, "nominal"), 6) == 0.691358
    assert round(krippendorff_alpha(WIKIPEDIA, "interval"), 6) == 0.810845


def test_long_table_and_dataframe_give_the_same_alpha():
    wide = pd.DataFrame(K2011, index=list("ABCD"))
    long = wide.stack().rename("value").rename_axis(["coder", "unit"]).reset_index()
    assert krippendorff_alpha(long, "ordinal") == krippendorff_alpha(K2011, "ordinal")
    assert krippendorff_alpha(wide, "ordinal") == krippendorff_alpha(K2011, "ordinal")
    renamed = long.rename(columns={"unit": "doc_id", "value": "conflict"})
    assert krippendorff_alpha(renamed, unit="doc_id", value="conflict") == pytest.approx(
        0.743, abs=5e-4
    )


def test_nominal_labels_may_be_text():
    labels = np.where(
        np.isnan(K2011), None, np.char.add("v", np.nan_to_num(K2011).astype(int).astype(str))
    )
    assert krippendorff_alpha(labels, "nominal") == krippendorff_alpha(K2011, "nominal")
    with pytest.raises(DataError, match="non-numeric"):
        krippendorff_alpha(labels, "interval")


def test_bootstrap_interval_is_reproducible_and_brackets_the_estimate():
    first = krippendorff_alpha(K2011, "nominal", n_boot=500, seed=3)
    again = krippendorff_alpha(K2011, "nominal", n_boot=500, seed=3)
    assert isinstance(first, AlphaResult)
    assert first == again
    assert first.alpha == krippendorff_alpha(K2011, "nominal")
    assert first.ci_low <= first.alpha <= first.ci_high <= 1.0
    assert first.n_boot == 500
    other = krippendorff_alpha(K2011, "nominal", n_boot=500, seed=4)
    assert other.ci_low != first.ci_low or other.ci_high != first.ci_high


def test_bootstrap_result_converts_to_its_alpha_and_keeps_tuple_fields():
    result = krippendorff_alpha(K2011, "interval", n_boot=100, seed=1)  # level positional
    assert float(result) == result.alpha == krippendorff_alpha(K2011, "interval")
    assert round(result, 3) == K2011_PUBLISHED["interval"]
    alpha, low, high, n_boot = result
    assert (alpha, low, high, n_boot) == (result.alpha, result.ci_low, result.ci_high, 100)
    assert result[0] == result.alpha and len(result) == 4
    assert result._fields == ("alpha", "ci_low", "ci_high", "n_boot")


def test_level_may_be_given_by_position_or_keyword():
    for level in K2011_PUBLISHED:
        assert krippendorff_alpha(K2011, level) == krippendorff_alpha(K2011, level=level)
    assert krippendorff_alpha(K2011, "interval") != krippendorff_alpha(K2011)


def test_bootstrap_resamples_units():
    # Perfect agreement: every resample of units has alpha 1, so the interval collapses.
    data = np.array([[0, 1, 1, 0, 1], [0, 1, 1, 0, 1]])
    result = krippendorff_alpha(data, n_boot=200)
    assert (result.ci_low, result.ci_high) == (1.0, 1.0)


def test_alpha_is_nan_without_variation_and_errors_without_shared_units():
    assert np.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))
    with pytest.raises(DataError, match="two or more coders"):
        krippendorff_alpha([[1, nan], [nan, 2]])
    with pytest.raises(DataError, match="level"):
        krippendorff_alpha(K2011, "binary")
    with pytest.raises(DataError, match="once"):
        krippendorff_alpha(pd.DataFrame({"unit": [1, 1], "coder": ["a", "a"], "value": [0, 1]}))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=6, max_size=6),
        min_size=2,
        max_size=4,
    )
)
def test_alpha_agrees_with_krippendorff_package_and_ignores_order(rows):
    data = np.array([[nan if v is None else v for v in row] for row in rows], dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    if not pairable.any() or len(np.unique(values[~np.isnan(values)])) < 2:
        return
    ours = krippendorff_alpha(data, "interval")
    assert ours == pytest.approx(krippendorff.alpha(data, level_of_measurement="interval"))
    shuffled = data[::-1, ::-1]
    assert krippendorff_alpha(shuffled, "interval") == pytest.approx(ours)


def test_cohen_kappa_scikit_learn_examples():
    # scikit-learn's test_cohen_kappa: Artstein & Poesio (2008), Tables 1 and 4, and weights.
    y1 = np.array([0] * 40 + [1] * 60)
    y2 = np.array([0] * 20 + [1] * 20 + [0] * 10 + [1] * 50)
    assert cohen_kappa(y1, y2) == pytest.approx(0.348, abs=5e-4)
    assert cohen_kappa(y1, y2) == cohen_kappa(y2, y1)
    y1 = np.array([0] * 46 + [1] * 44 + [2] * 10)
    y2 = np.array([0] * 52 + [1] * 32 + [2] * 16)
    assert cohen_kappa(y1, y2) == pytest.approx(0.8013, abs=5e-5)
    y2 = np.array([0] * 50 + [1] * 40 + [2] * 10)
    assert cohen_kappa(y1, y2) == pytest.approx(0.9315, abs=5e-5)
    assert cohen_kappa(y1, y2, weights="linear") == pytest.approx(0.9412, abs=5e-5)
    assert cohen_kappa(y1, y2, weights="quadratic") == pytest.approx(0.9541, abs=5e-5)


def test_cohen_kappa_drops_missing_and_is_nan_when_undefined():
    assert cohen_kappa([1, 0, nan, 1], [1, 0, 1, None]) == 1.0
    assert np.isnan(cohen_kappa([1, 1, 1], [1, 1, 1]))
    with pytest.raises(DataError, match="share no coded unit"):
        cohen_kappa([1, nan], [nan, 0])
    with pytest.raises(DataError, match="weights"):
        cohen_kappa([1, 0], [1, 0], weights="cubic")


def test_fleiss_kappa_statsmodels_examples():
    from statsmodels.stats.inter_rater import aggregate_raters

    # statsmodels' test_fleiss_kappa (Wikipedia's example, published 0.210 = 0.2099...).
    assert fleiss_kappa(FLEISS_WIKIPEDIA) == pytest.approx(0.2099, abs=5e-5)
    # statsmodels' test_fleiss_kappa_irr: Fleiss (1971) diagnoses, irr's kappam.fleiss 0.4302445.
    diagnoses = np.array(
        [
            [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
            [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
            [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
            [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
            [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
            [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
            [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
            [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
        ]
    )  # fmt: skip
    table, _ = aggregate_raters(diagnoses)
    assert fleiss_kappa(table) == pytest.approx(0.4302445, abs=5e-8)
    # Randolph's online calculator values quoted in statsmodels' test_fleis_randolph.
    assert fleiss_kappa([[7, 1], [3, 5]]) == pytest.approx(0.161905, abs=6e-6)
    assert fleiss_kappa([[6, 1, 0], [0, 7, 0]]) == pytest.approx(0.708333, abs=6e-6)


def test_fleiss_kappa_matches_statsmodels_on_random_tables():
    from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

    rng = np.random.default_rng(0)
    for _ in range(20):
        table = rng.multinomial(5, [0.5, 0.3, 0.2], size=12)
        assert fleiss_kappa(table) == pytest.approx(statsmodels_fleiss(table))


def test_fleiss_kappa_rejects_unequal_rows():
    with pytest.raises(DataError, match="same number of ratings"):
        fleiss_kappa([[2, 1], [1, 1]])
    assert np.isnan(fleiss_kappa([[3, 0], [3, 0]]))


def test_percent_agreement_counts_pairs():
    assert percent_agreement([[1, 0, 1, 1], [1, 1, 1, 1]]) == 0.75
    # Unit 1: three coders agree (3 of 3 pairs); unit 2: 1 of 3 pairs; unit 3: one coder only.
    data = [[1, 1, 0], [1, 1, nan], [1, 0, nan]]
    assert percent_agreement(data) == pytest.approx(4 / 6)


def test_percent_agreement_takes_two_coders_like_cohen_kappa():
    a, b = [1, 0, 1, 1], [1, 1, 1, 1]
    assert percent_agreement(a, b) == 0.75 == percent_agreement([a, b])
    # A unit either coder left missing is skipped, as cohen_kappa skips it.
    assert percent_agreement([1, 0, nan, 1], [1, 1, 0, None]) == pytest.approx(1 / 2)
    assert percent_agreement(pd.Series(["x", "y", "x"]), np.array(["x", "y", "y"])) == 2 / 3
    with pytest.raises(DataError, match="same units"):
        percent_agreement([1, 0, 1], [1, 0])
    with pytest.raises(DataError, match="two or more coders"):
        percent_agreement([1, nan], [nan, 0])


def _codings(values: dict[str, list[int]], coders: list[str]) -> pd.DataFrame:
    n_units = len(next(iter(values.values()))) // len(coders)
    frame = pd.DataFrame(
        {"unit": np.repeat(np.arange(n_units), len(coders)), "coder": coders * n_units} | values
    )
    frame.attrs["framing"] = {"frames": list(values)}
    return frame


def test_report_two_coders_uses_cohen():
    codings = _codings(
        {"conflict": [1, 1, 0, 0, 1, 0, 1, 1], "economic": [0, 0, 0, 0, 0, 0, 0, 0]}, ["a", "b"]
    )
    table = report(codings)
    assert list(table.columns) == [
        "frame", "alpha", "kappa", "kappa_type", "agreement", "n_units", "n_coders"
    ]  # fmt: skip
    conflict = table.set_index("frame").loc["conflict"]
    assert conflict["kappa_type"] == "cohen"
    assert conflict["kappa"] == pytest.approx(cohen_kappa([1, 0, 1, 1], [1, 0, 0, 1]))
    assert conflict["alpha"] == pytest.approx(krippendorff_alpha([[1, 0, 1, 1], [1, 0, 0, 1]]))
    assert conflict["agreement"] == 0.75
    assert (conflict["n_units"], conflict["n_coders"]) == (4, 2)
    economic = table.set_index("frame").loc["economic"]
    assert np.isnan(economic["alpha"]) and economic["agreement"] == 1.0


def test_report_many_coders_uses_fleiss_or_none():
    complete = _codings({"conflict": [1, 1, 0, 0, 0, 0, 1, 0, 1]}, ["a", "b", "c"])
    row = report(complete).iloc[0]
    assert row["kappa_type"] == "fleiss"
    assert row["kappa"] == pytest.approx(fleiss_kappa([[1, 2], [3, 0], [1, 2]]))
    incomplete = complete.copy()
    incomplete.loc[0, "conflict"] = nan
    row = report(incomplete).iloc[0]
    assert row["kappa_type"] == "none" and np.isnan(row["kappa"])
    assert not np.isnan(row["alpha"])


def test_report_bootstrap_columns_and_id_units():
    codings = _codings({"conflict": [1, 1, 0, 0, 1, 0, 1, 1, 0, 0]}, ["a", "b"]).rename(
        columns={"unit": "doc_id"}
    )
    table = report(codings, ["conflict"], n_boot=100, seed=1)
    assert {"alpha_ci_low", "alpha_ci_high"} <= set(table.columns)
    assert table.loc[0, "alpha_ci_low"] <= table.loc[0, "alpha"] <= table.loc[0, "alpha_ci_high"]


def test_report_errors_name_the_problem():
    codings = _codings({"conflict": [1, 1, 0, 0]}, ["a", "b"])
    with pytest.raises(DataError, match="frames"):
        report(pd.DataFrame(codings.to_dict("list")))  # no attrs: frames unknown
    with pytest.raises(DataError, match="repeat"):
        report(pd.concat([codings, codings]), ["conflict"])
    with pytest.raises(DataError, match="coder"):
        report(codings, ["conflict"], coder="annotator")
