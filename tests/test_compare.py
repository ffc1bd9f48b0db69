"""Tests for framing.compare and framing.terms: estimates, pairwise tests, profiles, distinctive terms, KWIC."""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon

# Imported through the package: this is the public API, and it binds framing.compare to
# the function before anything imports the framing.compare module by its dotted name.
import framing
from framing import compare, distinctive_terms, kwic, pairwise, profile_distance
from framing.errors import DataError

FRAMES = ["leverage", "morale"]

# Most fixtures here have a handful of articles per group; the warning has its own tests.
pytestmark = pytest.mark.filterwarnings("ignore::framing.errors.FewClustersWarning")


def _scores(frame: pd.DataFrame, frames=FRAMES, unit="document") -> pd.DataFrame:
    frame.attrs["framing"] = {"codebook": "test", "frames": list(frames), "unit": unit}
    return frame


@pytest.fixture
def doc_scores() -> pd.DataFrame:
    return _scores(
        pd.DataFrame(
            {
                "doc_id": [f"d{i}" for i in range(9)],
                "outlet": ["A", "A", "A", "B", "B", "B", "C", "C", "C"],
                "n_tokens": [100] * 9,
                "leverage": [2.0, 0.0, 4.0, 0.0, 1.0, 0.0, 5.0, 6.0, 7.0],
                "morale": [1.0, 1.0, 1.0, 3.0, 0.0, 3.0, 0.0, 0.0, 1.0],
            }
        )
    )


@pytest.fixture
def sentence_scores() -> pd.DataFrame:
    # Article a1 has 3 sentences, a2 one: the unit mean is not the mean of article means.
    return _scores(
        pd.DataFrame(
            {
                "doc_id": ["a1", "a1", "a1", "a2", "b1", "b1", "b2"],
                "sent_id": [0, 1, 2, 0, 0, 1, 0],
                "outlet": ["A", "A", "A", "A", "B", "B", "B"],
                "n_tokens": [10] * 7,
                "leverage": [3.0, 0.0, 0.0, 9.0, 0.0, 2.0, 0.0],
                "morale": [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0],
            }
        ),
        unit="sentence",
    )


def _random_sentences(rng, n_docs=40, outlets=("A", "B", "C")) -> pd.DataFrame:
    rows = []
    for d in range(n_docs):
        outlet = outlets[d % len(outlets)]
        level = rng.gamma(2.0, 2.0)  # article-level propensity -> intra-article correlation
        for s in range(rng.integers(1, 6)):
            rows.append(
                {
                    "doc_id": f"{outlet}{d}",
                    "sent_id": s,
                    "outlet": outlet,
                    "leverage": float(rng.poisson(level)),
                    "morale": float(rng.poisson(1.0)),
                }
            )
    return _scores(pd.DataFrame(rows), unit="sentence")


# --------------------------------------------------------------------------- compare


def test_compare_columns_and_document_means(doc_scores):
    out = compare(doc_scores)
    # A document table clustered by article: neither n_docs nor n_units would add anything.
    assert list(out.columns) == ["outlet", "frame", "estimate", "ci_low", "ci_high", "n_clusters"]
    assert list(out["outlet"]) == ["A", "A", "B", "B", "C", "C"]
    assert list(out["frame"]) == FRAMES * 3
    expected = doc_scores.groupby("outlet")[FRAMES].mean().stack().to_numpy()
    np.testing.assert_allclose(out["estimate"], expected)
    assert (out["n_clusters"] == 3).all()
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()


def test_compare_sentence_tables_sum_units_to_articles(sentence_scores):
    # A: a1 = sentences (3, 0, 0) of 10 tokens -> 3 matches... in 30 tokens: rate 1.0;
    # a2 = 9.0. B: b1 = (0, 2) -> 1.0, b2 = 0.0.
    out = compare(sentence_scores, frames="leverage").set_index("outlet")
    assert out.loc["A", "estimate"] == pytest.approx((1.0 + 9.0) / 2)
    assert out.loc["B", "estimate"] == pytest.approx((1.0 + 0.0) / 2)
    assert out.loc["A", "n_clusters"] == 2 and out.loc["A", "n_units"] == 4
    assert "n_docs" not in out.columns
    pooled = compare(sentence_scores, frames="leverage", weight="token").set_index("outlet")
    assert pooled.loc["A", "estimate"] == pytest.approx(12 / 4)  # 120 matches-per-1k x tokens
    assert pooled.loc["B", "estimate"] == pytest.approx(2 / 3)
    assert out.attrs["framing"]["analysis"]["estimand"].startswith("mean over articles")
    assert "pooled" in pooled.attrs["framing"]["analysis"]["estimand"]


def test_compare_on_sentences_equals_compare_on_articles():
    # Units summed to articles: a sentence table gives what scoring whole articles gives.
    rng = np.random.default_rng(11)
    rows = []
    for d in range(12):
        for s in range(int(rng.integers(1, 6))):
            tokens = int(rng.integers(3, 30))
            matches = int(rng.poisson(0.5))
            rows.append(
                {
                    "doc_id": f"d{d}",
                    "sent_id": s,
                    "outlet": "AB"[d % 2],
                    "n_tokens": tokens,
                    "leverage": matches * 1000 / tokens,
                    "morale": float(rng.integers(0, 2)) * 1000 / tokens,
                }
            )
    sents = _scores(pd.DataFrame(rows), unit="sentence")
    counts = (
        sents.assign(**{f: sents[f] * sents["n_tokens"] / 1000 for f in FRAMES})
        .groupby(["doc_id", "outlet"], as_index=False)[["n_tokens", *FRAMES]]
        .sum()
    )
    docs = _scores(counts.assign(**{f: counts[f] / counts["n_tokens"] * 1000 for f in FRAMES}))
    for weight in ("article", "token"):
        a = compare(sents, weight=weight, interval="t")
        b = compare(docs, weight=weight, interval="t")
        np.testing.assert_allclose(a["estimate"], b["estimate"])
        np.testing.assert_allclose(a["ci_low"], b["ci_low"])
        assert (a["n_units"] > a["n_clusters"]).all() and "n_units" not in b.columns


def test_compare_bootstrap_resamples_whole_articles():
    # Group A's articles have values 1, 5 and 9 (the first from three sentences): any
    # resample of whole articles has a mean of the form (i + 5 j + 9 l) / 3.
    scores = _scores(
        pd.DataFrame(
            {
                "doc_id": ["a1", "a1", "a1", "a2", "a3"],
                "outlet": "A",
                "n_tokens": 10,
                "leverage": [3.0, 0.0, 0.0, 5.0, 9.0],
                "morale": 0.0,
            }
        ),
        unit="sentence",
    )
    # 401 replicates: the 2.5% and 97.5% quantiles fall on replicates 10 and 390
    out = compare(scores, frames="leverage", interval="percentile", n_boot=401).iloc[0]
    possible = np.array([(i + 5 * j + 9 * (3 - i - j)) / 3 for i in range(4) for j in range(4 - i)])
    assert np.abs(possible - out["ci_low"]).min() < 1e-9
    assert np.abs(possible - out["ci_high"]).min() < 1e-9
    assert out["estimate"] == pytest.approx(5.0)


