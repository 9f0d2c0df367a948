"""Values derived from a loaded table (coverage, rate lookups) are kept per loaded table: a
batch of audits reuses them, and another file replaces them."""

from __future__ import annotations

from datetime import date

from extractor.reconcile import weekly
from extractor.reconcile.context import Context
from tests.conftest import MOF_CP932


def _fred(path, rows):
    path.write_text("DATE,DEXJPUS\n" + "".join(f"{d},{v}\n" for d, v in rows), encoding="utf-8")
    return path


def test_a_given_file_replaces_the_cached_coverage_and_rates(tmp_path, registry):
    fx = registry.fred["DEXJPUS"]
    assert fx.coverage().end >= date(2026, 5, 15)
    assert fx.on_or_before(date(2013, 4, 25)) == (date(2013, 4, 25), 99.42)
    fx.use_file(_fred(tmp_path / "fx.csv", [("2013-04-22", "98.5"), ("2013-04-24", "99.0")]))
    assert fx.coverage().end == date(2013, 4, 24)
    assert fx.on_or_before(date(2013, 4, 25)) == (date(2013, 4, 24), 99.0)
    assert fx.on_or_before(date(2013, 4, 23)) == (date(2013, 4, 22), 98.5)
    assert fx.on_or_before(date(2013, 4, 21)) is None
    assert fx.on_or_after(date(2013, 4, 23)) == (date(2013, 4, 24), 99.0)
    assert fx.on_or_after(date(2013, 4, 25)) is None


def test_rates_of_a_file_out_of_date_order_are_read_as_written(tmp_path, registry):
    """The bisection needs increasing dates; otherwise the last row on or before the day, in file order."""
    fx = registry.fred["DEXJPUS"]
    fx.use_file(_fred(tmp_path / "fx.csv", [("2013-04-24", "99.0"), ("2013-04-22", "98.5")]))
    assert fx.on_or_before(date(2013, 4, 25)) == (date(2013, 4, 22), 98.5)


def test_weekly_series_are_shared_by_articles_and_rebuilt_for_another_file(tmp_path, registry):
    first, second = Context(registry, date(2013, 4, 25)), Context(registry, None)
    series = first.series("outward", "long_term_debt")
    assert second.series("outward", "long_term_debt") is series
    row = second.week_row("outward", "long_term_debt", date(2013, 4, 20))
    assert row.equals(weekly.week_row(series, date(2013, 4, 20))) and row["value"] < 0  # net selling that week
    lines = MOF_CP932.read_bytes().split(b"\r\n")
    short = tmp_path / "week.csv"
    short.write_bytes(b"\r\n".join(lines[:14 + 10] + lines[-8:]))  # the first 10 weeks, to 2005-03-12
    registry.mof.use_file(short)
    assert first.week_row("outward", "long_term_debt", date(2013, 4, 20)) is None
    assert first.mof_coverage.end == date(2005, 3, 12)
    assert first.series("outward", "long_term_debt") is not series
