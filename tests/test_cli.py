"""The `flowcheck` command as a user runs it: outputs, and clear errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.conftest import EXAMPLES, MOF_CP932, SEED_TXT

runner = CliRunner()
EXAMPLE = EXAMPLES / "flowcheck-example-2019-07-11-japanese-keep-buying-foreign-bonds.txt"


def invoke(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def test_audit_example_offline_prints_the_table():
    result = invoke("audit", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "wrong direction" in result.output and "did not come true" in result.output  # words for people
    assert "mof_weekly (2026-09-17)" in result.output


def test_audit_seed_json_matches_the_schema():
    result = invoke("audit", str(SEED_TXT), "--published", "2013-04-25", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    verdicts = {c["mention"]: c["verdict"] for c in data["claims"]}
    assert verdicts["862.6 billion yen"] == "close" and verdicts["sixth straight week"] == "accurate"
    assert data["article"]["published"] == "2013-04-25" and data["article"]["published_basis"] == "given"


def test_csv_and_markdown_outputs(tmp_path):
    result = invoke("audit", str(SEED_TXT), "-p", "2013-04-25", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"id", "kind", "claim", "stated", "official", "verdict", "source", "explanation"} <= set(rows[0])
    out = tmp_path / "audit.md"
    result = invoke("audit", str(SEED_TXT), "-p", "2013-04-25", "-f", "markdown", "--out", str(out))
    assert result.exit_code == 0
    text = out.read_text("utf-8")
    assert text.startswith("# Audit: Why Are Japanese Still Dumping Foreign Bonds?")
    assert "| c2 | flow | 862.6 billion yen |" in text


def test_extract_gives_claims_without_verdicts():
    result = invoke("extract", str(SEED_TXT), "-p", "2013-04-25")
    data = json.loads(result.stdout)
    assert data["reconciled"] is False and all(c["verdict"] is None for c in data["claims"])


def test_stdin_input():
    result = invoke("audit", "-", "-p", "2013-04-25", "-f", "json", input=SEED_TXT.read_bytes())
    assert result.exit_code == 0 and json.loads(result.stdout)["article"]["title"].startswith("Why Are")


def test_a_period_after_the_data_is_pending(tmp_path):
    story = tmp_path / "future.txt"
    story.write_text("Flows\nJapanese investors sold a net 500.0 billion yen of foreign bonds last week.\n")
    result = invoke("audit", str(story), "-p", "2026-10-01", "-f", "json")  # after the data, not in the future
    flow = json.loads(result.stdout)["claims"][0]
    assert flow["verdict"] == "pending" and "2026-09-12" in flow["explanation"]


def test_data_info_lists_every_series():
    result = invoke("data", "info")
    assert result.exit_code == 0
    for text in ("mof_weekly", "2005-01-02", "2026-09-12", "DEXJPUS", "2026-05-15", "DGS10", "2026-08-20"):
        assert text in result.output


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"\x00\x01\x02\x03binary", "looks binary"),
    (b"Headline only\n", "no article text"),
])
def test_bad_files_fail_clearly(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = invoke("audit", str(bad))
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_bad_options_fail_clearly(tmp_path):
    for args, message in [
        (("audit", str(SEED_TXT), "--published", "not a date"), "cannot read --published date"),
        (("audit", str(tmp_path / "missing.txt")), "no such file"),
        (("audit", str(SEED_TXT), "--format", "pdf"), "unknown format"),
        (("audit", str(tmp_path)), "no article files"),
    ]:
        result = invoke(*args)
        assert result.exit_code != 0 and message in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_unreadable_mof_file_fails_clearly(tmp_path):
    broken = tmp_path / "week.csv"
    broken.write_bytes(MOF_CP932.read_bytes()[:3000].replace(b'"1,689 "', b'"1,6x9 "'))
    result = invoke("audit", str(SEED_TXT), "-p", "2013-04-25", "--mof-file", str(broken))
    assert result.exit_code == 3 and "MoF file line" in result.output
    result = invoke("audit", str(SEED_TXT), "--mof-file", str(tmp_path / "nope.csv"))
    assert result.exit_code == 3 and "cannot read" in result.output


def test_an_undated_article_warns_and_keeps_claims_unverifiable(tmp_path):
    story = tmp_path / "undated.txt"
    story.write_text("Flows\nJapanese investors sold a net 500.0 billion yen of foreign bonds in the week ended April 20.\n")
    result = invoke("audit", str(story), "-f", "json")
    assert result.exit_code == 0
    assert "no publication date" in result.stderr
    assert json.loads(result.stdout)["claims"][0]["verdict"] == "unverifiable"


def test_a_folder_is_a_batch_with_one_json_line_per_article(tmp_path):
    from tests.conftest import DEV_DIR

    result = invoke("audit", str(DEV_DIR), "--format", "jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    articles = len([p for p in DEV_DIR.glob("*.json") if not p.name.endswith(".gold.json")])
    assert articles >= 12 and len(lines) == articles and all(line["schema_version"] for line in lines)
    assert f"{articles} articles done, 0 failed" in result.stderr


def test_a_bad_file_in_a_batch_is_reported_and_the_rest_done(tmp_path):
    (tmp_path / "good.txt").write_text(SEED_TXT.read_text("utf-8"))
    (tmp_path / "bad.txt").write_bytes(b"")
    result = invoke("audit", str(tmp_path), "-p", "2013-04-25", "-f", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1 and "bad.txt: " in result.stderr


def test_undated_clipping_with_a_pinned_week_gets_an_inferred_year(tmp_path):
    story = tmp_path / "clip.txt"
    story.write_text("Clip\nJapanese institutions sold 862.6 billion yen in overseas debt for the week ended April 20, "
                     "more than double the net 331.9 billion in the previous week.\n")
    result = invoke("audit", str(story), "-f", "json")
    data = json.loads(result.stdout)
    assert data["article"]["published"] == "2013-04-25" and data["article"]["published_basis"] == "inferred"
    assert "inferred" in result.stderr


def test_undated_clipping_without_a_week_only_gets_proposals():
    from tests.conftest import DEV_DIR

    result = invoke("audit", str(DEV_DIR / "asiaone-2024-04-japanese-stocks-biggest-weekly-foreign-outflow.json"),
                    "-f", "json")
    data = json.loads(result.stdout)
    top = data["article"]["date_candidates"][0]
    assert (top["week_end"], top["applied"]) == ("2024-03-30", False)
    assert data["article"]["published"] is None
    assert "Dates that fit the figures: 2024-04-04" in result.stderr


def test_a_url_that_is_not_http_is_named_as_such():
    for command in ("audit", "scrape"):
        result = invoke(command, "ftp://example.com/story.html")
        assert result.exit_code != 0 and "not an http(s) URL" in result.output and "Traceback" not in result.output


# -- hostile input (issue 10) ------------------------------------------------------------------

def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_batch_with_bad_files_writes_every_good_report_and_counts_the_failures(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(3):
        (folder / f"good-{n}.txt").write_text(SEED_TXT.read_text("utf-8"))
    (folder / "wrong-types.json").write_text(json.dumps({"text": "Japanese investors sold bonds.", "title": ["a"],
                                                         "published": 20130425}))
    (folder / "too-long.txt").write_text("Headline\n" + "Japanese investors sold bonds. " * 40_000)
    out = tmp_path / "reports.jsonl"
    result = invoke("audit", str(folder), "-p", "2013-04-25", "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 1
    assert len(out.read_text("utf-8").splitlines()) == 3  # every finished report kept
    assert "wrong-types.json: " in result.stderr and "must be a string" in result.stderr
    assert "too-long.txt: " in result.stderr and "1,000,000-character limit" in result.stderr
    assert "3 articles done, 2 failed" in result.stderr
    _no_traceback(result)


def test_single_bad_files_get_one_line_errors(tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("Headline\n" + "Japanese investors sold bonds. " * 40_000)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"text": "Japanese investors sold bonds.", "publisher": {"name": "X"}}))
    for path, message in ((long, "over the 1,000,000-character limit"), (wrong, '"publisher" must be a string')):
        result = invoke("audit", str(path), "-p", "2013-04-25")
        assert result.exit_code == 2 and message in result.stderr and len(result.stderr.splitlines()) <= 2
        _no_traceback(result)


def test_a_json_ld_headline_list_is_read_as_its_first_headline(tmp_path):
    page = tmp_path / "page.html"
    body = SEED_TXT.read_text("utf-8").split("\n", 1)[1]
    page.write_text('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": '
                    '["Japanese still dumping foreign bonds", "x"]}</script></head><body><article>'
                    + "".join(f"<p>{p}</p>" for p in body.split("\n\n")) + "</article></body></html>")
    result = invoke("audit", str(page), "-p", "2013-04-25", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["title"] == "Japanese still dumping foreign bonds"


def test_one_stray_byte_does_not_turn_a_utf8_file_into_mojibake(tmp_path):
    story = tmp_path / "stray.txt"
    text = SEED_TXT.read_text("utf-8").replace("week", "week \u2014 said the ministry \u2014", 3)
    raw = text.encode("utf-8")
    cut = raw.index(b"862.6")
    story.write_bytes(raw[:cut - 1] + b"\xff" + raw[cut - 1:])  # one byte no UTF-8 file can hold
    result = invoke("audit", str(story), "-p", "2013-04-25", "-f", "json")
    assert result.exit_code == 0
    claims = json.loads(result.stdout)["claims"]
    assert "â\x80" not in result.stdout and any("\u2014" in c["text"] for c in claims)
    assert "warning:" in result.stderr and "1 byte not valid UTF-8" in result.stderr


def test_latin1_and_shift_jis_files_are_still_read_as_such(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 headline\nJapanese investors sold 862.6 billion yen of foreign bonds in the "
                      "week ended April 20, na\u00efve analysts said.\n".encode("latin-1"))
    result = invoke("extract", str(latin), "-p", "2013-04-25", "-f", "json")
    assert result.exit_code == 0 and "na\u00efve" in json.loads(result.stdout)["claims"][0]["text"]
    assert "warning" not in result.stderr


@pytest.mark.parametrize("given, message", [
    ("2099-01-01", "in the future"),
    ("03/04/2024", "ambiguous; use YYYY-MM-DD"),
    ("04.03.2024", "ambiguous; use YYYY-MM-DD"),
])
def test_published_in_the_future_or_ambiguous_is_an_error(given, message):
    result = invoke("audit", str(SEED_TXT), "--published", given)
    assert result.exit_code == 2 and message in result.stderr
    _no_traceback(result)


def test_published_spelled_out_or_iso_is_accepted():
    for given in ("2013-04-25", "April 25, 2013"):
        result = invoke("audit", str(SEED_TXT), "--published", given, "-f", "json")
        assert result.exit_code == 0 and json.loads(result.stdout)["article"]["published"] == "2013-04-25"


def _imported_modules(*args: str) -> list[str]:
    """Every module a fresh interpreter imports for ``args`` (``-X importtime`` lists each import once)."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return [line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")
            and "|" in line and not line.rstrip().endswith("package")]


@pytest.mark.parametrize("args", [("-c", "import extractor.cli"), ("-m", "extractor.cli", "--help")])
def test_the_command_loads_each_of_its_modules_once(args):
    """No cycle: run as ``python -m extractor.cli`` the command group is ``__main__``, and nothing
    imports it again as ``extractor.cli`` (which would build a second Typer app)."""
    names = [n for n in _imported_modules(*args) if n.startswith("extractor")]
    assert {"extractor.cli_common", "extractor.cli_store", "extractor.cli_scan"} <= set(names)
    assert len(names) == len(set(names))
    if args[0] == "-m":
        assert "extractor.cli" not in names


def test_command_modules_share_only_public_names():
    """Sub-command modules take the consoles, options and error decorator from cli_common, never
    private names from each other or anything from the command group."""
    import ast
    from pathlib import Path

    import extractor

    for path in Path(extractor.__file__).parent.glob("cli*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("extractor"):
                assert node.module != "extractor.cli", path.name
                assert not [a.name for a in node.names if a.name.startswith("_")], (path.name, node.module)
