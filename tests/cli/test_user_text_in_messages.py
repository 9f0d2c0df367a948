"""Messages that echo what the user typed — file and folder names, dates, output paths — show it
as typed: brackets are text, not Rich markup (``[/x]`` raised MarkupError, ``[red]``
vanished), and every way in refuses the same dates."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.conftest import EXAMPLES, SEED_TXT

runner = CliRunner()


@pytest.mark.parametrize("name", ["[/x].txt", "[red]x.txt", "[bold red]x[/].txt"])
def test_a_missing_file_named_with_brackets_is_named_as_typed(name):
    result = runner.invoke(app, ["audit", f"no/such/{name}"])
    assert result.exit_code == 2 and result.stderr.strip() == f"error: no such file: no/such/{name}"


def test_a_batch_folder_with_brackets_writes_the_good_reports_and_names_the_broken_file(tmp_path):
    folder = tmp_path / "b[/x]"  # the folder "x]" inside "b[": the path reads as a closing tag
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(SEED_TXT.read_text("utf-8"), "utf-8")
    example = next(p for p in sorted(EXAMPLES.glob("*.json")) if not p.name.endswith(".gold.json"))
    (folder / "b.json").write_text(example.read_text("utf-8"), "utf-8")
    (folder / "c[red].txt").write_bytes(b"\x00\x01 not text")
    result = runner.invoke(app, ["audit", str(folder), "-p", "2013-04-25", "-f", "jsonl"])
    assert len(result.stdout.splitlines()) == 2 and result.exit_code == 1, result.output
    assert f"c[red].txt: {folder}/c[red].txt looks binary" in result.stderr
    assert "2 articles done, 1 failed" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_export_to_a_missing_folder_is_one_line(tmp_path, fmt):
    target = tmp_path / "no" / "such[/x]" / f"out.{fmt}"
    result = runner.invoke(app, ["export", "-f", fmt, "-o", str(target), "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: cannot write {target}") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("date, message", [("2099-01-01", "is in the future"), ("03/04/2024", "is ambiguous")])
def test_scan_refuses_the_dates_audit_refuses(tmp_path, date, message):
    for command in (["audit", str(SEED_TXT)], ["scan", str(tmp_path), "--no-progress"]):
        result = runner.invoke(app, [*command, "-p", date])
        assert result.exit_code == 2 and message in result.stderr, (command, result.output)
