"""Adversarial inputs and faults: one small test per root cause, fixtures generated here.

Each section names the root cause it guards (hangs, silent wrong results, lost
rows, tracebacks instead of framing errors); nothing here is a committed binary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import DataError, ParameterError


def _scores(n_docs: int = 6) -> pd.DataFrame:
    """A small document-level score table with two outlets."""
    table = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n_docs)],
            "outlet": ["A", "B"] * (n_docs // 2),
            "n_tokens": 100,
            "leverage": np.arange(n_docs, dtype=float),
            "morale": 1.0,
        }
    )
    table.attrs["framing"] = {"frames": ["leverage", "morale"]}
    return table


# --- 1. YAML aliases and deep nesting (codebooks, front matter) -----------------------------

# --- 2. wildcard backtracking in cues ---------------------------------------------------------

# --- 3. CLI column renames that collide -------------------------------------------------------

# --- 4. CSV/TSV quoting that swallows rows; duplicate headers ---------------------------------

# --- 5. Parquet/JSONL types: integer dates, float ids, non-text text, inf scores --------------


@pytest.mark.filterwarnings("ignore::framing.errors.FewClustersWarning")
@pytest.mark.parametrize("function", ["compare", "pairwise", "profile_distance"])
def test_infinite_scores_are_refused_naming_column_and_rows(function):
    scores = _scores()
    scores.loc[[1, 4], "leverage"] = [np.inf, -np.inf]
    with pytest.raises(DataError, match=r"'leverage' has 2 infinite value\(s\) \(index \[1, 4\]\)"):
        getattr(framing, function)(scores)


# --- 6. unreadable subfolders of a corpus folder ----------------------------------------------

# --- 7. report output folders that are not the report's own ------------------------------------

# --- 8. kills between writes; stale temporary files --------------------------------------------

# --- 9. JSON Lines with U+2028 / U+0085 inside strings ------------------------------------------

# --- 10. near_duplicates parameters ---------------------------------------------------------------

# --- 11. coding-sheet ids and spreadsheet formulas (CSV injection) --------------------------------

# --- 12. tracebacks: huge fields, CR line ends, deep JSON, bad seeds, huge n_boot, ... --------------


@pytest.mark.filterwarnings("ignore::framing.errors.FewClustersWarning")
@pytest.mark.parametrize("seed", [-1, "x", 1.5, True])
@pytest.mark.parametrize("function", ["compare", "pairwise", "sample_for_coding"])
def test_bad_seeds_are_parameter_errors(function, seed):
    scores = _scores()
    call = {
        "compare": lambda: framing.compare(scores, seed=seed, interval="percentile"),
        "pairwise": lambda: framing.pairwise(scores, seed=seed),
        "sample_for_coding": lambda: framing.sample_for_coding(scores, 2, seed=seed),
    }[function]
    with pytest.raises(ParameterError, match="seed must be a non-negative integer"):
        call()


def test_huge_n_boot_is_refused_before_any_allocation():
    with pytest.raises(ParameterError, match="n_boot must be an integer between 0 and 1000000"):
        framing.compare(_scores(), n_boot=10**9, interval="percentile")
    with pytest.raises(ParameterError, match="n_perm"):
        framing.pairwise(_scores(), n_perm=10**9)
    with pytest.raises(ParameterError, match="n_boot"):
        framing.distinctive_terms(
            pd.DataFrame({"outlet": ["A", "B"], "text": ["a b", "c d"]}),
            method="bootstrap",
            n_boot=10**9,
        )


def test_bootstrap_draws_are_batched():
    # Many replicates over many clusters: drawn in batches of at most _MAX_CELLS cells.
    import importlib

    module = importlib.import_module("framing.stats.compare")

    rng = np.random.default_rng(0)
    S, M = rng.random((50, 2)), np.ones((50, 2))
    calls = []
    real = rng.integers

    class Counting:
        def integers(self, low, high, size):
            calls.append(size)
            return real(low, high, size=size)

    old = module._MAX_CELLS
    module._MAX_CELLS = 1000
    try:
        reps, _ = module._bootstrap(S, M, 95, Counting(), studentized=False)
    finally:
        module._MAX_CELLS = old
    assert reps.shape == (95, 2) and max(size[0] * size[1] for size in calls) <= 1000
    assert sum(size[0] for size in calls) == 95


# --- 13. misleading messages ---------------------------------------------------------------------

# --- 14. memory of loading and scoring -----------------------------------------------------------
