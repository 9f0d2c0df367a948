"""Rows from the store and the official frames made JSON-safe, as every ``/v1/*`` listing returns them."""

from __future__ import annotations


def plain(row: dict) -> dict:
    """Dates as ISO strings, numpy scalars as Python numbers, and NaN — MoF's "-"/"―" cells, which
    mean no figure — as null, since JSON has no NaN."""
    out = {}
    for key, value in row.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float) and value != value:
            value = None
        out[key] = value
    return out
