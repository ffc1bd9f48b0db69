"""Tests for framing.compare and framing.terms: estimates, pairwise tests, profiles, distinctive terms, KWIC."""

from __future__ import annotations

import itertools
import math
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
    out = compare(doc_scores, n_boot=200)
    assert list(out.columns) == [
        "outlet",
        "frame",
        "estimate",
        "ci_low",
        "ci_high",
        "n_docs",
        "n_units",
    ]
    assert list(out["outlet"]) == ["A", "A", "B", "B", "C", "C"]
    assert list(out["frame"]) == FRAMES * 3
    expected = doc_scores.groupby("outlet")[FRAMES].mean().stack().to_numpy()
    np.testing.assert_allclose(out["estimate"], expected)
    assert (out["n_docs"] == 3).all() and (out["n_units"] == 3).all()
    assert (out["ci_low"] <= out["estimate"]).all() and (out["estimate"] <= out["ci_high"]).all()


def test_compare_sentence_level_is_unit_mean_with_article_counts(sentence_scores):
    out = compare(sentence_scores, frames="leverage", n_boot=100).set_index("outlet")
    assert out.loc["A", "estimate"] == pytest.approx(12 / 4)  # not (1 + 9) / 2
    assert out.loc["B", "estimate"] == pytest.approx(2 / 3)
    assert out.loc["A", "n_docs"] == 2 and out.loc["A", "n_units"] == 4


def test_compare_bootstrap_resamples_whole_articles(sentence_scores):
    # Group A's clusters have means 1 (3 units) and 9 (1 unit): any resample of whole
    # articles gives an estimate of the form (3i + 9j) / (3i + j) with i + j = 2.
    out = compare(sentence_scores, frames="leverage", n_boot=500).set_index("outlet")
    possible = {3.0 / 3, 12.0 / 4, 18.0 / 2}
    assert out.loc["A", "ci_low"] in possible and out.loc["A", "ci_high"] in possible


def test_compare_share(doc_scores):
    out = compare(doc_scores, stat="share", n_boot=50)
    expected = (doc_scores[FRAMES] > 0).groupby(doc_scores["outlet"]).mean().stack().to_numpy()
    np.testing.assert_allclose(out["estimate"], expected)
    assert out["ci_high"].max() <= 1 and out["ci_low"].min() >= 0


def test_compare_by_list(sentence_scores):
    scores = sentence_scores.assign(country=["ua", "ua", "ua", "ru", "ru", "ru", "ru"])
    out = compare(scores, by=["country", "outlet"], frames=["leverage"], n_boot=50)
    assert list(out.columns[:3]) == ["country", "outlet", "frame"]
    assert list(zip(out["country"], out["outlet"], strict=True)) == [
        ("ru", "A"),
        ("ru", "B"),
        ("ua", "A"),
    ]
    assert list(out["n_units"]) == [1, 3, 3]


def test_compare_single_cluster_has_nan_ci(sentence_scores):
    scores = sentence_scores[sentence_scores["doc_id"] != "a2"]
    out = compare(scores, frames="leverage", n_boot=50).set_index("outlet")
    assert out.loc["A", "estimate"] == pytest.approx(1.0)
    assert math.isnan(out.loc["A", "ci_low"]) and math.isnan(out.loc["A", "ci_high"])
    assert not math.isnan(out.loc["B", "ci_low"])


def test_compare_without_doc_id_treats_rows_as_clusters(doc_scores):
    no_ids = _scores(doc_scores.drop(columns="doc_id"))
    a = compare(no_ids, n_boot=300, seed=3)
    b = compare(doc_scores, n_boot=300, seed=3)
    pd.testing.assert_frame_equal(a, b)


def test_compare_n_boot_zero_skips_bootstrap(doc_scores):
    out = compare(doc_scores, n_boot=0)
    assert out["ci_low"].isna().all() and out["estimate"].notna().all()


def test_compare_seed_reproducible_and_seed_matters():
    scores = _random_sentences(np.random.default_rng(1))
    a = compare(scores, n_boot=300, seed=7)
    b = compare(scores, n_boot=300, seed=7)
    c = compare(scores, n_boot=300, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["ci_low"], c["ci_low"])
    np.testing.assert_array_equal(a["estimate"], c["estimate"])