def test_compare_share(doc_scores):
    out = compare(doc_scores, stat="share")
    expected = (doc_scores[FRAMES] > 0).groupby(doc_scores["outlet"]).mean().stack().to_numpy()
    np.testing.assert_allclose(out["estimate"], expected)
    ok = out["ci_low"].notna()
    assert out.loc[ok, "ci_high"].max() <= 1 and out.loc[ok, "ci_low"].min() >= 0
    assert out.attrs["framing"]["analysis"]["interval_scale"]["leverage"] == "logit"


def test_compare_by_list(sentence_scores):
    scores = sentence_scores.assign(country=["ua", "ua", "ua", "ru", "ru", "ru", "ru"])
    out = compare(scores, by=["country", "outlet"], frames=["leverage"])
    assert list(out.columns[:3]) == ["country", "outlet", "frame"]
    assert list(zip(out["country"], out["outlet"], strict=True)) == [
        ("ru", "A"),
        ("ru", "B"),
        ("ua", "A"),
    ]
    assert list(out["n_units"]) == [1, 3, 3]


@pytest.mark.parametrize("interval", ["log-t", "t", "bootstrap-t", "percentile"])
def test_compare_no_interval_below_three_clusters(sentence_scores, interval):
    out = compare(sentence_scores, frames="leverage", interval=interval)  # 2 articles each
    assert out["estimate"].notna().all()
    assert out["ci_low"].isna().all() and out["ci_high"].isna().all()
    three = pd.concat([sentence_scores, sentence_scores.iloc[[3]].assign(doc_id="a3")])
    three.attrs = sentence_scores.attrs
    out = compare(three, frames="leverage", interval=interval).set_index("outlet")
    assert out.loc["A", "n_clusters"] == 3 and not np.isnan(out.loc["A", "ci_low"])
    assert np.isnan(out.loc["B", "ci_low"])


def test_compare_without_doc_id_treats_rows_as_clusters(doc_scores):
    no_ids = _scores(doc_scores.drop(columns="doc_id"))
    for interval in ("log-t", "percentile"):
        a = compare(no_ids, interval=interval, n_boot=300, seed=3)
        b = compare(doc_scores, interval=interval, n_boot=300, seed=3)
        pd.testing.assert_frame_equal(a, b)


def test_compare_n_boot_zero_skips_the_bootstrap_only(doc_scores):
    out = compare(doc_scores, interval="percentile", n_boot=0)
    assert out["ci_low"].isna().all() and out["estimate"].notna().all()
    assert compare(doc_scores, n_boot=0)["ci_low"].notna().all()  # t intervals need no draws


def test_compare_seed_reproducible_and_seed_matters():
    scores = _random_sentences(np.random.default_rng(1))
    for interval in ("percentile", "bootstrap-t"):
        a = compare(scores, interval=interval, n_boot=300, seed=7)
        b = compare(scores, interval=interval, n_boot=300, seed=7)
        c = compare(scores, interval=interval, n_boot=300, seed=8)
        pd.testing.assert_frame_equal(a, b)
        assert not np.allclose(a["ci_low"], c["ci_low"])
        np.testing.assert_array_equal(a["estimate"], c["estimate"])
    generator = compare(scores, interval="percentile", n_boot=300, seed=np.random.default_rng(7))
    np.testing.assert_allclose(
        generator["ci_low"], compare(scores, interval="percentile", n_boot=300, seed=7)["ci_low"]
    )


def test_compare_t_interval_is_the_one_sample_t_interval_for_documents():
    from scipy import stats

    rng = np.random.default_rng(0)
    values = rng.gamma(2.0, 2.0, size=12)
    scores = _scores(
        pd.DataFrame({"doc_id": range(12), "outlet": "A", "leverage": values}),
        frames=["leverage"],
    )
    row = compare(scores, interval="t", ci=0.9).iloc[0]
    low, high = stats.t.interval(0.9, 11, loc=values.mean(), scale=stats.sem(values))
    assert row["ci_low"] == pytest.approx(low) and row["ci_high"] == pytest.approx(high)
    # log-t: the same standard error on the log scale, transformed back
    row = compare(scores, ci=0.9).iloc[0]
    half = stats.t.ppf(0.95, 11) * stats.sem(values) / values.mean()
    assert row["ci_low"] == pytest.approx(values.mean() * math.exp(-half))
    assert row["ci_high"] == pytest.approx(values.mean() * math.exp(half))


@pytest.mark.parametrize("weight", ["article", "token"])
def test_compare_t_interval_matches_statsmodels_cluster_robust_fit(weight):
    # Outlets nested in types; by='outlet_type' clusters by outlet. statsmodels: a
    # (weighted) least-squares fit of article values on an intercept, cov_type='cluster'
    # (CR1) and t with (clusters - 1) degrees of freedom.
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    rows = []
    for o in range(7):
        level = rng.gamma(2.0, 1.5)
        for d in range(int(rng.integers(2, 6))):
            tokens = int(rng.integers(100, 900))
            rows.append(
                {
                    "doc_id": f"o{o}d{d}",
                    "outlet": f"o{o}",
                    "outlet_type": "state" if o < 4 else "wire",
                    "n_tokens": tokens,
                    "leverage": rng.poisson(level * tokens / 1000) * 1000 / tokens,
                    "morale": rng.poisson(1.0 * tokens / 1000) * 1000 / tokens,
                }
            )
    scores = _scores(pd.DataFrame(rows))
    out = compare(scores, by="outlet_type", interval="t", weight=weight)
    assert out.attrs["framing"]["analysis"]["cluster"] == "outlet"
    assert "n_docs" in out.columns and "n_units" not in out.columns
    for row in out.itertuples():
        part = scores[scores["outlet_type"] == row.outlet_type]
        w = np.ones(len(part)) if weight == "article" else part["n_tokens"].to_numpy()
        fit = sm.WLS(part[row.frame].to_numpy(), np.ones(len(part)), weights=w).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(part["outlet"])[0]}, use_t=True
        )
        low, high = fit.conf_int(0.05)[0]
        assert row.estimate == pytest.approx(fit.params[0])
        assert row.ci_low == pytest.approx(low) and row.ci_high == pytest.approx(high)
        assert row.n_clusters == part["outlet"].nunique() and row.n_docs == len(part)


def test_compare_bootstrap_t_agrees_with_t_when_clusters_are_many_and_normal():
    rng = np.random.default_rng(5)
    values = rng.normal(10, 2, size=200)
    scores = _scores(
        pd.DataFrame({"doc_id": range(200), "outlet": "A", "leverage": values}),
        frames=["leverage"],
    )
    t = compare(scores, interval="t").iloc[0]
    boot = compare(scores, interval="bootstrap-t", n_boot=4000).iloc[0]
    assert boot["ci_high"] - boot["ci_low"] == pytest.approx(t["ci_high"] - t["ci_low"], rel=0.1)
    pct = compare(scores, interval="percentile", n_boot=4000).iloc[0]
    assert pct["ci_high"] - pct["ci_low"] == pytest.approx(t["ci_high"] - t["ci_low"], rel=0.1)


