"""One article that raises never stops a batch: `scan` (one process, --jobs, a Dask cluster) and
`audit FOLDER` (with and without --jobs) write every other article, list the failure with its
record and error (_errors.jsonl), print one line for it, exit 1, and a re-run retries only it.

The failure is injected where a crawl met it (issue 20: an IndexError deep in a reconciler) by
wrapping the audit so that one article raises; forked workers (--jobs, --cluster local) inherit
the wrapper."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.scrape.inputs import load_article
from tests.scan.conftest import dev_paths, read_jsonl_dir

runner = CliRunner()
BROKEN = 1  # the second dev article (of the three in small_warc) is the one that raises


def _break_one_article(monkeypatch, url: str) -> None:
    import extractor.audit
    import extractor.scan.work

    real = extractor.audit.audit

    def audit(article, *args, **kwargs):
        if article.url == url:
            raise IndexError("single positional indexer is out-of-bounds")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(extractor.scan.work, "audit", audit)
    monkeypatch.setattr(extractor.audit, "audit", audit)


@pytest.fixture
def broken_url() -> str:
    return load_article(str(dev_paths()[BROKEN])).url


def _scan(*args: str):
    return runner.invoke(app, ["scan", *args, "--no-progress"])


@pytest.mark.slow
@pytest.mark.parametrize("extra", [[], ["--jobs", "2"], ["--cluster", "local", "--jobs", "2"]],
                         ids=["one-process", "jobs", "dask-local"])
def test_a_scan_writes_every_other_article_lists_the_failure_and_a_rerun_retries_only_it(
        small_warc, tmp_path, nlp, monkeypatch, broken_url, extra):
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        _break_one_article(patch, broken_url)
        result = _scan(str(small_warc), "-f", "jsonl", "-o", str(out), "--partition-size", "2", *extra)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    written = {r["source_record"] for r in read_jsonl_dir(out)}
    assert written == {f"{small_warc}#0", f"{small_warc}#3"}  # the other two dev articles (1: the park page)
    failed = f"{small_warc}#2"
    errors = [json.loads(line) for line in (out / "_errors.jsonl").read_text().splitlines()]
    assert [(e["record"], e["error"]) for e in errors] == [
        (failed, "the audit failed (IndexError: single positional indexer is out-of-bounds)")]
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {failed}: the audit failed (IndexError: single positional indexer is out-of-bounds)"]

    again = _scan(str(small_warc), "-f", "jsonl", "-o", str(out), "--partition-size", "2", *extra)
    assert again.exit_code == 0, again.output
    assert "1 records (" in again.stderr and "1 failed records retried" in again.stderr  # only the failed one read
    assert not (out / "_errors.jsonl").exists()
    records = [r["source_record"] for r in read_jsonl_dir(out)]
    assert sorted(records) == sorted([f"{small_warc}#0", failed, f"{small_warc}#3"])  # each once


@pytest.mark.slow
def test_a_retry_that_fails_again_keeps_the_record_listed_and_the_others_untouched(
        small_warc, tmp_path, nlp, monkeypatch, broken_url):
    out = tmp_path / "out"
    _break_one_article(monkeypatch, broken_url)
    first = _scan(str(small_warc), "-f", "parquet", "-o", str(out), "--partition-size", "2")
    parts = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    again = _scan(str(small_warc), "-f", "parquet", "-o", str(out), "--partition-size", "2")
    assert first.exit_code == again.exit_code == 1
    assert "1 records (" in again.stderr
    assert len((out / "_errors.jsonl").read_text().splitlines()) == 1
    assert {p.name for p in out.glob("*.parquet")} == set(parts)
    table = pd.read_parquet(out)  # the failure list beside the part files does not stop the folder reading as a table
    assert set(table["source_record"]) == {f"{small_warc}#0", f"{small_warc}#3"}


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_audit_of_a_folder_writes_every_other_article_and_lists_the_failure_beside_the_output(
        tmp_path, nlp, monkeypatch, broken_url, jobs):
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in dev_paths()[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    _break_one_article(monkeypatch, broken_url)
    report = tmp_path / "audits.jsonl"
    result = runner.invoke(app, ["audit", str(folder), "-f", "jsonl", "-o", str(report), "--jobs", jobs])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert [json.loads(line)["article"]["title"] for line in report.read_text().splitlines()] == [
        load_article(str(p)).title for k, p in enumerate(dev_paths()[:3]) if k != BROKEN]
    broken = str(folder / dev_paths()[BROKEN].name)
    listed = [json.loads(line) for line in (tmp_path / "audits.errors.jsonl").read_text().splitlines()]
    assert listed == [{"record": broken, "error": "the audit failed (IndexError: single positional indexer is "
                                                  "out-of-bounds)"}]
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {broken}: the audit failed (IndexError: single positional indexer is out-of-bounds)"]
    assert "2 articles done, 1 failed" in result.stderr


@pytest.mark.slow
def test_when_the_batched_analysis_raises_each_article_is_analysed_alone_and_only_the_bad_one_fails(
        tmp_path, nlp, monkeypatch):
    import extractor.audit
    import extractor.scan.work
    from extractor.scan.sources import Part
    from extractor.scan.work import Scanner, ScanOptions

    files = tuple(str(p) for p in dev_paths()[:3])
    bad_text = load_article(files[BROKEN]).text
    real = extractor.audit.analyse

    def analyse(nlp, text, published):
        if text == bad_text:
            raise ValueError("a component met something it did not expect")
        return real(nlp, text, published)

    def analyse_many(nlp, items):  # the batch meets the bad article half-way
        for text, published in items:
            yield analyse(nlp, text, published)

    monkeypatch.setattr(extractor.audit, "analyse", analyse)
    monkeypatch.setattr(extractor.scan.work, "analyse_many", analyse_many)
    result = Scanner(ScanOptions(prefilter=False)).run(Part(str(tmp_path), "files", 0, 3, files=files))
    assert [a.record for a in result.articles] == [files[0], files[2]]
    assert [(f.record, f.error) for f in result.errors] == [
        (files[BROKEN], "the audit failed (ValueError: a component met something it did not expect)")]
    assert result.counts["audited"] == 2 and result.counts["failed"] == 1
