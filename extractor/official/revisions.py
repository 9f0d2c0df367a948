"""Cell-level revisions between two vintages of the MoF weekly table.

MoF revises recent weeks after first publication; a story quoting the first-published figure is
right about what was known then. Comparing vintages cell by cell records what changed, when.
"""

from __future__ import annotations

import pandas as pd

from extractor.official.mof import UNIT_YEN, WIDE_COLUMNS


def diff(old: pd.DataFrame, new: pd.DataFrame, *, series: str, old_vintage: str, vintage: str) -> list[dict]:
    """One row per (week, cell) whose value differs; weeks only in one vintage are not revisions."""
    merged = old.merge(new, on=["period_start", "period_end"], suffixes=("_old", "_new"))
    rows = []
    for column in WIDE_COLUMNS:
        changed = merged[merged[f"{column}_old"] != merged[f"{column}_new"]]
        for data in changed.to_dict("records"):
            rows.append({
                "series": series, "period_start": data["period_start"], "period_end": data["period_end"],
                "cell": column, "old_value": float(data[f"{column}_old"]) * UNIT_YEN,
                "new_value": float(data[f"{column}_new"]) * UNIT_YEN,
                "old_vintage": old_vintage, "vintage": vintage,
            })
    return rows