def test_compare_bootstrap_t_cannot_bound_three_clusters():
    # A resample of one cluster three times has no spread: t* = +-inf, which with only
    # 27 equally likely resamples (3 of them degenerate) is beyond the 2.5% quantiles.
    scores = _scores(
        pd.DataFrame({"doc_id": range(3), "outlet": "A", "leverage": [1.0, 2.0, 4.0]}),
        frames=["leverage"],
    )
    row = compare(scores, interval="bootstrap-t", n_boot=2000).iloc[0]
    assert row["ci_low"] == -np.inf and row["ci_high"] == np.inf


def test_compare_log_t_stays_positive_and_covers_zero_groups():
    scores = _scores(
        pd.DataFrame(
            {
                "doc_id": range(8),
                "outlet": ["A"] * 4 + ["B"] * 4,
                "leverage": [0.0, 0.0, 0.0, 12.0, 0.0, 0.0, 0.0, 0.0],
            }
        ),
        frames=["leverage"],
    )
    out = compare(scores).set_index("outlet")
    assert out.loc["A", "ci_low"] > 0 and out.loc["A", "ci_high"] > 12
    t = compare(scores, interval="t").set_index("outlet")
    assert t.loc["A", "ci_low"] < 0  # the plain t interval goes below any possible score
    assert out.loc["B", "ci_low"] == 0 and out.loc["B", "ci_high"] == 0
    negative = scores.assign(leverage=scores["leverage"] - 1)
    shifted = compare(negative)
    assert shifted.attrs["framing"]["analysis"]["interval_scale"] == {"leverage": "identity"}


def test_compare_few_clusters_warning_once_per_call(doc_scores):
    with pytest.warns(framing.FewClustersWarning) as caught:
        compare(doc_scores)
    few = [w for w in caught if issubclass(w.category, framing.FewClustersWarning)]
    assert len(few) == 1
    message = str(few[0].message)
    assert "3 of 3 group(s)" in message and "'A': 3" in message and "fewer than 10" in message
    assert issubclass(framing.FewClustersWarning, UserWarning)
    assert framing.errors.FewClustersWarning is framing.FewClustersWarning
    out = compare(doc_scores)
    assert out.attrs["framing"]["analysis"]["few_clusters"] == message
    two = doc_scores[doc_scores["doc_id"].isin(["d0", "d1", "d3", "d4", "d5"])]
    with pytest.warns(framing.FewClustersWarning, match="no interval"):
        compare(two)


def test_compare_no_warning_with_ten_clusters_per_group():
    scores = _random_sentences(np.random.default_rng(4), n_docs=20, outlets=("A", "B"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = compare(scores)
    assert (out["n_clusters"] == 10).all()
    assert out.attrs["framing"]["analysis"]["few_clusters"] is None


def _nested() -> pd.DataFrame:
    """Three outlets per type, three articles per outlet, two sentences per article."""
    rows = []
    for o, kind in enumerate(["state"] * 3 + ["wire"] * 3):
        for d in range(3):
            for s in range(2):
                rows.append(
                    {
                        "doc_id": f"o{o}d{d}",
                        "sent_id": s,
                        "outlet": f"o{o}",
                        "outlet_type": kind,
                        "genre": "news" if d < 2 else "opinion",
                        "n_tokens": 10,
                        "leverage": float(o + d + s),
                        "morale": float((o * d) % 3),
                    }
                )
    return _scores(pd.DataFrame(rows), unit="sentence")


def test_cluster_auto_picks_outlets_for_outlet_level_variables():
    scores = _nested()
    by_type = compare(scores, by="outlet_type")
    info = by_type.attrs["framing"]["analysis"]
    assert info["cluster"] == "outlet" and "constant within outlets" in info["cluster_reason"]
    assert list(by_type.columns[-3:]) == ["n_clusters", "n_docs", "n_units"]
    assert (by_type["n_clusters"] == 3).all() and (by_type["n_docs"] == 9).all()
    assert (by_type["n_units"] == 18).all()
    # by='outlet' or a variable that varies within outlets: articles
    for by in ("outlet", "genre", ["outlet_type", "outlet"]):
        out = compare(scores, by=by)
        assert out.attrs["framing"]["analysis"]["cluster"] == "doc_id"
        assert "n_docs" not in out.columns
    # an explicit column overrides
    explicit = compare(scores, by="outlet_type", cluster="doc_id")
    assert explicit.attrs["framing"]["analysis"]["cluster"] == "doc_id"
    assert (explicit["n_clusters"] == 9).all()
    np.testing.assert_allclose(explicit["estimate"], by_type["estimate"])


def test_cluster_auto_in_pairwise_permutes_outlets():
    scores = _nested()
    out = pairwise(scores, by="outlet_type", frames="leverage")
    assert out.attrs["framing"]["analysis"]["cluster"] == "outlet"
    assert out.loc[0, "n_clusters_a"] == 3 and out.loc[0, "n_docs_a"] == 9
    # 3 + 3 outlets: 20 splits, so p is a multiple of 1/20 and at least 1/20
    assert out.loc[0, "p"] * 20 == pytest.approx(round(out.loc[0, "p"] * 20))
    by_article = pairwise(scores, by="outlet_type", frames="leverage", cluster="doc_id")
    assert by_article.loc[0, "p"] < out.loc[0, "p"]


def test_cluster_auto_with_a_sentence_level_variable_warns():
    scores = _nested().assign(first=lambda d: np.where(d["sent_id"] == 0, "first", "later"))
    with pytest.warns(UserWarning, match="varies within articles"):
        out = compare(scores, by="first", interval="t")
    assert out.attrs["framing"]["analysis"]["cluster"] is None
    assert (out["n_clusters"] == 18).all() and (out["n_units"] == 18).all()


def test_compare_skips_missing_scores_frame_by_frame(sentence_scores):
    scores = sentence_scores.copy()
    scores.loc[[0, 4], "morale"] = np.nan
    with pytest.warns(UserWarning, match=r"skipped rows with missing \(NaN\) scores"):
        out = compare(scores, interval="t").set_index(["outlet", "frame"])
    assert out.attrs["framing"]["analysis"]["n_skipped"] == {"morale": 2}
    complete = compare(sentence_scores.drop(index=[0, 4]), frames="morale", interval="t")
    np.testing.assert_allclose(out.xs("morale", level="frame")["estimate"], complete["estimate"])
    assert out.loc[("A", "morale"), "n_units"] == 3 and out.loc[("A", "leverage"), "n_units"] == 4
    untouched = compare(sentence_scores, frames="leverage", interval="t")
    np.testing.assert_allclose(out.xs("leverage", level="frame")["estimate"], untouched["estimate"])


def test_statistics_refuse_infinite_scores(doc_scores):
    bad = doc_scores.copy()
    bad.loc[4, "morale"] = np.inf
    for function in (compare, pairwise, profile_distance):
        with pytest.raises(DataError, match=r"'morale' has 1 infinite value.*index \[4\]"):
            function(bad)


def test_compare_keeps_provenance_and_parameters(doc_scores):
    out = compare(doc_scores, frames=["morale"], n_boot=10, seed=4)
    prov = out.attrs["framing"]
    assert prov["codebook"] == "test" and prov["unit"] == "document"
    assert prov["frames"] == ["morale"]
    info = prov["analysis"]
    assert info["function"] == "framing.compare"
    assert info["seed"] == 4 and info["by"] == ["outlet"]
    assert info["interval"] == "log-t" and info["weight"] == "article"
    assert info["cluster"] == "doc_id" and info["n_skipped"] == {}
    assert doc_scores.attrs["framing"]["frames"] == FRAMES  # input untouched


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), shuffle=st.integers(0, 2**16))
def test_compare_does_not_depend_on_row_order(seed, shuffle):
    scores = _random_sentences(np.random.default_rng(seed), n_docs=12)
    shuffled = scores.sample(frac=1, random_state=shuffle)
    shuffled.attrs = scores.attrs
    for interval in ("log-t", "percentile"):
        pd.testing.assert_frame_equal(
            compare(scores, interval=interval, n_boot=50),
            compare(shuffled, interval=interval, n_boot=50),
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "country"}, "'country'"),
        ({"frames": ["nope"]}, "unknown frame 'nope'"),
        ({"frames": ["outlet"]}, "not numeric"),
        ({"stat": "median"}, "stat='median'"),
        ({"interval": "bca"}, "interval='bca'"),
        ({"weight": "sentence"}, "weight='sentence'"),
        ({"ci": 1.0}, "between 0 and 1"),
        ({"ci": 0}, "between 0 and 1"),
        ({"n_boot": -1}, "n_boot"),
        ({"n_boot": 10**9}, "n_boot must be an integer between 0 and 1000000"),
        ({"cluster": "article"}, "cluster column 'article'"),
        ({"seed": "x"}, "seed"),
        ({"seed": -1}, "seed"),
    ],
)
def test_compare_errors(doc_scores, kwargs, message):
    with pytest.raises(DataError, match=message):
        compare(doc_scores, **kwargs)


