"""Statistics for comparing outlets: estimates, tests, distances, distinctive terms, KWIC.

:mod:`framing.stats.compare` (group estimates with intervals, profile
distances), :mod:`framing.stats.pairwise` (tests of differences),
:mod:`framing.stats.terms` (distinctive terms), :mod:`framing.stats.kwic` (keywords in context) and
:mod:`framing.stats.models` (count models); :mod:`framing.stats._common` holds the
cluster machinery and the estimand they share.
"""

from __future__ import annotations

from framing.stats.compare import compare, profile_distance
from framing.stats.kwic import kwic
from framing.stats.models import model
from framing.stats.pairwise import pairwise
from framing.stats.terms import distinctive_terms

__all__ = ["compare", "pairwise", "profile_distance", "distinctive_terms", "kwic", "model"]
