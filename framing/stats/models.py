"""Count models for designs with several factors: ``framing.model``.

``compare`` and ``pairwise`` answer one factor at a time. When a question holds
something constant ("do state-aligned outlets use leverage more, *holding genre
constant*?"), the standard model for dictionary counts is a count regression of
each article's cue matches with its tokens as exposure (a log offset), fitted
here with statsmodels' GLM and cluster-robust standard errors (articles of one
outlet are not independent).
"""

from __future__ import annotations

import ast
import re
import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from framing import _provenance
from framing._validation import check_choice, check_probability, check_table
from framing.errors import DataError, FewClustersWarning
from framing.stats._common import FEW_CLUSTERS, MIN_CLUSTERS, frame_values

__all__ = ["model"]

FAMILIES = ("negative_binomial", "poisson", "gaussian")


def _statsmodels():
    try:
        import statsmodels.api as sm
        import statsmodels.formula.api as smf
    except ImportError:  # pragma: no cover - statsmodels is a dependency
        raise DataError(
            "framing.model needs statsmodels: pip install statsmodels (it is a dependency "
            "of framing; reinstall framing)"
        ) from None
    return sm, smf


def _names(code: str) -> set[str]:
    """Python names in one factor of a formula (``np.log(x)`` -> {np, x}; ``Q('a b')`` -> {a b})."""
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Q"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def _parse(formula: str, columns: list[str]) -> tuple[str, list[str]]:
    """The left-hand frame column and the table columns used on the right-hand side."""
    from patsy import ModelDesc, PatsyError

    if not isinstance(formula, str) or "~" not in formula:
        raise DataError(
            f"formula must be a string like 'leverage ~ outlet_type + genre' (a frame column "
            f"~ explanatory columns), got {formula!r}"
        )
    try:
        desc = ModelDesc.from_formula(formula)
    except PatsyError as error:
        raise DataError(f"cannot read the formula {formula!r}: {error}") from None
    lhs = [f.name() for term in desc.lhs_termlist for f in term.factors]
    if len(lhs) != 1:
        raise DataError(
            f"the left-hand side of {formula!r} must name one frame column, e.g. "
            "'leverage ~ outlet_type'"
        )
    lhs_names = _names(lhs[0])
    target = lhs[0] if lhs[0] in columns else next(iter(lhs_names & set(columns)), lhs[0])
    rhs = set()
    for term in desc.rhs_termlist:
        for factor in term.factors:
            rhs |= _names(factor.name())
    return target, sorted(c for c in columns if c in rhs)


def _unknown_name(error: Exception) -> str | None:
    found = re.search(r"name '([^']+)' is not defined", str(error))
    return found.group(1) if found else None


