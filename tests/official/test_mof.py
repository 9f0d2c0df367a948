"""The MoF weekly parser against the real official file (both encodings)."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.errors import DataError
from extractor.official import mof
from tests.conftest import MOF_CP932, MOF_CSV


@pytest.fixture(scope="module")
def parsed():
    return mof.parse(MOF_CP932.read_bytes())


def test_every_week_of_the_official_file_is_parsed(parsed):
    weeks = parsed.weeks
    assert len(weeks) == 1132
    assert weeks["period_start"].iloc[0] == date(2005, 1, 2)
    assert weeks["period_end"].iloc[-1] == date(2026, 9, 12)
    assert mof.gaps(weeks) == []
    assert parsed.final_update == date(2026, 9, 17)


def test_utf8_text_and_official_cp932_bytes_give_the_same_table(parsed):
    assert mof.parse(MOF_CSV.read_bytes()).weeks.equals(parsed.weeks)


def test_identities_hold_in_every_row(parsed):
    w = parsed.weeks
    for market in mof.MARKETS:
        for inst in ("equity", "long_term_debt", "short_term_debt"):
            diff = w[f"{market}.{inst}.acquisition"] - w[f"{market}.{inst}.disposition"] - w[f"{market}.{inst}.net"]
            assert diff.abs().max() <= 1, (market, inst)
        subtotal = w[f"{market}.equity.net"] + w[f"{market}.long_term_debt.net"] - w[f"{market}.subtotal.net"]
        total = w[f"{market}.subtotal.net"] + w[f"{market}.short_term_debt.net"] - w[f"{market}.total.net"]
        assert subtotal.abs().max() <= 1 and total.abs().max() <= 1


def test_spot_cells(parsed):
    w = parsed.weeks.set_index("period_end")
    first = w.loc[date(2005, 1, 8)]
    assert (first["outward.equity.acquisition"], first["outward.equity.net"], first["inward.total.net"]) == (
        1689, 270, 10363)
    assert w.loc[date(2013, 4, 20), "outward.long_term_debt.net"] == -8608  # the seed story's week
    assert w.loc[date(2013, 4, 27), "outward.long_term_debt.net"] == 2044
    assert w.loc[date(2026, 9, 12), "inward.long_term_debt.net"] == 22362


@pytest.mark.parametrize("cell, expected", [
    ("2013．4．14～ 4．20", (date(2013, 4, 14), date(2013, 4, 20))),
    ("2006．12．31～ 2007．1．6", (date(2006, 12, 31), date(2007, 1, 6))),
    ("2015．12．27～2016．1．2", (date(2015, 12, 27), date(2016, 1, 2))),
    ("2026．8．30～9．5", (date(2026, 8, 30), date(2026, 9, 5))),
    ("期間\nPeriod", None),
    ("", None),
])
def test_period_cells(cell, expected):
    assert mof.parse_period(cell) == expected


def test_year_crossing_weeks_are_parsed(parsed):
    w = parsed.weeks.set_index("period_end")
    assert w.loc[date(2007, 1, 6), "period_start"] == date(2006, 12, 31)
    assert w.loc[date(2016, 1, 2), "period_start"] == date(2015, 12, 27)


def test_tidy_long_format(parsed):
    long = mof.tidy(parsed.weeks.tail(2))
    assert list(long.columns) == ["period_start", "period_end", "market", "instrument", "measure", "value"]
    assert len(long) == 2 * 22
    cell = long[(long.market == "inward") & (long.instrument == "long_term_debt") & (long.measure == "net")
                & (long.period_end == date(2026, 9, 12))]
    assert cell["value"].item() == 22362 * 100_000_000


def test_binary_or_foreign_files_are_refused():
    with pytest.raises(DataError, match="binary"):
        mof.parse(b"\x00\x01\x02" * 100)
    with pytest.raises(DataError):
        mof.parse(b"a,b\n1,2\n")


def test_a_corrupt_number_names_the_line():
    text = MOF_CSV.read_text("utf-8").replace('"1,689 "', '"1,6x9 "', 1)
    with pytest.raises(DataError, match="line 15"):
        mof.parse(text.encode("utf-8"))
