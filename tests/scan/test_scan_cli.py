"""`flowcheck scan`: WARC in, Parquet/JSON Lines out, resumable, the same result however it runs."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.scan.conftest import read_jsonl_dir

runner = CliRunner()


def scan(*args: str):
    return runner.invoke(app, ["scan", *args, "--no-progress"])


@pytest.mark.slow
def test_warc_to_parquet_one_row_per_claim_with_the_article(small_warc, tmp_path, nlp):
    out = tmp_path / "out"
    result = scan(str(small_warc), "-f", "parquet", "-o", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out)
    assert set(table["source_record"].str.rsplit("#", n=1).str[1]) == {"0", "2", "3"}  # the park and the image dropped
    assert {"url", "published", "publisher", "verdict", "kind", "amount_jpy", "explanation"} <= set(table.columns)
    flows = table[table["kind"] == "flow"]
    assert len(flows) > 0 and flows["verdict"].notna().all()
    assert table["url"].str.startswith("http").all()
    assert "5 records" in result.output and "3 candidate articles" in result.output


@pytest.mark.slow
def test_a_rerun_skips_what_is_done_and_finishes_what_is_not(small_warc, tmp_path, nlp):
    out = tmp_path / "out"
    assert scan(str(small_warc), "-f", "jsonl", "-o", str(out), "--partition-size", "2").exit_code == 0
    first = read_jsonl_dir(out)
    parts = sorted(out.glob("*.jsonl"))
    assert len(parts) == 3
    parts[1].unlink()  # as if the run had been killed before that partition finished
    again = scan(str(small_warc), "-f", "jsonl", "-o", str(out), "--partition-size", "2")
    assert "1 partitions done, 2 already done" in again.output
    assert read_jsonl_dir(out) == first


@pytest.mark.slow
def test_jobs_and_a_local_dask_cluster_give_the_same_claims_as_one_process(small_warc, tmp_path, nlp):
    outputs = {}
    for name, extra in {"one": [], "jobs": ["--jobs", "2"], "dask": ["--cluster", "local", "--jobs", "2"]}.items():
        result = scan(str(small_warc), "-f", "jsonl", "-o", str(tmp_path / name), "--partition-size", "1", *extra)
        assert result.exit_code == 0, result.output
        outputs[name] = read_jsonl_dir(tmp_path / name)
    assert outputs["one"] and outputs["jobs"] == outputs["one"] and outputs["dask"] == outputs["one"]


@pytest.mark.slow
def test_save_puts_each_article_in_the_store_once_even_when_scanned_twice(small_warc, tmp_path, nlp):
    from extractor.store.repository import Store

    db = tmp_path / "store.sqlite"
    for _ in range(2):
        assert scan(str(small_warc), "-f", "jsonl", "--save", "--db", str(db)).exit_code == 0
    assert Store.open(str(db)).count("articles") == 3


@pytest.mark.parametrize("args, message", [
    (["nowhere.warc.gz", "-o", "{out}"], "no such file or folder"),
    (["{warc}", "-f", "parquet"], "give --out DIR"),
    (["{warc}", "-f", "xlsx", "-o", "{out}"], "unknown format"),
    (["{warc}", "--cluster", "tcp://127.0.0.1:9", "-o", "{out}"], "cannot reach the Dask scheduler"),
])
def test_bad_input_is_one_clear_line(small_warc, tmp_path, args, message):
    args = [a.format(warc=small_warc, out=tmp_path / "o") for a in args]
    result = scan(*args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_audit_of_a_folder_with_jobs_gives_the_same_output_in_the_same_order(nlp):
    from extractor.cli import articles_in
    from tests.conftest import EXAMPLES

    one = runner.invoke(app, ["audit", str(EXAMPLES), "-f", "jsonl"])
    two = runner.invoke(app, ["audit", str(EXAMPLES), "-f", "jsonl", "--jobs", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    lines = [line for line in one.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == len(articles_in(EXAMPLES)) > 1
    assert [line for line in two.stdout.splitlines() if line.startswith("{")] == lines


def test_a_damaged_archive_is_named_and_fails_the_run_after_the_rest_is_scanned(small_warc, tmp_path, nlp):
    cut = tmp_path / "cut.warc.gz"
    data = small_warc.read_bytes()
    cut.write_bytes(data[: len(data) * 3 // 5])  # a download that stopped
    result = scan(str(cut), str(small_warc), "-f", "jsonl", "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert f"damaged input: {cut}: the file is cut short" in result.output.replace("\n", " ")
    assert "Traceback" not in result.output
    sources = [r["source_record"].split("#")[0] for r in read_jsonl_dir(tmp_path / "o")]
    assert sources.count(str(small_warc)) == 3  # every article of the intact file
    assert 0 < sources.count(str(cut)) < 3  # and those before the cut
