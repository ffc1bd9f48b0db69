"""Tests for framing.model: count models with exposure and cluster-robust errors."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import DataError

pytestmark = pytest.mark.filterwarnings("ignore::framing.errors.FewClustersWarning")


def _study(seed: int = 0, outlets: int = 12, sentences: bool = False) -> pd.DataFrame:
    """Outlets of two kinds, articles of two genres, cue counts with outlet-level variation."""
    rng = np.random.default_rng(seed)
    rows = []
    for o in range(outlets):
        kind = "state" if o % 2 else "other"
        level = rng.gamma(4.0, 0.5) * (1.8 if kind == "state" else 1.0)
        for d in range(int(rng.integers(3, 7))):
            genre = "opinion" if d % 3 == 0 else "news"
            rate = level * (1.5 if genre == "opinion" else 1.0)
            for s in range(int(rng.integers(2, 6)) if sentences else 1):
                tokens = int(rng.integers(15, 40)) if sentences else int(rng.integers(200, 900))
                count = rng.poisson(rate * tokens / 1000 * 4)
                rows.append(
                    {
                        "doc_id": f"o{o}d{d}",
                        "sent_id": s,
                        "outlet": f"o{o}",
                        "kind": kind,
                        "genre": genre,
                        "n_tokens": tokens,
                        "leverage": count * 1000 / tokens,
                        "morale": rng.poisson(tokens / 500) * 1000 / tokens,
                    }
                )
    table = pd.DataFrame(rows)
    if not sentences:
        table = table.drop(columns="sent_id")
    table.attrs["framing"] = {
        "frames": ["leverage", "morale"],
        "params": {"normalize": "per_1k"},
        "unit": "sentence" if sentences else "document",
    }
    return table


def _reference(table: pd.DataFrame, formula: str, family, cluster="outlet", offset=True):
    import statsmodels.formula.api as smf

    data = table.assign(leverage=np.round(table["leverage"] * table["n_tokens"] / 1000))
    kwargs = {"offset": np.log(data["n_tokens"])} if offset else {}
    fit = smf.glm(formula, data=data, family=family, **kwargs)
    return fit.fit(
        cov_type="cluster",
        cov_kwds={"groups": pd.factorize(data[cluster], sort=True)[0]},
        use_t=True,
    )


def test_poisson_rate_ratios_and_intervals_match_statsmodels():
    import statsmodels.api as sm

    table = _study()
    out = framing.model(table, "leverage ~ kind + genre", family="poisson").set_index("term")
    ref = _reference(table, "leverage ~ kind + genre", sm.families.Poisson())
    assert list(out.index) == list(ref.params.index)
    np.testing.assert_allclose(out["estimate"], np.exp(ref.params))
    np.testing.assert_allclose(out["ci_low"], np.exp(ref.conf_int()[0]))
    np.testing.assert_allclose(out["ci_high"], np.exp(ref.conf_int()[1]))
    np.testing.assert_allclose(out["p"], ref.pvalues)
    assert (out["n"] == len(table)).all() and (out["n_clusters"] == 12).all()
    assert out.index[1] == "kind[T.state]"


def test_poisson_rate_ratio_of_one_factor_is_the_ratio_of_pooled_rates():
    # With one binary factor the Poisson MLE is the ratio of the two pooled rates.
    table = _study(3)
    out = framing.model(table, "leverage ~ kind", family="poisson").set_index("term")
    counts = table["leverage"] * table["n_tokens"] / 1000
    pooled = counts.groupby(table["kind"]).sum() / table["n_tokens"].groupby(table["kind"]).sum()
    assert out.loc["kind[T.state]", "estimate"] == pytest.approx(pooled["state"] / pooled["other"])
    assert out.loc["Intercept", "estimate"] == pytest.approx(pooled["other"])


def test_negative_binomial_uses_the_maximum_likelihood_dispersion():
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    table = _study(1)
    out = framing.model(table, "leverage ~ kind + genre")
    alpha = out.attrs["framing"]["analysis"]["alpha"]
    data = table.assign(leverage=np.round(table["leverage"] * table["n_tokens"] / 1000))
    nb = smf.negativebinomial("leverage ~ kind + genre", data=data, exposure=data["n_tokens"]).fit(
        disp=0
    )
    assert alpha == pytest.approx(nb.params["alpha"], rel=1e-4)
    ref = _reference(table, "leverage ~ kind + genre", sm.families.NegativeBinomial(alpha=alpha))
    np.testing.assert_allclose(out["estimate"], np.exp(ref.params), rtol=1e-6)
    np.testing.assert_allclose(out["estimate"][1:], np.exp(nb.params[1:-1]), rtol=1e-3)


def test_gaussian_models_the_score_without_offset():
    import statsmodels.formula.api as smf

    table = _study(2)
    out = framing.model(table, "leverage ~ kind", family="gaussian").set_index("term")
    ols = smf.ols("leverage ~ kind", data=table).fit(
        cov_type="cluster",
        cov_kwds={"groups": pd.factorize(table["outlet"], sort=True)[0]},
        use_t=True,
    )
    np.testing.assert_allclose(out["estimate"], ols.params)
    np.testing.assert_allclose(out["ci_low"], ols.conf_int()[0])


def test_sentence_tables_are_summed_to_articles():
    sentences = _study(4, sentences=True)
    counts = sentences.assign(c=sentences["leverage"] * sentences["n_tokens"] / 1000)
    docs = counts.groupby(["doc_id", "outlet", "kind", "genre"], as_index=False)[
        ["c", "n_tokens"]
    ].sum()
    docs = docs.assign(leverage=docs["c"] / docs["n_tokens"] * 1000, morale=0.0).drop(columns="c")
    docs.attrs["framing"] = {"frames": ["leverage", "morale"]}
    a = framing.model(sentences, "leverage ~ kind + genre", family="poisson")
    b = framing.model(docs, "leverage ~ kind + genre", family="poisson")
    np.testing.assert_allclose(a["estimate"], b["estimate"])
    np.testing.assert_allclose(a["ci_high"], b["ci_high"])
    assert a.loc[0, "n"] == docs.shape[0]
    assert a.attrs["framing"]["analysis"]["level"] == "articles (units summed)"


def test_terms_on_fewer_than_three_clusters_have_no_interval():
    table = _study(5)
    table["rare"] = np.where(table["outlet"].isin(["o0", "o1"]), "yes", "no")
    with pytest.warns(framing.FewClustersWarning, match=r"rare\[T.yes\] \(2\)"):
        out = framing.model(table, "leverage ~ rare + genre", family="poisson")
    row = out.set_index("term").loc["rare[T.yes]"]
    assert math.isnan(row["ci_low"]) and math.isnan(row["p"]) and row["estimate"] > 0
    assert out.attrs["framing"]["analysis"]["weak_terms"] == {"rare[T.yes]": 2}
    assert out.set_index("term")["p"].drop("rare[T.yes]").notna().all()


def test_few_clusters_warning_for_the_whole_fit():
    table = _study(6, outlets=8)
    with pytest.warns(framing.FewClustersWarning, match="8 outlets, fewer than 10"):
        framing.model(table, "leverage ~ genre", family="poisson")


def test_missing_scores_are_skipped_and_counted():
    table = _study(7)
    table.loc[[0, 5, 9], "leverage"] = np.nan
    with pytest.warns(UserWarning, match="missing score: 3"):
        out = framing.model(table, "leverage ~ kind", family="poisson")
    assert out.loc[0, "n"] == len(table) - 3
    assert out.attrs["framing"]["analysis"]["n_skipped"] == {"missing score": 3}


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("leverage ~ kinds + genre", "unknown column 'kinds'"),
        ("leverage ~ C(genres)", "unknown column 'genres'"),
        ("lev ~ kind", "left-hand side 'lev'"),
        ("genre ~ kind", "left-hand side 'genre'"),
        ("leverage kind", "formula must be a string like"),
    ],
)
def test_formula_errors_name_the_column(formula, message):
    with pytest.raises(DataError, match=message):
        framing.model(_study(), formula, family="poisson")


def test_other_errors():
    table = _study()
    with pytest.raises(DataError, match="family='logit'"):
        framing.model(table, "leverage ~ kind", family="logit")
    with pytest.raises(DataError, match="cluster column 'country'"):
        framing.model(table, "leverage ~ kind", cluster="country")
    with pytest.raises(DataError, match="n_tokens"):
        framing.model(table.drop(columns="n_tokens"), "leverage ~ kind")


def test_cluster_none_makes_each_article_a_cluster():
    table = _study(8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = framing.model(table, "leverage ~ kind", family="poisson", cluster=None)
    assert (out["n_clusters"] == len(table)).all()
    assert out.attrs["framing"]["analysis"]["cluster"] is None
