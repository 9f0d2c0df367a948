"""Checks an official file must pass before it may become a vintage (issue 10, item 2).

A file cut at a row boundary still parses, and so does a file with one cell changed; stored
as the newest vintage either would silently replace good data (claims turn ``pending``, a
typo becomes a "revision"). So every MoF table is checked for what MoF itself guarantees:

- row identities: acquisition − disposition = net; equity + long-term = subtotal; subtotal +
  short-term = total; the by-investor subtotals; the balance columns — all within MoF's
  rounding (``TOLERANCE``: measured on the real files, the largest gap is 1 unit; 2 allows
  for the sum of three rounded parts);
- periods: no week or month written twice, none missing between the first and the last;
- the stated release date is after the last period and not long after it;
- against the current vintage: a file that would become current must not end earlier.

Each check raises ``DataError`` with one line that names the first offending row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import pandas as pd

from extractor.errors import DataError

TOLERANCE = 2
"""Units of 100 million yen; MoF rounds each cell ("totals may not add due to rounding")."""

YEAR_TOLERANCE = 6
"""A CY/FY row against the sum of its 12 rounded months (the shared data note ±4)."""


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def check_identities(frame: pd.DataFrame, what: str, *, triples: Sequence[str] = (),
                     sums: Sequence[tuple[str, Sequence[str]]] = (), tolerance: float = TOLERANCE) -> None:
    """``triples``: column prefixes with ``.acquisition/.disposition/.net``; ``sums``:
    (total column, part columns). NaN cells (MoF's ``-``, no breakdown) count as 0 in a sum
    and skip a triple whose cells are all NaN."""
    for prefix in triples:
        acq, disp, net = (frame[f"{prefix}.{m}"] for m in ("acquisition", "disposition", "net"))
        known = acq.notna() | disp.notna() | net.notna()
        gap = (acq.fillna(0) - disp.fillna(0) - net.fillna(0)).abs()
        _raise_first(frame, known & (gap > tolerance), what,
                     lambda i, p=prefix, a=acq, d=disp, n=net: f"{p}: acquisition {_fmt(a[i])} − disposition "
                                                            f"{_fmt(d[i])} ≠ net {_fmt(n[i])}")
    for total, parts in sums:
        summed = sum((frame[p].fillna(0) for p in parts), start=pd.Series(0.0, index=frame.index))
        gap = (frame[total].fillna(0) - summed).abs()
        _raise_first(frame, gap > tolerance, what,
                     lambda i, t=total, s=summed, ps=parts: f"{t} {_fmt(frame[t][i])} ≠ {' + '.join(ps)} = {_fmt(s[i])}")


def _raise_first(frame: pd.DataFrame, bad: pd.Series, what: str, describe) -> None:
    if bad.any():
        i = bad[bad].index[0]
        period = f"{frame['period_start'][i]}..{frame['period_end'][i]}"
        raise DataError(f"{what}: rejected, {period}: {describe(i)} (beyond rounding; a cut or altered file?)")


def check_periods(starts: Iterable[date], ends: Iterable[date], duplicates: Sequence[date], what: str,
                  unit: str) -> None:
    """No period twice, none missing: weeks follow each other by 7 days, months by one month."""
    if duplicates:
        raise DataError(f"{what}: rejected, the {unit} starting {duplicates[0]} appears twice")
    starts, ends = list(starts), list(ends)
    for prev_end, start in zip(ends, starts[1:], strict=False):
        if start != prev_end + timedelta(days=1):
            raise DataError(f"{what}: rejected, {unit}s missing between {prev_end} and {start}")


def check_release(stated: date | None, last_end: date, what: str, max_days: int) -> None:
    """The update date the file states must follow its last period by at most ``max_days``:
    a file cut short while its header keeps the latest release date fails here."""
    if stated is None:
        return
    if stated <= last_end or (stated - last_end).days > max_days:
        raise DataError(f"{what}: rejected, the file says it was updated {stated} but its data end {last_end} "
                        f"(a release follows its last period by 1–{max_days} days; is the file cut short?)")


def check_not_shrinking(new_end: date, new_label: str, current_end: date, current_label: str, what: str) -> None:
    """A file that would become current (its label is not older) must not end earlier."""
    if new_label >= current_label and new_end < current_end:
        raise DataError(f"{what}: rejected, its data end {new_end}, before the current vintage's {current_end} "
                        f"(vintage {current_label}); the current data are kept")
