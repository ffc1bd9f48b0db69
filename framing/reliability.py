"""Agreement between coders: ``framing.reliability`` is :mod:`framing.coding.reliability`.

Kept as a public name so that ``framing.reliability.krippendorff_alpha`` and
``from framing.reliability import report`` work as documented.
"""

from __future__ import annotations

from framing.coding.reliability import *  # noqa: F403
from framing.coding.reliability import __all__  # noqa: F401