def test_compare_token_weight_needs_token_counts(doc_scores):
    with pytest.raises(DataError, match="weight='token'.*n_tokens"):
        compare(doc_scores.drop(columns="n_tokens"), weight="token")


def test_compare_errors_on_bad_tables(doc_scores):
    bare = pd.DataFrame(doc_scores.to_dict("list"))  # no attrs
    if "n_tokens" in bare.columns:  # the score-table layout still says which columns are frames
        pd.testing.assert_frame_equal(compare(bare), compare(doc_scores), check_like=True)
    with pytest.raises(DataError, match="frames="):
        compare(bare.drop(columns="n_tokens", errors="ignore"))  # no attrs, no layout
    with pytest.raises(DataError, match="DataFrame"):
        compare(doc_scores.to_dict())
    with pytest.raises(DataError, match="empty"):
        compare(doc_scores.iloc[:0])
    missing = doc_scores.astype({"outlet": object})
    missing.loc[0, "outlet"] = None
    with pytest.raises(DataError, match="missing value"):
        compare(missing)
    no_id = doc_scores.astype({"doc_id": object})
    no_id.loc[2, "doc_id"] = None
    with pytest.raises(DataError, match="cluster column 'doc_id'"):
        compare(no_id)


# --------------------------------------------------------------------------- pairwise


def test_cliffs_delta_hand_computed():
    # a = [1, 2, 3], b = [2, 4]: pairs (a > b) = {(3, 2)}, (a < b) = {(1,2), (1,4), (2,4), (3,4)},
    # one tie (2, 2): delta = (1 - 4) / 6 = -0.5.
    scores = _scores(
        pd.DataFrame({"outlet": ["A"] * 3 + ["B"] * 2, "leverage": [1.0, 2.0, 3.0, 2.0, 4.0]}),
        frames=["leverage"],
    )
    row = pairwise(scores, effect="cliffs_delta").iloc[0]
    assert row["effect"] == "cliffs_delta"
    assert row["effect_size"] == pytest.approx(-0.5)
    assert row["mean_a"] == pytest.approx(2.0) and row["mean_b"] == pytest.approx(3.0)
    assert row["difference"] == pytest.approx(-1.0)


@settings(max_examples=50, deadline=None)
@given(
    x=st.lists(st.integers(0, 5), min_size=1, max_size=12),
    y=st.lists(st.integers(0, 5), min_size=1, max_size=12),
)
def test_cliffs_delta_matches_brute_force(x, y):
    from framing.stats.pairwise import _cliffs_delta

    brute = sum((a > b) - (a < b) for a in x for b in y) / (len(x) * len(y))
    got = _cliffs_delta(np.array(x, float), np.array(y, float))
    assert got == pytest.approx(brute)
    assert _cliffs_delta(np.array(y, float), np.array(x, float)) == pytest.approx(-brute)


@settings(max_examples=50, deadline=None)
@given(p=st.lists(st.floats(0, 1), min_size=1, max_size=30))
def test_holm_matches_statsmodels_on_any_p_values(p):
    from statsmodels.stats.multitest import multipletests

    from framing.stats.pairwise import _adjust

    p = np.array(p)
    np.testing.assert_allclose(_adjust(p, "holm"), multipletests(p, method="holm")[1])


def test_cohens_d_hand_computed():
    scores = _scores(
        pd.DataFrame({"outlet": ["A"] * 3 + ["B"] * 3, "leverage": [1.0, 2.0, 3.0, 3.0, 4.0, 5.0]}),
        frames=["leverage"],
    )
    row = pairwise(scores).iloc[0]
    assert row["effect"] == "cohens_d"
    assert row["effect_size"] == pytest.approx(-2.0)  # (2 - 4) / pooled sd 1


def test_effect_size_has_the_sign_of_the_difference():
    # Article a1 with 20 sentences scoring 5, a2-a4 one 0-score sentence each; group B
    # four articles scoring 1. The mean over articles is 1.25 against 1: A is higher, yet
    # most of A's articles score below B's (Cliff's delta -0.5).
    rows = [{"doc_id": "a1", "outlet": "A", "leverage": 5.0}] * 20
    rows += [{"doc_id": f"a{i}", "outlet": "A", "leverage": 0.0} for i in (2, 3, 4)]
    rows += [{"doc_id": f"b{i}", "outlet": "B", "leverage": 1.0} for i in range(4)]
    scores = _scores(pd.DataFrame(rows), frames=["leverage"], unit="sentence")
    row = pairwise(scores).iloc[0]
    assert row["difference"] == pytest.approx(0.25) and row["effect_size"] > 0
    assert pairwise(scores, effect="cliffs_delta").loc[0, "effect_size"] == pytest.approx(-0.5)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_effect_size_and_difference_never_disagree_in_sign(seed):
    scores = _random_sentences(np.random.default_rng(seed), n_docs=10, outlets=("A", "B"))
    for weight in ("article",):
        out = pairwise(scores, n_perm=10, weight=weight)
        ok = out["effect_size"].notna()
        assert (np.sign(out.loc[ok, "effect_size"]) == np.sign(out.loc[ok, "difference"])).all()


