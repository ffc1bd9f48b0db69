"""The HTML report of a comparative framing study (``framing report``).

Three rooms: :mod:`~framing.report.study` computes the :class:`Study` (every
table, by framing's public functions), :mod:`~framing.report.figures` draws
and describes the figures, :mod:`~framing.report.render` pours both into the
Jinja2 template ``templates/report.html`` with ``templates/report.css``;
:func:`write_report` (:mod:`~framing.report.build`) runs them and writes the
output folder safely.
"""

from __future__ import annotations

from framing.report.build import write_report
from framing.report.study import Study, rank_differences

__all__ = ["write_report", "Study", "rank_differences"]
