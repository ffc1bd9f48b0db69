"""The validation loop: sample units, write coding sheets, read them back, check agreement, score the machine.

A study draws a stratified sample of articles or sentences
(:func:`sample_for_coding`, :mod:`framing.coding.sample`), writes a coding sheet
for human coders with the codebook's definitions beside it
(:func:`write_coding_sheet`), reads the filled sheets back with every malformed
cell named (:func:`read_coding_sheet`, :mod:`framing.coding.sheets`), checks the
coders against each other (:mod:`framing.coding.reliability`, also importable
as ``framing.reliability``) and finally the automatic scores against the coders
(:func:`validate`, :mod:`framing.coding.validate`), per language where cue lists
differ by language (:func:`validate_by_language`, :mod:`framing.coding.languages`).
"""

from __future__ import annotations

from framing.coding.languages import language_validation_section, validate_by_language
from framing.coding.sample import sample_for_coding
from framing.coding.sheets import concat_codings, read_coding_sheet, write_coding_sheet
from framing.coding.validate import validate

__all__ = [
    "sample_for_coding",
    "write_coding_sheet",
    "read_coding_sheet",
    "concat_codings",
    "validate",
    "validate_by_language",
    "language_validation_section",
]