def test_pairwise_columns_and_means_agree_with_compare(sentence_scores):
    out = pairwise(sentence_scores, n_perm=200)
    assert list(out.columns) == [
        "group_a",
        "group_b",
        "frame",
        "n_clusters_a",
        "n_clusters_b",
        "mean_a",
        "mean_b",
        "difference",
        "effect",
        "effect_size",
        "p",
        "p_adj",
    ]
    for weight in ("article", "token"):
        out = pairwise(sentence_scores, n_perm=200, weight=weight)
        est = compare(sentence_scores, weight=weight).set_index(["outlet", "frame"])["estimate"]
        for row in out.itertuples():
            assert row.mean_a == pytest.approx(est[(row.group_a, row.frame)])
            assert row.mean_b == pytest.approx(est[(row.group_b, row.frame)])
            assert row.difference == pytest.approx(row.mean_a - row.mean_b)


def _exact_p(x: np.ndarray, y: np.ndarray, statistic) -> float:
    pooled = np.concatenate([x, y])
    observed = abs(statistic(x, y))
    hits = total = 0
    for idx in itertools.combinations(range(len(pooled)), len(x)):
        mask = np.zeros(len(pooled), bool)
        mask[list(idx)] = True
        total += 1
        hits += abs(statistic(pooled[mask], pooled[~mask])) >= observed * (1 - 1e-12)
    return hits / total


def _welch_t(x, y):
    return (x.mean() - y.mean()) / math.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y))


def _two_groups(x, y):
    return _scores(
        pd.DataFrame(
            {"outlet": ["A"] * len(x) + ["B"] * len(y), "leverage": np.concatenate([x, y])}
        ),
        frames=["leverage"],
    )


X = np.array([3.0, 4.0, 1.0, 6.0, 2.5])
Y = np.array([0.0, 1.0, 0.5, 2.0, 1.0, 0.0, 0.2])


def test_pairwise_difference_statistic_agrees_with_scipy_permutation_test():
    from scipy.stats import permutation_test

    # 792 splits, fewer than n_perm: both enumerate them all
    p = pairwise(_two_groups(X, Y), statistic="difference", n_perm=5000).loc[0, "p"]
    # scipy's two-sided p doubles the smaller one-sided p; |statistic| with 'greater' is
    # the share of splits at least as extreme, the definition used here.
    ref = permutation_test(
        (X, Y),
        lambda a, b: abs(a.mean() - b.mean()),
        permutation_type="independent",
        n_resamples=5000,
        alternative="greater",
    ).pvalue
    assert p == pytest.approx(ref)
    assert p == pytest.approx(_exact_p(X, Y, lambda a, b: a.mean() - b.mean()))


def test_pairwise_studentized_statistic_agrees_with_scipy_permutation_test_and_welch():
    from scipy.stats import permutation_test, ttest_ind

    out = pairwise(_two_groups(X, Y), statistic="studentized", n_perm=5000).loc[0]
    ref = permutation_test(
        (X, Y),
        lambda a, b: abs(_welch_t(a, b)),
        permutation_type="independent",
        n_resamples=5000,
        alternative="greater",
    ).pvalue
    assert out["p"] == pytest.approx(ref)
    assert out["p"] == pytest.approx(_exact_p(X, Y, _welch_t))
    welch = ttest_ind(X, Y, equal_var=False).pvalue
    default = pairwise(_two_groups(X, Y), n_perm=5000).loc[0, "p"]
    assert default == pytest.approx(max(ref, welch))


def test_pairwise_welch_guard_is_the_welch_t_test_when_it_is_larger():
    from scipy.stats import ttest_ind

    # 5 vs 30 articles, spreads 3 vs 0.3: the permutation distribution of the studentized
    # statistic is too narrow here; the reported p is never below Welch's.
    rng = np.random.default_rng(8)
    x, y = rng.normal(0, 3, 5), rng.normal(0, 0.3, 30)
    out = pairwise(_two_groups(x, y), n_perm=2000, seed=1).loc[0]
    perm = pairwise(_two_groups(x, y), n_perm=2000, seed=1, statistic="studentized").loc[0]
    welch = ttest_ind(x, y, equal_var=False).pvalue
    assert out["p"] == pytest.approx(max(perm["p"], welch))
    assert out["p"] >= welch - 1e-12


def test_pairwise_permutes_articles_not_sentences():
    # Two articles per outlet, many identical sentences each: with sentences as units a
    # test would look very significant; with articles only 6 splits exist, so p >= 1/3.
    rows = [
        {"doc_id": doc, "outlet": outlet, "leverage": value}
        for doc, outlet, value in [
            ("a1", "A", 5.0),
            ("a2", "A", 6.0),
            ("b1", "B", 0.0),
            ("b2", "B", 1.0),
        ]
        for _ in range(20)
    ]
    scores = _scores(pd.DataFrame(rows), frames=["leverage"])
    out = pairwise(scores, statistic="difference", n_perm=2000)
    assert out.loc[0, "p"] == pytest.approx(2 / 6)
    naive = scores.assign(doc_id=[f"s{i}" for i in range(len(scores))])  # sentences as articles
    p_naive = pairwise(naive, statistic="difference", n_perm=2000).loc[0, "p"]
    assert p_naive == pytest.approx(1 / 2001)


def test_pairwise_p_is_never_zero_and_identical_groups_give_one(doc_scores):
    out = pairwise(doc_scores, n_perm=99)
    assert (out["p"] >= 1 / 100).all() and (out["p"] <= 1).all()
    same = _scores(
        pd.DataFrame({"outlet": list("AABB"), "leverage": [1.0, 2.0, 1.0, 2.0]}),
        frames=["leverage"],
    )
    for statistic in ("welch", "studentized", "difference"):
        assert pairwise(same, n_perm=99, statistic=statistic).loc[0, "p"] == 1.0


@pytest.mark.parametrize("method", ["holm", "fdr_bh", "bonferroni"])
def test_pairwise_adjustment_matches_statsmodels(method):
    from statsmodels.stats.multitest import multipletests

    scores = _random_sentences(np.random.default_rng(5), n_docs=30, outlets=tuple("ABCD"))
    out = pairwise(scores, n_perm=300, adjust=method)
    assert len(out) == 6 * 2
    expected = multipletests(out["p"], method=method)[1]
    np.testing.assert_allclose(out["p_adj"], expected)


def test_pairwise_no_adjustment_and_reproducible(doc_scores):
    a = pairwise(doc_scores, n_perm=200, adjust=None, seed=3)
    np.testing.assert_array_equal(a["p"], a["p_adj"])
    pd.testing.assert_frame_equal(a, pairwise(doc_scores, n_perm=200, adjust=None, seed=3))
    assert list(zip(a["group_a"], a["group_b"], strict=True))[::2] == [
        ("A", "B"),
        ("A", "C"),
        ("B", "C"),
    ]
    assert a.attrs["framing"]["analysis"]["n_perm"] == 200


def test_pairwise_by_list_labels_are_tuples(doc_scores):
    scores = doc_scores.assign(kind=["x"] * 9)
    out = pairwise(scores, by=["kind", "outlet"], frames="morale", n_perm=20)
    assert out.loc[0, "group_a"] == ("x", "A")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"adjust": "sidak"}, "adjust='sidak'"),
        ({"effect": "hedges_g"}, "effect='hedges_g'"),
        ({"statistic": "t"}, "statistic='t'"),
        ({"n_perm": 0}, "n_perm"),
        ({"n_perm": 10**9}, "n_perm"),
        ({"frames": ["x"]}, "unknown frame 'x'"),
        ({"by": "country"}, "'country'"),
        ({"seed": -1}, "seed"),
        ({"seed": "x"}, "seed"),
    ],
)
def test_pairwise_errors(doc_scores, kwargs, message):
    with pytest.raises(DataError, match=message):
        pairwise(doc_scores, **kwargs)


