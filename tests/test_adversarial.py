"""Adversarial inputs and faults: one small test per root cause, fixtures generated here.

Each section names the root cause it guards (hangs, silent wrong results, lost
rows, tracebacks instead of framing errors); nothing here is a committed binary.
"""

from __future__ import annotations

# --- 1. YAML aliases and deep nesting (codebooks, front matter) -----------------------------

# --- 2. wildcard backtracking in cues ---------------------------------------------------------

# --- 3. CLI column renames that collide -------------------------------------------------------

# --- 4. CSV/TSV quoting that swallows rows; duplicate headers ---------------------------------

# --- 5. Parquet/JSONL types: integer dates, float ids, non-text text, inf scores --------------

# --- 6. unreadable subfolders of a corpus folder ----------------------------------------------

# --- 7. report output folders that are not the report's own ------------------------------------

# --- 8. kills between writes; stale temporary files --------------------------------------------

# --- 9. JSON Lines with U+2028 / U+0085 inside strings ------------------------------------------

# --- 10. near_duplicates parameters ---------------------------------------------------------------

# --- 11. coding-sheet ids and spreadsheet formulas (CSV injection) --------------------------------

# --- 12. tracebacks: huge fields, CR line ends, deep JSON, bad seeds, huge n_boot, ... --------------

# --- 13. misleading messages ---------------------------------------------------------------------

# --- 14. memory of loading and scoring -----------------------------------------------------------
