"""The monthly sources on the real files: MoF montha1 and monthb2/3/4 in both encodings, the
balance-of-payments PDFs against another parser's tables, and the bundled snapshots."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from extractor.errors import DataError
from extractor.official import bop, mof, mof_monthly
from tests.conftest import SHARED

MONTHLY = SHARED / "data" / "mof" / "monthly"
PDF = SHARED / "data" / "mof" / "bop" / "pdf"
REFERENCE = SHARED / "data" / "mof" / "bop" / "reference"


def month(frame: pd.DataFrame, start: date) -> pd.Series:
    return frame[frame["period_start"] == start].iloc[0]


@pytest.mark.parametrize("release", ["2026-08-10", "2026-09-08"])
def test_montha1_reads_the_same_in_cp932_and_utf8(release):
    cp932 = mof_monthly.parse_montha1((MONTHLY / f"montha1.{release}.cp932.csv").read_bytes())
    utf8 = mof_monthly.parse_montha1((MONTHLY / f"montha1.{release}.csv").read_bytes())
    assert cp932.months.equals(utf8.months) and cp932.years.equals(utf8.years)
    assert cp932.final_update == date.fromisoformat(release)


def test_montha1_months_years_and_blank_months():
    parsed = mof_monthly.parse_montha1((MONTHLY / "montha1.2026-09-08.cp932.csv").read_bytes())
    months = parsed.months
    assert len(months) == 260 and months["period_start"].iloc[0] == date(2005, 1, 1)
    assert months["period_end"].iloc[-1] == date(2026, 8, 31)  # Sep–Dec 2026 are blank rows, not zeros
    assert month(months, date(2017, 4, 1))["outward.long_term_debt.net"] == -42559
    assert month(months, date(2022, 9, 1))["inward.long_term_debt.net"] == -63892
    assert set(mof.WIDE_COLUMNS) <= set(months.columns)  # the weekly frame's names
    years = parsed.years
    assert len(years) == 42 and set(years["kind"]) == {"CY", "FY"}
    fy2005 = years[(years["kind"] == "FY") & (years["period_start"] == date(2005, 4, 1))].iloc[0]
    assert fy2005["period_end"] == date(2006, 3, 31) and fy2005["outward.long_term_debt.net"] == 133851
    cy2015 = years[(years["kind"] == "CY") & (years["period_start"] == date(2015, 1, 1))].iloc[0]
    in_2015 = months[(months["period_start"] >= date(2015, 1, 1)) & (months["period_end"] <= date(2015, 12, 31))]
    assert abs(in_2015["outward.long_term_debt.net"].sum() - cy2015["outward.long_term_debt.net"]) <= 4


def test_monthb_files_by_investor_type():
    parts = {}
    for name, instrument in (("monthb2", "equity"), ("monthb3", "long_term_debt"), ("monthb4", "short_term_debt")):
        parsed = mof_monthly.parse_monthb((MONTHLY / f"{name}.2026-08-10.cp932.csv").read_bytes())
        assert parsed.instrument == instrument
        utf8 = mof_monthly.parse_monthb((MONTHLY / f"{name}.2026-08-10.csv").read_bytes())
        assert parsed.months.equals(utf8.months)
        parts[instrument] = mof_monthly.by_investor_long(parsed)
    equity = parts["equity"]
    cell = equity[(equity["period_start"] == date(2026, 7, 1)) & (equity["investor_type"] == "trust_banks")].iloc[0]
    assert (cell["acquisition"], cell["disposition"], cell["net"]) == (3665, 1721, 1944)  # "1944" without a comma
    debt = parts["long_term_debt"]
    early = debt[(debt["period_start"] == date(2005, 1, 1)) & (debt["investor_type"] == "central_bank")].iloc[0]
    assert math.isnan(early["net"])  # MoF's "-": no breakdown before 2014
    assert set(debt["investor_type"]) == {"total", "public_sector", "central_bank", "general_government", "banks",
                                          "trust_banks", "trust_accounts", "financial_instruments_firms",
                                          "life_insurers", "non_life_insurers", "investment_trusts", "others"}
    montha1 = mof_monthly.parse_montha1((MONTHLY / "montha1.2026-08-10.cp932.csv").read_bytes()).months
    totals = debt[debt["investor_type"] == "total"].set_index("period_start")["net"]
    assert (totals == montha1.set_index("period_start")["outward.long_term_debt.net"]).all()


def test_a_weekly_file_is_not_taken_for_a_by_investor_file():
    with pytest.raises(DataError, match="by Types of Investors"):
        mof_monthly.parse_monthb((SHARED / "data" / "mof" / "week.cp932.csv").read_bytes())


def test_bundled_monthly_snapshots_equal_parsing_the_official_files(registry):
    official = mof_monthly.parse_montha1((MONTHLY / "montha1.2026-09-08.cp932.csv").read_bytes())
    bundled = registry.mof_monthly.load()
    assert bundled.vintage.label == "2026-09-08"
    assert bundled.frame.equals(official.months)
    assert registry.mof_monthly.years().reset_index(drop=True).equals(official.years)
    by_investor = registry.mof_by_investor.load().frame
    long_debt = mof_monthly.by_investor_long(
        mof_monthly.parse_monthb((MONTHLY / "monthb3.2026-08-10.cp932.csv").read_bytes()))
    bundled_debt = by_investor[by_investor["instrument"] == "long_term_debt"].reset_index(drop=True)
    pd.testing.assert_frame_equal(bundled_debt, long_debt, check_dtype=False)


def test_bop_coverage_names_the_gap(registry):
    coverage = registry.bop.coverage()
    assert (coverage.start, coverage.end, coverage.observations) == (date(2021, 11, 1), date(2026, 6, 30), 50)
    assert coverage.gaps == [(date(2022, 5, 1), date(2022, 10, 31))]


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, dtype=str, keep_default_na=False)


def _same(ours: float, theirs: str) -> bool:
    return math.isnan(ours) if theirs == "" else ours == float(theirs)


def _compare(frame: pd.DataFrame, rows: list[tuple[tuple, str, tuple[str, str, str]]], reference: pd.DataFrame) -> int:
    """Count reference cells our frame equals; fail on the first that differs or is missing."""
    index = frame.set_index(["period_start", "release", "market", "country", "instrument"]).sort_index()
    checked = 0
    for ref in reference.to_dict("records"):
        for key, instrument, columns in rows:
            full = (*key(ref), instrument)
            assert full in index.index, f"missing {full}"
            ours = index.loc[full]
            if isinstance(ours, pd.DataFrame):  # a key MultiIndex lookup may return a one-row frame
                assert len(ours) == 1, f"{full} twice"
                ours = ours.iloc[0]
            for measure, column in zip(("acquisition", "disposition", "net"), columns, strict=True):
                assert _same(ours[measure], ref[column]), f"{full} {measure}: {ours[measure]} vs {ref[column]!r}"
                checked += 1
    return checked


def _month(text: str) -> date:
    return date.fromisoformat(text + "-01")


def test_bop_parser_equals_the_reference_tables_on_every_row(registry):
    """The bundled table is the parser's output on all 50 PDFs (re-parsed below for four)."""
    frame = registry.bop.load().frame
    market = {"assets": "outward", "liabilities": "inward"}
    by_country = _reference("bop_portfolio_by_country.csv")
    triples = [("total", "total"), ("equity", "equity"), ("long_term_debt", "lt_debt"), ("short_term_debt", "st_debt")]
    cells = _compare(frame, [(lambda r: (_month(r["month"]), _month(r["month"]), market[r["direction"]],
                                         bop.country_name(r["name_en"])), inst,
                              (f"{p}_acq", f"{p}_disp", f"{p}_net")) for inst, p in triples], by_country)
    assert cells == 6000 * 12
    sovereign = _reference("bop_assets_sovereign_by_country.csv")
    cells = _compare(frame, [(lambda r: (_month(r["month"]), _month(r["month"]), "outward",
                                         bop.country_name(r["name_en"])), inst, (f"{p}_acq", f"{p}_disp", f"{p}_net"))
                             for inst, p in (("sovereign_debt", "sovereign_total"),
                                             ("sovereign_debt_long_term", "sovereign_lt"),
                                             ("sovereign_debt_short_term", "sovereign_st"))], sovereign)
    assert cells == 650 * 9
    debt = _reference("bop_liabilities_by_debt_type.csv")
    names = bop.names()["bop_debt_types"]
    for ref in debt.to_dict("records"):
        base = names[ref["name_en"]]
        rows = frame[(frame["release"] == _month(ref["month"])) & (frame["market"] == "inward")
                     & (frame["country"] == "Japan")].set_index("instrument")
        for instrument, prefix in ((base, "debt_total"), (f"{base}_long_term", "lt_debt"),
                                   (f"{base}_short_term", "st_debt")):
            for measure, suffix in (("acquisition", "acq"), ("disposition", "disp"), ("net", "net")):
                assert _same(rows.loc[instrument, measure], ref[f"{prefix}_{suffix}"]), (ref["month"], instrument)
    summary = _reference("bop_portfolio_summary_vintages.csv")
    earlier = summary[summary["month"] < summary["release_month"]]
    cells = _compare(frame, [(lambda r: (_month(r["month"]), _month(r["release_month"]), market[r["direction"]],
                                         bop.TOTAL), inst, (f"{p}_acq", f"{p}_disp", f"{p}_net"))
                             for inst, p in triples[1:]], earlier)
    assert cells == 600 * 9


@pytest.mark.parametrize("release", ["202111", "202204", "202211", "202606"])
def test_parsing_a_release_gives_its_rows_of_the_bundled_table(registry, release):
    parsed = bop.parse((PDF / f"bppi{release}.pdf").read_bytes())
    assert parsed.release == _month(f"{release[:4]}-{release[4:]}")
    bundled = registry.bop.load().frame
    ours = bundled[bundled["release"] == parsed.release].reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, parsed.frame, check_dtype=False)


def test_a_non_pdf_is_a_clear_error():
    with pytest.raises(DataError, match="not a PDF"):
        bop.parse(b"month,value\n")
