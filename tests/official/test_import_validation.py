"""A bad official file must not replace good data (issue 10, item 2): each import below is
refused with one clear line and a non-zero exit, and `flowcheck data info` reads exactly as
before it. Good files — newer or older — are still accepted."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.conftest import MOF_CP932, SHARED

runner = CliRunner()
MONTHLY = SHARED / "data" / "mof" / "monthly"
MONTHA1 = MONTHLY / "montha1.2026-09-08.cp932.csv"
MONTHB3 = MONTHLY / "monthb3.2026-08-10.cp932.csv"


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def lines_of(path) -> list[bytes]:
    return path.read_bytes().split(b"\r\n")


def weekly_cut(weeks: int) -> bytes:
    """The real weekly file cut after ``weeks`` rows; its header still says 17 Sep 2026."""
    lines = lines_of(MOF_CP932)
    return b"\r\n".join(lines[: 14 + weeks] + lines[-8:])


def weekly_changed(old: bytes, new: bytes) -> bytes:
    """The week to 20 Apr 2013 with one cell retyped."""
    week = "2013．4．14".encode("cp932")
    return b"\r\n".join(line.replace(old, new) if line.startswith(week) else line for line in lines_of(MOF_CP932))


def weekly_duplicated() -> bytes:
    """One week written twice, with different figures in the second copy."""
    lines = lines_of(MOF_CP932)
    week = "2013．4．14".encode("cp932")
    i = next(n for n, line in enumerate(lines) if line.startswith(week))
    return b"\r\n".join(lines[: i + 1] + [lines[i].replace(b'"-8,608 "', b'"-1,234 "')] + lines[i + 1:])


def month_index(lines: list[bytes], year: int, month: str) -> int:
    """The line of ``month`` (``Sep``) of ``year`` in a cp932 monthly file."""
    current = None
    for n, line in enumerate(lines):
        cells = line.decode("cp932").split(",")
        if cells[0].strip().isdigit():
            current = int(cells[0])
        if current == year and len(cells) > 2 and cells[2] == month:
            return n
    raise AssertionError(f"{year} {month} not in the file")


def monthly_cut() -> bytes:
    """montha1 cut after 2020-12 (months only), year rows and notes kept, header still 2026-09-08."""
    lines = lines_of(MONTHA1)
    end = month_index(lines, 2020, "Dec")
    years = next(n for n, line in enumerate(lines) if line.decode("cp932").startswith("2005年(1月"))
    return b"\r\n".join(lines[: end + 1] + lines[years:])


def monthly_changed() -> bytes:
    """September 2022: inward long-term debt net −63,892 retyped as −1,234."""
    lines = lines_of(MONTHA1)
    i = month_index(lines, 2022, "Sep")
    assert b'"-63,892"' in lines[i]
    lines[i] = lines[i].replace(b'"-63,892"', b'"-1,234"')
    return b"\r\n".join(lines)


def monthly_duplicated() -> bytes:
    lines = lines_of(MONTHA1)
    i = month_index(lines, 2017, "Apr")
    return b"\r\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1:])


def by_investor_changed() -> bytes:
    """monthb3, July 2026: the all-investor acquisition retyped as 1 (disposition, net kept)."""
    lines = lines_of(MONTHB3)
    i = month_index(lines, 2026, "Jul")
    lines[i] = re.sub(rb',Jul,"[\d,]+"', b',Jul,"1"', lines[i], count=1)
    return b"\r\n".join(lines)


BAD = [
    ("mof_weekly", weekly_cut(830), "data end 2020-11-28"),
    ("mof_weekly", weekly_changed(b'"-8,608 "', b'"-1,234 "'), "2013-04-14..2013-04-20"),
    ("mof_weekly", weekly_duplicated(), "week starting 2013-04-14 appears twice"),
    ("mof_monthly", monthly_cut(), "data end 2020-12-31"),
    ("mof_monthly", monthly_changed(), "2022-09-01..2022-09-30: inward.long_term_debt"),
    ("mof_monthly", monthly_duplicated(), "month starting 2017-04-01 appears twice"),
    ("mof_by_investor", by_investor_changed(), "2026-07-01..2026-07-31"),
]


@pytest.mark.parametrize(("series", "body", "reason"), BAD,
                         ids=["weekly-cut", "weekly-cell", "weekly-dup", "monthly-cut", "monthly-cell", "monthly-dup",
                              "by-investor-cell"])
def test_a_bad_file_is_refused_and_the_data_stay_as_they_were(tmp_path, series, body, reason):
    before = invoke("data", "info").output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(body)
    result = invoke("data", "import", bad, "--series", series, "--db", tmp_path / "s.sqlite")
    assert result.exit_code != 0
    assert "rejected" in result.output and reason in result.output
    assert invoke("data", "info").output == before


def test_a_cut_file_with_a_consistent_older_date_is_kept_but_does_not_become_current(tmp_path):
    lines = lines_of(MONTHA1)
    end = month_index(lines, 2020, "Dec")
    years = next(n for n, line in enumerate(lines) if line.decode("cp932").startswith("2005年(1月"))
    header = lines[:end + 1]
    header[1] = header[1].replace(b"September 8, 2026", b"January 12, 2021")
    older = tmp_path / "montha1.csv"
    older.write_bytes(b"\r\n".join(header + lines[years:]))
    before = invoke("data", "info").output
    result = invoke("data", "import", older, "--series", "mof_monthly", "--db", tmp_path / "s.sqlite")
    assert result.exit_code == 0 and "new vintage 2021-01-12" in result.output
    assert invoke("data", "info").output == before  # the bundled 2026-09-08 data stay current


def test_good_monthly_files_are_accepted_and_the_newer_becomes_current(tmp_path):
    db = tmp_path / "s.sqlite"
    assert invoke("data", "import", MONTHLY / "montha1.2026-08-10.cp932.csv", "--series", "mof_monthly",
                  "--db", db).exit_code == 0
    result = invoke("data", "import", MONTHB3, "--series", "mof_by_investor", "--db", db)
    assert result.exit_code == 0 and "new vintage 2026-08-10" in result.output
    info = invoke("data", "info").output
    assert "mof_monthly" in info and "2026-08-31" in info  # the older release did not roll the data back


def test_a_monthly_file_cut_by_one_month_is_refused_even_with_nothing_newer_current(tmp_path):
    """The header still says 8 September 2026 but the data end in July: 39 days is not a release."""
    lines = lines_of(MONTHA1)
    i = month_index(lines, 2026, "Aug")
    cut = tmp_path / "montha1.csv"
    blank = ",".join(lines[i].decode("cp932").split(",")[:3] + [""] * 24).encode("cp932")  # as a future month
    cut.write_bytes(b"\r\n".join(lines[:i] + [blank] + lines[i + 1:]))
    result = invoke("data", "import", cut, "--series", "mof_monthly", "--db", tmp_path / "s.sqlite")
    assert result.exit_code != 0 and "updated 2026-09-08 but its data end 2026-07-31" in result.output


def test_a_cut_pdf_is_refused_with_one_line(tmp_path):
    cut = tmp_path / "bppi202309.pdf"
    cut.write_bytes((SHARED / "data" / "mof" / "bop" / "pdf" / "bppi202309.pdf").read_bytes()[:50_000])
    before = invoke("data", "info").output
    result = invoke("data", "import", cut, "--series", "bop", "--db", tmp_path / "s.sqlite")
    assert result.exit_code != 0 and "balance-of-payments PDF cannot be read" in result.output
    assert invoke("data", "info").output == before


def test_a_balance_of_payments_release_with_a_cell_changed_is_refused(monkeypatch, registry):
    """Identities and regions-sum-to-total catch one altered cell of table VI."""
    from extractor.errors import DataError
    from extractor.official import bop

    raw = (SHARED / "data" / "mof" / "bop" / "pdf" / "bppi202309.pdf").read_bytes()
    real = bop.parse(raw)
    registry.bop.validate(raw, real.frame)  # the real release passes
    frame = real.frame.copy()
    row = (frame["country"] == "United States") & (frame["instrument"] == "long_term_debt")
    frame.loc[row & (frame["market"] == "outward"), "net"] = 12345.0
    monkeypatch.setattr(bop, "parse", lambda _raw: bop.BopRelease(real.release, frame, real.summary))
    with pytest.raises(DataError, match="rejected, 2023-09-01..2023-09-30: long_term_debt"):
        registry.bop.validate(raw, frame)
