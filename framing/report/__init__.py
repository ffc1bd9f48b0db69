"""The HTML report of a comparative framing study (``framing report``)."""

from __future__ import annotations

from framing.report.build import write_report

__all__ = ["write_report"]