def test_compare_ci_matches_normal_theory_for_independent_documents():
    rng = np.random.default_rng(0)
    values = rng.normal(10, 2, size=400)
    scores = _scores(
        pd.DataFrame({"doc_id": range(400), "outlet": "A", "leverage": values}),
        frames=["leverage"],
    )
    row = compare(scores, n_boot=2000).iloc[0]
    half = 1.959964 * values.std(ddof=1) / math.sqrt(len(values))
    assert row["ci_high"] - row["ci_low"] == pytest.approx(2 * half, rel=0.1)
    assert (row["ci_low"] + row["ci_high"]) / 2 == pytest.approx(values.mean(), abs=0.05)


def test_compare_cluster_bootstrap_is_wider_than_naive_for_correlated_sentences():
    scores = _random_sentences(np.random.default_rng(2), n_docs=90, outlets=("A",))
    clustered = compare(scores, frames="leverage", n_boot=1000).iloc[0]
    naive = compare(scores, frames="leverage", n_boot=1000, cluster=None).iloc[0]
    assert clustered["estimate"] == naive["estimate"]
    assert clustered["n_docs"] == 90 and naive["n_docs"] == naive["n_units"]
    width = clustered["ci_high"] - clustered["ci_low"]
    assert width > 1.2 * (naive["ci_high"] - naive["ci_low"])


def test_compare_keeps_provenance_and_parameters(doc_scores):
    out = compare(doc_scores, frames=["morale"], n_boot=10, seed=4)
    prov = out.attrs["framing"]
    assert prov["codebook"] == "test" and prov["unit"] == "document"
    assert prov["frames"] == ["morale"]
    assert prov["analysis"]["function"] == "framing.compare"
    assert prov["analysis"]["seed"] == 4 and prov["analysis"]["by"] == ["outlet"]
    assert doc_scores.attrs["framing"]["frames"] == FRAMES  # input untouched


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), shuffle=st.integers(0, 2**16))
def test_compare_does_not_depend_on_row_order(seed, shuffle):
    scores = _random_sentences(np.random.default_rng(seed), n_docs=12)
    shuffled = scores.sample(frac=1, random_state=shuffle)
    shuffled.attrs = scores.attrs
    pd.testing.assert_frame_equal(compare(scores, n_boot=50), compare(shuffled, n_boot=50))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "country"}, "'country'"),
        ({"frames": ["nope"]}, "unknown frame 'nope'"),
        ({"frames": ["outlet"]}, "not numeric"),
        ({"stat": "median"}, "stat='median'"),
        ({"ci": 1.0}, "between 0 and 1"),
        ({"ci": 0}, "between 0 and 1"),
        ({"n_boot": -1}, "n_boot"),
        ({"cluster": "article"}, "cluster column 'article'"),
        ({"seed": "x"}, "seed"),
    ],
)
def test_compare_errors(doc_scores, kwargs, message):
    with pytest.raises(DataError, match=message):
        compare(doc_scores, **kwargs)


def test_compare_errors_on_bad_tables(doc_scores):
    bare = pd.DataFrame(doc_scores.to_dict("list"))  # no attrs
    if "n_tokens" in bare.columns:  # the score-table layout still says which columns are frames
        pd.testing.assert_frame_equal(
            compare(bare, n_boot=20), compare(doc_scores, n_boot=20), check_like=True
        )
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
    row = pairwise(scores, n_perm=10).iloc[0]
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
    row = pairwise(scores, n_perm=10, effect="cohens_d").iloc[0]
    assert row["effect"] == "cohens_d"
    assert row["effect_size"] == pytest.approx(-2.0)  # (2 - 4) / pooled sd 1


def test_pairwise_columns_and_means_agree_with_compare(sentence_scores):
    out = pairwise(sentence_scores, n_perm=200)
    assert list(out.columns) == [
        "group_a",
        "group_b",
        "frame",
        "n_docs_a",
        "n_docs_b",
        "mean_a",
        "mean_b",
        "difference",
        "effect",
        "effect_size",
        "p",
        "p_adj",
        "cliffs_delta",
    ]
    est = compare(sentence_scores, n_boot=0).set_index(["outlet", "frame"])["estimate"]
    for row in out.itertuples():
        assert row.mean_a == pytest.approx(est[(row.group_a, row.frame)])
        assert row.mean_b == pytest.approx(est[(row.group_b, row.frame)])
        assert row.difference == pytest.approx(row.mean_a - row.mean_b)
    # Cliff's delta uses article means: A = {1, 9}, B = {1, 0} for leverage.
    lev = out.set_index("frame").loc["leverage"]
    assert lev["effect_size"] == pytest.approx((3 - 0) / 4)


