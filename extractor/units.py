"""How figures are written for people: the same wording in explanations, tables and reports."""

from __future__ import annotations

from datetime import date


def yen(value: float | None, *, signed: bool = False) -> str:
    """860.8e9 → '860.8 billion yen'; 1.75e12 → '1.75 trillion yen'."""
    if value is None:
        return "—"
    sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ("−" if value < 0 else "")
    v = abs(value)
    if v >= 1e12:
        return f"{sign}{v / 1e12:,.3f}".rstrip("0").rstrip(".") + " trillion yen"
    if v >= 1e9:
        return f"{sign}{v / 1e9:,.1f} billion yen"
    return f"{sign}{v / 1e6:,.0f} million yen"


def usd(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 1e12:
        return f"${value / 1e12:,.2f} trillion"
    if abs(value) >= 1e9:
        return f"${value / 1e9:,.2f} billion"
    return f"${value / 1e6:,.0f} million"


def day(d: date | None) -> str:
    """'25 Apr 2013' (unambiguous in every English-speaking newsroom)."""
    return d.strftime("%-d %b %Y") if d else "—"


def week(start: date | None, end: date | None) -> str:
    if not start or not end:
        return "—"
    if start.year == end.year:
        return f"{start.strftime('%-d %b')}–{end.strftime('%-d %b %Y')}"
    return f"{day(start)}–{day(end)}"


def pct(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f} %"