def test_pairwise_needs_two_groups(doc_scores):
    with pytest.raises(DataError, match="at least two groups"):
        pairwise(doc_scores[doc_scores["outlet"] == "A"])


@pytest.mark.parametrize(
    ("adjust", "recorded"),
    [
        ("holm", "holm"),
        ("bh", "fdr_bh"),
        ("fdr_bh", "fdr_bh"),
        ("bonferroni", "bonferroni"),
        (None, None),
    ],
)
def test_pairwise_adjust_names_record_the_canonical_name(doc_scores, adjust, recorded):
    out = pairwise(doc_scores, n_perm=100, adjust=adjust)
    assert out.attrs["framing"]["analysis"]["adjust"] == recorded
    if recorded is None:
        np.testing.assert_array_equal(out["p_adj"], out["p"])


@pytest.mark.parametrize(
    "spelling", ["Holm", "BH", "fdr", "benjamini-hochberg", "holm-bonferroni", "none", "None"]
)
def test_pairwise_refuses_the_removed_adjust_spellings(doc_scores, spelling):
    with pytest.raises(framing.ParameterError, match="'holm', 'bh'"):
        pairwise(doc_scores, adjust=spelling)


@pytest.mark.parametrize("effect", ["cliffs_delta", "cohens_d"])
def test_pairwise_has_one_effect_size_column(doc_scores, effect):
    out = pairwise(doc_scores, n_perm=50, effect=effect)
    assert "cliffs_delta" not in out.columns and "cohens_d" not in out.columns
    assert (out["effect"] == effect).all() and out["effect_size"].notna().any()


def test_pairwise_skips_missing_scores(doc_scores):
    scores = doc_scores.copy()
    scores.loc[[0, 3], "leverage"] = np.nan
    with pytest.warns(UserWarning, match="missing"):
        out = pairwise(scores, n_perm=200)
    assert out.attrs["framing"]["analysis"]["n_skipped"] == {"leverage": 2}
    lev = out[out["frame"] == "leverage"].set_index(["group_a", "group_b"])
    assert lev.loc[("A", "B"), "n_clusters_a"] == 2 and lev.loc[("A", "C"), "n_clusters_b"] == 3
    assert lev.loc[("A", "B"), "mean_a"] == pytest.approx((0.0 + 4.0) / 2)  # without d0


def test_pairwise_is_exact_when_all_splits_can_be_enumerated():
    # 3 + 4 articles, one unit each: 35 splits, fewer than n_perm
    values = {"a": [9.0, 7.0, 8.0], "b": [1.0, 0.0, 2.0, 3.0]}
    rows = [
        {"doc_id": f"{g}{i}", "outlet": g, "n_tokens": 100, "leverage": v}
        for g, vs in values.items()
        for i, v in enumerate(vs)
    ]
    scores = pd.DataFrame(rows)
    scores.attrs["framing"] = {"frames": ["leverage"]}
    res = pairwise(scores, frames=["leverage"], n_perm=1000, seed=1, statistic="difference")
    allv = values["a"] + values["b"]
    obs = abs(np.mean(values["a"]) - np.mean(values["b"]))
    splits = list(itertools.combinations(range(7), 3))
    extreme = sum(
        abs(np.mean([allv[i] for i in s]) - np.mean([allv[i] for i in range(7) if i not in s]))
        >= obs - 1e-12
        for s in splits
    )
    assert len(splits) == 35
    assert res.loc[0, "p"] == pytest.approx(extreme / 35)
    assert res.loc[0, "p"] == pytest.approx(1 / 35)  # only the observed split is as extreme
    assert res.attrs["framing"]["analysis"]["exact"] == "1 of 1 pairs"
    # the same for any seed: nothing random is left
    again = pairwise(scores, frames=["leverage"], n_perm=1000, seed=7, statistic="difference")
    assert again.loc[0, "p"] == res.loc[0, "p"]


# --------------------------------------------------------------------------- profiles


def test_profile_distance_known_values(doc_scores):
    out = profile_distance(doc_scores)
    assert list(out.index) == ["A", "B", "C"] and list(out.columns) == ["A", "B", "C"]
    means = doc_scores.groupby("outlet")[FRAMES].mean()
    profiles = means.div(means.sum(axis=1), axis=0).to_numpy()
    for i, j in itertools.product(range(3), repeat=2):
        expected = 0.0 if i == j else jensenshannon(profiles[i], profiles[j], base=2)
        assert out.iloc[i, j] == pytest.approx(expected)
    np.testing.assert_allclose(out.to_numpy(), out.to_numpy().T)


def test_profile_distance_bounds_and_empty_profile():
    scores = _scores(
        pd.DataFrame(
            {
                "outlet": ["A", "B", "C", "D"],
                "leverage": [1.0, 0.0, 2.0, 0.0],
                "morale": [0.0, 3.0, 0.0, 0.0],
            }
        )
    )
    out = profile_distance(scores)
    assert out.loc["A", "B"] == pytest.approx(1.0)  # nothing in common
    assert out.loc["A", "C"] == 0.0  # same profile, different density
    assert out.loc["D"].isna().all() and out["D"].isna().all()


def test_profile_distance_errors(doc_scores):
    with pytest.raises(DataError, match="at least two frames"):
        profile_distance(doc_scores, frames=["leverage"])
    negative = doc_scores.assign(leverage=-1.0)
    with pytest.raises(DataError, match="negative"):
        profile_distance(negative)


# --------------------------------------------------------------------------- distinctive terms


def _convokit_z(tokens_1: list[str], tokens_2: list[str], priors: dict[str, float]) -> dict:
    """An independent re-implementation of the z-scores of ConvoKit's FightingWords.

    Follows the formula of ``FightingWords._bayes_compare_language`` in
    CornellNLP/ConvoKit, convokit/fighting_words/fightingWords.py: a0 = sum of the prior
    vector, one term at a time, delta = log((y1 + a)/(n1 + a0 - y1 - a)) -
    log((y2 + a)/(n2 + a0 - y2 - a)), var = 1/(y1 + a) + 1/(y2 + a).
    """
    c1, c2 = Counter(tokens_1), Counter(tokens_2)
    n1, n2 = sum(c1.values()), sum(c2.values())
    a0 = sum(priors.values())
    out = {}
    for term, a in priors.items():
        y1, y2 = c1[term], c2[term]
        delta = math.log((y1 + a) / (n1 + a0 - y1 - a)) - math.log((y2 + a) / (n2 + a0 - y2 - a))
        out[term] = delta / math.sqrt(1 / (y1 + a) + 1 / (y2 + a))
    return out


@pytest.fixture
def news() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1", "b2", "c1"],
            "outlet": ["A", "A", "B", "B", "C"],
            "text": [
                "The prisoners are a bargaining chip in the talks. Talks stalled.",
                "Kyiv's negotiators want an all-for-all exchange; the talks go on.",
                "Families of the prisoners wait. The families hope and pray.",
                "A mother waits for her son, a prisoner of war.",
                "The exchange was mediated by the UAE, the ministry said.",
            ],
        }
    )


