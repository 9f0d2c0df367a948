"""`data update --series all`: a source that cannot be fetched (a release not out yet) is
reported and the others are still updated; the exit code says something failed."""

from __future__ import annotations

from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import FetchError
from extractor.official.base import OfficialSource
from extractor.official.monthly_sources import BopPortfolio, MofByInvestor

runner = CliRunner()


def test_one_failing_source_does_not_stop_the_others(monkeypatch, tmp_path):
    fetched = []

    def fetch(self, client=None):
        fetched.append(self.source_id)
        return self.vintage(), False

    def missing(self, client=None, release=None):
        raise FetchError("could not fetch bop from http://127.0.0.1:9/bppi202607.pdf: 404 Not Found")

    monkeypatch.setattr(OfficialSource, "fetch", fetch)
    monkeypatch.setattr(MofByInvestor, "fetch", fetch)  # no network: every fetch is replaced
    monkeypatch.setattr(BopPortfolio, "fetch", missing)
    result = runner.invoke(app, ["data", "update", "--series", "all", "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "404 Not Found" in result.output
    assert fetched == ["mof_weekly", "mof_monthly", "mof_by_investor", "DEXJPUS", "DGS10"]  # bop failed, the rest ran
    assert "DGS10: unchanged" in result.output