def model(
    scores: pd.DataFrame,
    formula: str,
    *,
    family: Literal["negative_binomial", "poisson", "gaussian"] = "negative_binomial",
    cluster: str | None = "outlet",
    ci: float = 0.95,
) -> pd.DataFrame:
    """Fit a count model of one frame on several explanatory columns, with cluster-robust errors.

    Parameters
    ----------
    scores : DataFrame
        A score table from :func:`framing.score` (document or sentence level) with
        ``n_tokens``, per-1,000-token scores and the explanatory columns. Sentence tables
        are summed to articles first when every explanatory column is constant within
        articles. Rows with a missing (NaN) score or explanatory value, or without tokens,
        are skipped (one warning, a count in ``attrs``).
    formula : str
        ``"frame ~ terms"`` in the formula language of patsy (as statsmodels uses it):
        ``"leverage ~ outlet_type + genre"``, ``"morale ~ C(country, Treatment('UA'))"``,
        ``"leverage ~ Q('outlet type')"`` for names with spaces. The left-hand side names
        a frame column; its cue counts are recovered as ``score x n_tokens / 1000``.
    family : {'negative_binomial', 'poisson', 'gaussian'}, default='negative_binomial'
        ``'negative_binomial'`` (NB2; its dispersion ``alpha`` is estimated by maximum
        likelihood first) and ``'poisson'`` model the counts with ``log(n_tokens)`` as
        offset (exposure), so ``exp(coefficient)`` is a rate ratio. ``'gaussian'`` is a
        linear model of the per-1,000-token score itself (coefficients are differences
        in cue matches per 1,000 tokens; no offset).
    cluster : str or None, default='outlet'
        Column whose values are independent clusters for the standard errors (articles of
        one outlet share an editorial line). None: each article is its own cluster.
    ci : float, default=0.95
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        One row per term of the design, named as the formula library names it
        (``Intercept``, ``outlet_type[T.state-aligned]``, ``genre[T.news]``, ...):

        - ``term``;
        - ``estimate``: the rate ratio ``exp(coefficient)`` for the count families (1 =
          no difference; for the intercept, the baseline rate per token), the coefficient
          for ``'gaussian'``;
        - ``ci_low``, ``ci_high``: cluster-robust (CR1) interval with t quantiles on
          (clusters - 1) degrees of freedom, transformed like the estimate; NaN for an
          indicator term that is 1 (or 0) in fewer than 3 clusters, whose cluster-robust
          error is not identified;
        - ``p``: two-sided p-value of coefficient = 0 (same t reference; NaN as above);
        - ``n``: observations (articles, or units when not summed) in the fit;
        - ``n_clusters``: clusters in the fit.

        ``attrs["framing"]["analysis"]`` records ``formula``, ``family``, ``alpha`` (the
        negative binomial dispersion), ``cluster``, ``level`` (articles or units),
        ``n_skipped`` and ``weak_terms`` (indicator terms on fewer than 3 clusters, with
        their counts).

    Warns
    -----
    FewClustersWarning
        When the fit has fewer than 10 clusters or a term rests on fewer than 3.
    UserWarning
        When rows were skipped.

    Raises
    ------
    DataError
        A formula that names an unknown column (the message names it), a left-hand side
        that is not a numeric frame column, no ``n_tokens`` for a count family, an unknown
        ``family``, a missing cluster column, or a model statsmodels cannot fit.

    Notes
    -----
    Counts of dictionary cues are overdispersed (some articles use a frame again and
    again), so the negative binomial is the default; with cluster-robust errors the
    intervals stay valid when the variance function is wrong, and ``'poisson'`` then
    gives the same kind of rate ratio (quasi-likelihood; Cameron & Trivedi 2013, ch. 3).
    Standard errors are statsmodels' ``cov_type='cluster'`` (CR1 with small-sample
    correction) and use the t distribution with (clusters - 1) degrees of freedom, which
    with few clusters is still optimistic (Cameron & Miller 2015): the warning says when.

    References
    ----------
    Cameron, A. C., & Trivedi, P. K. (2013). *Regression Analysis of Count Data* (2nd ed.).
    Cambridge University Press.
    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources*, 50(2), 317-372.

    Examples
    --------
    >>> import warnings
    >>> import framing
    >>> corpus = framing.load_corpus("pow-exchange-2025")
    >>> scores = framing.score(corpus).assign(
    ...     state=lambda d: (d["outlet_type"] == "state-aligned").map({True: "yes", False: "no"})
    ... )
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     fit = framing.model(scores, "morale ~ state + genre", family="poisson")
    >>> fit["term"].tolist()
    ['Intercept', 'state[T.yes]', 'genre[T.feature]', 'genre[T.news]', 'genre[T.opinion]']
    >>> bool(fit.set_index("term").loc["state[T.yes]", "estimate"] > 1)  # more morale cues
    True
    >>> bool(fit["n_clusters"].iloc[0] == corpus["outlet"].nunique())  # clustered by outlet
    True
    """
    sm, smf = _statsmodels()
    from patsy import PatsyError

    check_table(scores, "score table")
    check_choice("family", family, FAMILIES)
    check_probability("ci", ci)
    columns = list(map(str, scores.columns))
    target, rhs = _parse(formula, columns)
    if target not in scores.columns or not pd.api.types.is_numeric_dtype(scores[target]):
        frames = _provenance.read(scores).get("frames")
        raise DataError(
            f"the left-hand side {target!r} of {formula!r} is not a numeric frame column of "
            f"the score table; frames: {frames or 'see the table columns'}"
        )
    values = frame_values(scores, [target])[:, 0]
    if np.isinf(values).any():
        rows = list(scores.index[np.isinf(values)][:5])
        raise DataError(f"frame column {target!r} has infinite values (index {rows})")
    count_family = family != "gaussian"
    if "n_tokens" not in scores.columns:
        raise DataError(
            "framing.model needs the n_tokens column of a score table (framing.score output): "
            "counts are recovered as score x n_tokens / 1000"
        )
    if cluster is not None:
        if not isinstance(cluster, str) or cluster not in scores.columns:
            raise DataError(
                f"cluster column {cluster!r} is not in the score table; pass cluster= one of "
                f"{columns}, or None (each article its own cluster)"
            )
    params = (_provenance.read(scores).get("params") or {}).get("normalize", "per_1k")
    if params != "per_1k":
        raise DataError(
            f"framing.model needs per-1,000-token scores (normalize='per_1k'), not {params!r}"
        )

    data = scores.copy()
    data.attrs = {}
    tokens = pd.to_numeric(data["n_tokens"], errors="coerce").to_numpy(dtype=float)
    data["__count"] = values * tokens / 1000.0
    used = [c for c in rhs if c != target]
    keep_cols = [*used] + ([cluster] if cluster else [])
    missing_score = np.isnan(values)
    missing_rhs = (
        data[keep_cols].isna().any(axis=1).to_numpy() if keep_cols else np.zeros(len(data), bool)
    )
    no_tokens = ~(tokens > 0)
    drop = missing_score | missing_rhs | no_tokens
    skipped = {
        "missing score": int(missing_score.sum()),
        "missing explanatory value or cluster": int((missing_rhs & ~missing_score).sum()),
        "no tokens": int((no_tokens & ~missing_score & ~missing_rhs).sum()),
    }
    skipped = {k: v for k, v in skipped.items() if v}
    data = data.loc[~drop]
    if data.empty:
        raise DataError(f"no rows left to fit {formula!r} after skipping {skipped}")

    level = "units"
    if "doc_id" in data.columns and data["doc_id"].duplicated().any():
        group_cols = ["doc_id", *keep_cols]
        constant = data.groupby("doc_id", sort=False)[keep_cols].nunique(dropna=False)
        if keep_cols == [] or bool((constant <= 1).all(axis=None)):
            data = data.groupby(group_cols, sort=True, observed=True, as_index=False)[
                ["__count", "n_tokens"]
            ].sum()
            level = "articles (units summed)"
    else:
        level = "articles"
    data = data.reset_index(drop=True)
    data[target] = data["__count"] if count_family else data["__count"] / data["n_tokens"] * 1000
    counts = data["__count"].to_numpy(dtype=float)
    rounded = np.round(counts)
    if count_family and np.allclose(counts, rounded, atol=1e-6):
        data[target] = rounded
    groups = (
        pd.factorize(data[cluster], sort=True)[0]
        if cluster
        else pd.factorize(data["doc_id"] if "doc_id" in data.columns else data.index)[0]
    )
    n_clusters = int(groups.max()) + 1

    kwargs: dict[str, Any] = {}
    alpha = None
    if count_family:
        kwargs["offset"] = np.log(data["n_tokens"].to_numpy(dtype=float))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence chatter; checked below
        try:
            if family == "negative_binomial":
                nb = smf.negativebinomial(
                    formula, data=data, exposure=data["n_tokens"].to_numpy(dtype=float)
                ).fit(disp=0, maxiter=200)
                alpha = float(nb.params["alpha"])
                if not np.isfinite(alpha) or alpha <= 0:
                    alpha = 1e-8  # no overdispersion: the Poisson limit
                fam = sm.families.NegativeBinomial(alpha=alpha)
            elif family == "poisson":
                fam = sm.families.Poisson()
            else:
                fam = sm.families.Gaussian()
            glm = smf.glm(formula, data=data, family=fam, **kwargs)
            fit = glm.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        except PatsyError as error:
            name = _unknown_name(error)
            if name is not None:
                raise DataError(
                    f"unknown column {name!r} in the formula {formula!r}; the score table's "
                    f"columns are {columns} (wrap names with spaces or dashes in Q('...'))"
                ) from None
            raise DataError(f"cannot use the formula {formula!r}: {error}") from None
        except (ValueError, np.linalg.LinAlgError) as error:
            raise DataError(f"statsmodels cannot fit {formula!r} to this table: {error}") from None

    names = list(fit.params.index)
    low, high = fit.conf_int(alpha=1 - ci).to_numpy().T.copy()
    coef = fit.params.to_numpy()
    p = fit.pvalues.to_numpy().copy()
    design = np.asarray(glm.exog)
    weak = {}
    for j, name in enumerate(names):
        column = design[:, j]
        if np.isin(column, (0.0, 1.0)).all() and not (column == 1).all():
            with_one = len(np.unique(groups[column == 1]))
            with_zero = len(np.unique(groups[column == 0]))
            support = min(with_one, with_zero)
            if support < MIN_CLUSTERS:
                weak[name] = support
                low[j] = high[j] = p[j] = np.nan
    if count_family:
        estimate, low, high = np.exp(coef), np.exp(low), np.exp(high)
    else:
        estimate = coef
    result = pd.DataFrame(
        {
            "term": names,
            "estimate": estimate,
            "ci_low": low,
            "ci_high": high,
            "p": p,
            "n": int(fit.nobs),
            "n_clusters": n_clusters,
        }
    )
    noun = (
        "outlets"
        if cluster == "outlet"
        else "articles"
        if cluster in (None, "doc_id")
        else (f"clusters ({cluster})")
    )
    notes = []
    if n_clusters < FEW_CLUSTERS:
        notes.append(
            f"the fit rests on {n_clusters} {noun}, fewer than {FEW_CLUSTERS}: cluster-robust "
            "intervals and p-values are too optimistic with so few"
        )
    if weak:
        shown = ", ".join(f"{t} ({k})" for t, k in weak.items())
        notes.append(
            f"term(s) {shown} are 1 (or 0) in fewer than {MIN_CLUSTERS} {noun}: their "
            "cluster-robust errors are not identified, so their intervals and p-values are NaN"
        )
    few = f"model {formula!r}: " + "; ".join(notes) + "." if notes else None
    _provenance.write(
        result,
        _provenance.derive(
            scores,
            "model",
            formula=formula,
            family=family,
            alpha=alpha,
            cluster=cluster,
            ci=ci,
            level=level,
            n_skipped=skipped,
            weak_terms=weak,
            few_clusters=few,
            method=(
                f"statsmodels GLM ({family}"
                + (", log(n_tokens) offset" if count_family else "")
                + f"), cluster-robust CR1 errors over {noun}, t with clusters - 1 df"
            ),
        ),
    )
    if skipped:
        warnings.warn(
            f"model: skipped rows ({', '.join(f'{k}: {v}' for k, v in skipped.items())})",
            UserWarning,
            stacklevel=2,
        )
    if few:
        warnings.warn(few, FewClustersWarning, stacklevel=2)
    return result