@pytest.mark.parametrize("prior", ["uniform", "corpus"])
def test_distinctive_terms_reproduce_convokit_formula(news, prior):
    from framing.text import tokenize

    alpha = 0.05
    out = distinctive_terms(news, prior=prior, alpha=alpha, top=None)
    tokens = {
        o: [t for text in g["text"] for t in tokenize(text)] for o, g in news.groupby("outlet")
    }
    all_tokens = [t for ts in tokens.values() for t in ts]
    vocab = sorted(set(all_tokens))
    if prior == "uniform":
        priors = dict.fromkeys(vocab, alpha)
    else:
        share = Counter(all_tokens)
        priors = {t: alpha * len(vocab) * share[t] / len(all_tokens) for t in vocab}
    for outlet in ["A", "B", "C"]:
        rest = [t for o, ts in tokens.items() if o != outlet for t in ts]
        expected = _convokit_z(tokens[outlet], rest, priors)
        got = out[out["outlet"] == outlet].set_index("term")
        assert len(got) == len(vocab)
        for term, z in expected.items():
            assert got.loc[term, "z"] == pytest.approx(z, rel=1e-10)
        assert (
            got["count_target"]
            == pd.Series(Counter(tokens[outlet])).reindex(got.index, fill_value=0)
        ).all()


def test_distinctive_terms_corpus_prior_hand_computed():
    corpus = pd.DataFrame({"outlet": ["A", "B"], "text": ["tax tax war", "war oil"]})
    out = distinctive_terms(corpus, target="A", prior="corpus", alpha=0.01, top=None)
    tax = out.set_index("term").loc["tax"]
    # V = 3 terms, corpus counts tax 2, war 2, oil 1 (n = 5): a_0 = 0.01 * 3 = 0.03 and
    # a_tax = 0.03 * 2 / 5 = 0.012. Target A: y_i = 2, n_i = 3; rest B: y_j = 0, n_j = 2.
    delta = math.log(2.012 / (3 + 0.03 - 2 - 0.012)) - math.log(0.012 / (2 + 0.03 - 0.012))
    variance = 1 / 2.012 + 1 / 0.012
    assert tax["delta"] == pytest.approx(delta, rel=1e-12)
    assert tax["variance"] == pytest.approx(variance, rel=1e-12)
    assert tax["z"] == pytest.approx(delta / math.sqrt(variance), rel=1e-12)


def test_distinctive_terms_shape_and_order(news):
    out = distinctive_terms(news, top=3)
    assert list(out.columns) == [
        "outlet",
        "term",
        "count_target",
        "count_rest",
        "delta",
        "variance",
        "z",
    ]
    assert list(out["outlet"]) == ["A"] * 3 + ["B"] * 3 + ["C"] * 3
    for _, group in out.groupby("outlet"):
        assert group["z"].is_monotonic_decreasing
    top_b = out[out["outlet"] == "B"]["term"].tolist()
    assert "families" in top_b
    assert np.allclose(out["z"], out["delta"] / np.sqrt(out["variance"]))


def test_distinctive_terms_target_stopwords_and_min_count(news):
    out = distinctive_terms(news, target="A", top=None, stopwords="english")
    assert set(out["outlet"]) == {"A"}
    assert "the" not in set(out["term"]) and "talks" in set(out["term"])
    custom = distinctive_terms(news, target="A", top=None, stopwords=["Talks"])
    assert "talks" not in set(custom["term"]) and "the" in set(custom["term"])
    frequent = distinctive_terms(news, target="A", top=None, min_count=3)
    assert set(frequent["term"]) <= {"the", "talks", "prisoners", "a", "exchange", "families"}
    assert out.attrs["framing"]["analysis"]["target"] == "A"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": "Z"}, "target='Z'"),
        ({"prior": "jeffreys"}, "prior='jeffreys'"),
        ({"alpha": 0}, "alpha"),
        ({"top": 0}, "top"),
        ({"text_col": "body"}, "'body'"),
        ({"by": "country"}, "'country'"),
        ({"stopwords": "french"}, "stopwords='french'"),
        ({"min_count": 1000}, "no terms left"),
    ],
)
def test_distinctive_terms_errors(news, kwargs, message):
    with pytest.raises(DataError, match=message):
        distinctive_terms(news, **kwargs)


def test_distinctive_terms_bootstrap_widens_for_bursty_words():
    # "chip" occurs 6 times in group A, all in one article; "talks" 6 times spread over
    # six articles. Same counts, same Monroe z; the bootstrap sees the burst.
    texts = ["chip chip chip chip chip chip news"] + ["talks news"] * 6 + ["news"] * 3
    corpus = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(10)],
            "outlet": ["A"] * 7 + ["B"] * 3,
            "text": texts,
        }
    )
    monroe = distinctive_terms(corpus, target="A", top=None)
    out = distinctive_terms(corpus, target="A", top=None, method="bootstrap", n_boot=2000)
    pd.testing.assert_frame_equal(out[monroe.columns], monroe)
    rows = out.set_index("term")
    assert rows.loc["chip", "z"] == pytest.approx(rows.loc["talks", "z"])
    chip = rows.loc["chip", "ci_high"] - rows.loc["chip", "ci_low"]
    talks = rows.loc["talks", "ci_high"] - rows.loc["talks", "ci_low"]
    assert chip > 2 * talks
    assert (
        rows.loc["talks", "ci_low"] > 0 and rows.loc["chip", "ci_low"] < rows.loc["talks", "ci_low"]
    )
    info = out.attrs["framing"]["analysis"]
    assert info["uncertainty"] == "bootstrap" and info["n_boot"] == 2000


def test_distinctive_terms_bootstrap_is_a_point_when_documents_are_identical():
    corpus = pd.DataFrame(
        {"outlet": ["A"] * 3 + ["B"] * 3, "text": ["chip talks"] * 3 + ["families wait"] * 3}
    )
    out = distinctive_terms(corpus, top=None, method="bootstrap", n_boot=50)
    np.testing.assert_allclose(out["ci_low"], out["delta"])
    np.testing.assert_allclose(out["ci_high"], out["delta"])
    again = distinctive_terms(
        corpus, top=None, method="bootstrap", n_boot=50, seed=np.random.default_rng(1)
    )
    assert again.attrs["framing"]["analysis"]["seed"] == "numpy.random.Generator"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "wordfish"}, "method='wordfish'"),
        ({"method": "bootstrap", "n_boot": 0}, "n_boot"),
        ({"method": "bootstrap", "ci": 2}, "ci"),
        ({"method": "bootstrap", "seed": -1}, "seed"),
    ],
)
def test_distinctive_terms_bootstrap_errors(news, kwargs, message):
    with pytest.raises(DataError, match=message):
        distinctive_terms(news, **kwargs)


def test_distinctive_terms_needs_two_groups(news):
    with pytest.raises(DataError, match="at least two groups"):
        distinctive_terms(news[news["outlet"] == "A"])


# --------------------------------------------------------------------------- KWIC


