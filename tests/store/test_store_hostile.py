"""A store that cannot be written or has damaged pages: the report the user asked for is still
written, then one clear error about the store and a non-zero exit — never a traceback, never a
false "saved"."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.conftest import SEED_TXT
from tests.store.damage import damaged_store

runner = CliRunner()


def audit_and_save(db: str):
    return runner.invoke(app, ["audit", str(SEED_TXT), "-p", "2013-04-25", "-f", "json", "--save", "--db", db])


def assert_report_then_store_error(result, message: str) -> None:
    assert json.loads(result.stdout)["claims"]  # the report was written
    assert result.exit_code == 5 and message in result.stderr
    assert "saved as article" not in result.stderr and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_read_only_store_still_gets_the_report_written(tmp_path):
    db = tmp_path / "store.sqlite"
    assert audit_and_save(str(db)).exit_code == 0
    result = audit_and_save(f"sqlite:///file:{db}?mode=ro&uri=true")
    assert_report_then_store_error(result, "read-only")


def test_a_store_folder_that_cannot_be_created_still_gets_the_report_written(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    result = audit_and_save(str(blocker / "store.sqlite"))
    assert_report_then_store_error(result, "cannot create the store's folder")


def test_a_batch_into_a_read_only_store_writes_every_report(tmp_path):
    db = tmp_path / "store.sqlite"
    assert audit_and_save(str(db)).exit_code == 0
    folder = tmp_path / "batch"
    folder.mkdir()
    for n in range(2):
        (folder / f"s{n}.txt").write_text(SEED_TXT.read_text("utf-8"))
    result = runner.invoke(app, ["audit", str(folder), "-p", "2013-04-25", "-f", "jsonl", "--save",
                                 "--db", f"sqlite:///file:{db}?mode=ro&uri=true"])
    assert len(result.stdout.splitlines()) == 2 and result.exit_code == 5 and "read-only" in result.stderr


@pytest.mark.parametrize("command", [["articles"], ["claims"], ["forecasts", "list"], ["export", "-f", "json"]])
def test_damaged_pages_are_found_when_the_store_opens(tmp_path, command):
    db = damaged_store(tmp_path)
    args = [*command, "--db", str(db)] + (["-o", str(tmp_path / "out.json")] if command[0] == "export" else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 5 and "is damaged" in result.stderr and "Traceback" not in result.output


def test_saving_into_a_damaged_store_is_not_reported_as_success(tmp_path):
    db = damaged_store(tmp_path)
    assert_report_then_store_error(audit_and_save(str(db)), "is damaged")


def test_a_server_store_that_cannot_be_reached_is_named_without_its_password():
    pytest.importorskip("psycopg")
    from extractor.store.repository import Store, StoreError

    with pytest.raises(StoreError) as raised:
        Store.open("postgresql+psycopg://flowcheck:s3cret-word@127.0.0.1:9/flowcheck")
    assert "s3cret-word" not in raised.value.message and "flowcheck:***@127.0.0.1:9" in raised.value.message


def test_an_unparsable_stored_url_does_not_break_the_scorecard(tmp_path):
    """An article file's own "url" is stored as given; the scorecard names the outlet by it."""
    story = SEED_TXT.read_text("utf-8").split("\n", 1)
    article = tmp_path / "story.json"
    article.write_text(json.dumps({"title": story[0], "text": story[1], "published": "2013-04-25",
                                   "url": "http://[/x]/story"}), "utf-8")
    db = str(tmp_path / "store.sqlite")
    assert runner.invoke(app, ["audit", str(article), "--save", "--db", db, "-f", "json"]).exit_code == 0
    result = runner.invoke(app, ["forecasts", "scorecard", "--db", db, "-f", "json"])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
