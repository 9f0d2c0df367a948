"""docs/architecture.md's components table is what the declarations say today."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.nlp.describe import BEGIN, END, components_section, replace_section

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_architecture_doc_matches_the_pipeline(nlp):
    text = ARCHITECTURE.read_text("utf-8")
    assert replace_section(text, components_section(nlp)) == text, (
        "docs/architecture.md is stale: run `python -m extractor.nlp.describe docs/architecture.md`")


def test_table_shows_each_pipe_with_what_it_reads_and_writes(nlp):
    section = components_section(nlp)
    row = next(line for line in section.splitlines() if line.startswith("| ") and "`fc_flows`" in line)
    assert "`flowcheck_flows` · flow_reader" in row
    assert "`doc._.fc_amounts`" in row.split("|")[5] and row.split("|")[6].strip() == "`doc._.fc_flows`"
    assert "| `doc._.fc_flows` | `extractor/claims/build.py`" in section


def test_replacing_keeps_the_hand_written_text():
    text = f"intro\n{BEGIN}\nold table\n{END}\noutro\n"
    assert replace_section(text, f"{BEGIN}\nnew\n{END}\n") == f"intro\n{BEGIN}\nnew\n{END}\noutro\n"
    with pytest.raises(ValueError, match="no generated section"):
        replace_section("no markers here", "x")


def test_a_missing_or_unmarked_file_is_one_error_line_and_exit_1(tmp_path, capsys):
    from extractor.nlp.describe import main

    unmarked = tmp_path / "page.md"
    unmarked.write_text("no markers here\n", "utf-8")
    assert main([str(tmp_path / "missing.md")]) == 1
    assert main([str(unmarked)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "No such file" in err[0] and "no generated section" in err[1]
    assert unmarked.read_text("utf-8") == "no markers here\n"  # nothing written