def test_kwic_pattern_window_and_offsets(news):
    out = kwic(news, ["prisoner*", "bargaining chip*"], window=3)
    assert list(out.columns) == ["doc_id", "outlet", "left", "match", "right", "start", "end"]
    assert list(out["match"]) == ["prisoners", "bargaining chip", "prisoners", "prisoner"]
    first = out.iloc[1]
    assert first["left"] == "prisoners are a" and first["right"] == "in the talks"
    for row in out.itertuples():
        text = news.set_index("doc_id").loc[row.doc_id, "text"]
        assert text[row.start : row.end] == row.match
    edge = out.iloc[0]  # "The prisoners ..." has one token on the left
    assert edge["left"] == "The"
    last = out.iloc[-1]  # "... a prisoner of war." runs out of tokens on the right
    assert last["right"] == "of war"  # context ends at a token


def test_kwic_window_zero_and_no_match(news):
    out = kwic(news, "families", window=0)
    assert (out["left"] == "").all() and (out["right"] == "").all()
    assert list(out["match"]) == ["Families", "families"]
    empty = kwic(news, "zeppelin")
    assert empty.empty and list(empty.columns)[-2:] == ["start", "end"]


@pytest.mark.parametrize("frame", [None, "leverage"])
def test_kwic_on_an_empty_corpus_gives_an_empty_table(news, frame):
    empty = news.iloc[0:0]
    out = kwic(empty, frame=frame, codebook="pow-exchange") if frame else kwic(empty, "prisoner*")
    expected = ["doc_id", "outlet", "left", "match", "right", "start", "end"]
    assert list(out.columns) == expected + (["frame", "cue"] if frame else [])
    assert len(out) == 0
    assert out["start"].dtype == np.int64 and out["end"].dtype == np.int64


def test_kwic_warns_when_codebook_does_nothing(news, tiny_book):
    with pytest.warns(UserWarning, match="only used with frame="):
        kwic(news, "talks", codebook=tiny_book)


def test_kwic_on_sentences_keeps_sent_id():
    sents = pd.DataFrame(
        {
            "doc_id": ["d1", "d1"],
            "sent_id": [0, 1],
            "outlet": ["A", "A"],
            "text": ["No deal yet.", "The deal was a swap."],
        }
    )
    out = kwic(sents, "deal", window=1)
    assert list(out.columns[:3]) == ["doc_id", "sent_id", "outlet"]
    assert list(out["sent_id"]) == [0, 1]
    assert list(out["left"]) == ["No", "The"] and list(out["right"]) == ["yet", "was"]


@pytest.fixture
def tiny_book():
    from framing.codebook import load_codebook

    return load_codebook(
        {
            "name": "tiny",
            "version": "1",
            "description": "test codebook",
            "citation": "none",
            "frames": [
                {
                    "name": "leverage",
                    "label": "Leverage",
                    "definition": "prisoners as bargaining assets",
                    "cues": ["bargaining chip*", "leverage", "trump card"],
                    "exclude": ["chip in"],
                },
                {"name": "morale", "label": "Morale", "definition": "d", "cues": ["famil*"]},
            ],
        }
    )


def test_kwic_frame_uses_codebook_cues_and_excludes(tiny_book):
    corpus = pd.DataFrame(
        {
            "doc_id": ["d1", "d2"],
            "outlet": ["A", "B"],
            "text": [
                "Kyiv's leverage: prisoners as bargaining chips, a trump card.",
                "Donors chip in; no bargaining chip here? Families wait.",
            ],
        }
    )
    out = kwic(corpus, frame="leverage", codebook=tiny_book, window=2)
    assert list(out.columns)[-2:] == ["frame", "cue"]
    assert (out["frame"] == "leverage").all()
    assert list(out["cue"]) == ["leverage", "bargaining chip*", "trump card", "bargaining chip*"]
    assert list(out["match"]) == ["leverage", "bargaining chips", "trump card", "bargaining chip"]
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        got = out[out["doc_id"] == doc_id]
        expected = list(tiny_book.frame_matcher("leverage").finditer(text))
        assert list(zip(got["start"], got["end"], got["cue"], strict=True)) == expected
    assert out.attrs["framing"]["analysis"]["codebook"] == "tiny"


def test_kwic_frame_with_bundled_codebook():
    from framing.codebook import load_codebook

    book = load_codebook("pow-exchange")
    cue = book["leverage"].cues[0].replace("*", "s").replace("?", "x")
    corpus = pd.DataFrame({"doc_id": ["d1"], "outlet": ["A"], "text": [f"They said {cue} twice."]})
    with pytest.raises(framing.CodebookError, match="no codebook given.*pow-exchange"):
        kwic(corpus, frame="leverage")  # no topic-specific default: the error lists the choices
    out = kwic(corpus, frame="leverage", codebook="pow-exchange")
    assert len(out) >= 1 and (out["frame"] == "leverage").all()
    assert out.attrs["framing"]["analysis"]["codebook"] == "pow-exchange"
    bundled = framing.load_corpus("pow-exchange-2025")  # a bundled corpus declares its codebook
    assert kwic(bundled.head(3), frame="leverage").attrs["framing"]["analysis"]["codebook"] == (
        "pow-exchange"
    )


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "exactly one"),
        (("war",), {"frame": "leverage"}, "exactly one"),
        ((), {"frame": "nope", "codebook": "tiny"}, "unknown frame 'nope'"),
        (("war",), {"window": -1}, "window"),
        (("war",), {"text_col": "body"}, "'body'"),
        (("",), {}, "invalid pattern"),
        (([],), {}, "non-empty"),
    ],
)
def test_kwic_errors(news, tiny_book, args, kwargs, message):
    if kwargs.get("codebook") == "tiny":
        kwargs = {**kwargs, "codebook": tiny_book}
    with pytest.raises(DataError, match=message):
        kwic(news, *args, **kwargs)


# --------------------------------------------------------------------------- housekeeping


# --------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def bundled(corpus):
    from framing import score

    return corpus, score(corpus, "pow-exchange")


def test_end_to_end_on_bundled_corpus(bundled):
    corpus, scores = bundled
    frames = scores.attrs["framing"]["frames"]
    est = compare(scores, by="outlet_type", n_boot=200)
    assert len(est) == corpus["outlet_type"].nunique() * len(frames)
    assert est["n_docs"].sum() == len(corpus) * len(frames)
    assert est.attrs["framing"]["codebook"] == "pow-exchange"
    ok = est["ci_low"].notna()
    assert (est.loc[ok, "ci_low"] <= est.loc[ok, "estimate"] + 1e-12).all()
    tests = pairwise(scores, by="outlet_type", n_perm=200)
    assert ((tests["p"] > 0) & (tests["p_adj"] >= tests["p"]) & (tests["p_adj"] <= 1)).all()
    dist = profile_distance(scores, by="outlet_type")
    assert np.nanmax(dist.to_numpy()) <= 1
    words = distinctive_terms(corpus, stopwords="english", top=5)
    assert set(words["outlet"]) == set(corpus["outlet"])
    evidence = kwic(corpus, frame="leverage")
    assert len(evidence) > 0 and set(evidence["doc_id"]) <= set(corpus["doc_id"])