def _exact_p(x: np.ndarray, y: np.ndarray) -> float:
    pooled = np.concatenate([x, y])
    observed = abs(x.mean() - y.mean())
    hits = total = 0
    for idx in itertools.combinations(range(len(pooled)), len(x)):
        mask = np.zeros(len(pooled), bool)
        mask[list(idx)] = True
        total += 1
        hits += abs(pooled[mask].mean() - pooled[~mask].mean()) >= observed - 1e-12
    return hits / total


def test_pairwise_p_agrees_with_exact_permutation_test():
    x = np.array([3.0, 4.0, 1.0, 6.0, 2.5])
    y = np.array([0.0, 1.0, 0.5, 2.0, 1.0, 0.0])
    scores = _scores(
        pd.DataFrame({"outlet": ["A"] * 5 + ["B"] * 6, "leverage": np.concatenate([x, y])}),
        frames=["leverage"],
    )
    p = pairwise(scores, n_perm=20000, seed=1).loc[0, "p"]
    assert p == pytest.approx(_exact_p(x, y), abs=0.006)


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
    p = pairwise(scores, n_perm=2000).loc[0, "p"]
    assert p == pytest.approx(2 / 6, abs=0.04)
    p_naive = pairwise(scores, n_perm=2000, cluster=None).loc[0, "p"]
    assert p_naive == pytest.approx(1 / 2001)


def test_pairwise_p_is_never_zero_and_identical_groups_give_one(doc_scores):
    out = pairwise(doc_scores, n_perm=99)
    assert (out["p"] >= 1 / 100).all() and (out["p"] <= 1).all()
    same = _scores(
        pd.DataFrame({"outlet": list("AABB"), "leverage": [1.0, 2.0, 1.0, 2.0]}),
        frames=["leverage"],
    )
    assert pairwise(same, n_perm=99).loc[0, "p"] == 1.0


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
        ({"n_perm": 0}, "n_perm"),
        ({"frames": ["x"]}, "unknown frame 'x'"),
        ({"by": "country"}, "'country'"),
    ],
)
def test_pairwise_errors(doc_scores, kwargs, message):
    with pytest.raises(DataError, match=message):
        pairwise(doc_scores, **kwargs)


def test_pairwise_needs_two_groups(doc_scores):
    with pytest.raises(DataError, match="at least two groups"):
        pairwise(doc_scores[doc_scores["outlet"] == "A"])


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Holm", "holm"),
        ("bh", "fdr_bh"),
        ("BH", "fdr_bh"),
        ("fdr", "fdr_bh"),
        ("fdr_bh", "fdr_bh"),
        ("Benjamini-Hochberg", "fdr_bh"),
        ("BONFERRONI", "bonferroni"),
        ("none", None),
        ("None", None),
        (None, None),
    ],
)
def test_pairwise_adjust_aliases_record_the_canonical_name(doc_scores, alias, canonical):
    out = pairwise(doc_scores, n_perm=100, adjust=alias)
    assert out.attrs["framing"]["analysis"]["adjust"] == canonical
    reference = pairwise(doc_scores, n_perm=100, adjust=canonical)
    np.testing.assert_array_equal(out["p_adj"], reference["p_adj"])
    if canonical is None:
        np.testing.assert_array_equal(out["p_adj"], out["p"])


@pytest.mark.parametrize("effect", ["cliffs_delta", "cohens_d"])
def test_pairwise_has_a_column_named_after_the_effect_measure(doc_scores, effect):
    out = pairwise(doc_scores, n_perm=50, effect=effect)
    other = ({"cliffs_delta", "cohens_d"} - {effect}).pop()
    assert other not in out.columns
    assert (out["effect"] == effect).all()
    pd.testing.assert_series_equal(out[effect], out["effect_size"], check_names=False)


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
def bundled():
    from framing import load_corpus, score

    corpus = load_corpus("pow-exchange-2025")
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
    res = pairwise(scores, frames=["leverage"], n_perm=1000, seed=1)
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
    # the same for any seed: nothing random is left
    assert pairwise(scores, frames=["leverage"], n_perm=1000, seed=7).loc[0, "p"] == res.loc[0, "p"]
