"""The claims store: saving, re-saving, batches that die midway, forecasts that resolve
themselves, vintages whose revisions change a verdict's wording."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.store.repository import Store
from tests.conftest import DEV_DIR, MOF_CP932, SEED_TXT

runner = CliRunner()


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "store.sqlite")


def old_vintage(tmp_path, *, weeks: int, cell: tuple[str, str] | None = None, updated: str | None = None):
    """A vintage built from the real file: cut after ``weeks`` rows, optionally one cell
    changed (old text → new text in the week to 2013-04-20) and the update date restated."""
    lines = MOF_CP932.read_bytes().split(b"\r\n")
    rows = lines[14 : 14 + weeks]
    if cell:
        rows = [r.replace(cell[0].encode(), cell[1].encode()) if r.startswith("2013．4．14".encode("cp932")) else r
                for r in rows]
    header = lines[:14]
    if updated:
        header[1] = header[1].replace(b"September  17 , 2026", updated.encode())
    path = tmp_path / f"week-{weeks}.csv"
    path.write_bytes(b"\r\n".join(header + rows + lines[-8:]))
    return path


def test_seed_saved_shows_parpart_forecast_came_true(db):
    assert invoke("audit", SEED_TXT, "-p", "2013-04-25", "--save", "--db", db, "-f", "json").exit_code == 0
    result = invoke("forecasts", "list", "--db", db)
    assert "Uwe Parpart" in result.output and "came true" in result.output  # the table's words
    assert "2013-04-21 to" in result.output and "2013-04-27" in result.output
    row = Store.open(db).forecasts(status="came_true")[0]
    assert (row["affiliation"], str(row["deadline"])) == ("Reorient Financial Markets", "2013-05-15")


def test_saving_the_same_story_twice_keeps_one_article(db):
    for _ in range(2):
        invoke("audit", SEED_TXT, "-p", "2013-04-25", "--save", "--db", db, "-f", "json")
    store = Store.open(db)
    assert store.count("articles") == 1
    assert store.count("forecasts") == 3  # Parpart: by mid-May; life insurers into foreign bonds, and equities
    assert store.count("claims") == len({c["claim_id"] for c in store.claims()})


def test_a_pending_forecast_flips_when_newer_data_arrive(db, tmp_path):
    truncated = old_vintage(tmp_path, weeks=433)  # data end with the week to 20 Apr 2013
    invoke("audit", SEED_TXT, "-p", "2013-04-25", "--save", "--db", db, "--mof-file", truncated, "-f", "json")
    assert Store.open(db).forecasts()[0]["status"] == "pending"
    assert "pending" in invoke("forecasts", "list", "--db", db, "--status", "pending").output
    result = invoke("forecasts", "check", "--db", db)  # the bundled, complete data
    assert "pending → came_true" in result.output and "1 forecasts changed" in result.output
    row = Store.open(db).forecasts()[0]
    assert row["status"] == "came_true" and str(row["evidence_period_end"]) == "2013-04-27"
    assert "0 forecasts changed" in invoke("forecasts", "check", "--db", db).output


def test_a_batch_killed_midway_completes_on_rerun_without_duplicates(db, monkeypatch):
    import extractor.audit as audit_module

    real = audit_module.audit
    calls = {"n": 0}

    def dies_on_the_fifth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # the process is killed mid-batch
        return real(*args, **kwargs)

    monkeypatch.setattr(audit_module, "audit", dies_on_the_fifth)
    runner.invoke(app, ["audit", str(DEV_DIR), "--save", "--db", db, "-f", "jsonl"])
    assert Store.open(db).count("articles") == 4  # what was committed stays
    monkeypatch.setattr(audit_module, "audit", real)
    assert invoke("audit", DEV_DIR, "--save", "--db", db, "-f", "jsonl").exit_code == 0
    store = Store.open(db)
    articles = len([p for p in DEV_DIR.glob("*.json") if not p.name.endswith(".gold.json")])
    assert articles >= 12 and store.count("articles") == articles
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from (select text_hash from articles group by text_hash "
                            "having count(*) > 1)").fetchone()[0] == 0


def test_two_vintages_record_the_revision_and_change_the_wording(db, tmp_path):
    # first-published: net −8,626 (disposition, subtotal and total with it, so the file's identities hold)
    first = old_vintage(tmp_path, weeks=433, updated="April  25 , 2013",
                        cell=('"48,481 ","-8,608 ","-8,886 ","1,653 ","2,105 ",-452 ,"-9,338 "',
                              '"48,499 ","-8,626 ","-8,904 ","1,653 ","2,105 ",-452 ,"-9,356 "'))
    assert invoke("data", "import", first, "--db", db).exit_code == 0
    assert invoke("data", "import", MOF_CP932, "--db", db).exit_code == 0
    revisions = Store.open(db).revisions("mof_weekly")
    cell = [r for r in revisions if r["cell"] == "outward.long_term_debt.net"]
    assert [(str(r["period_end"]), r["old_value"], r["new_value"], r["old_vintage"], r["vintage"]) for r in cell] == [
        ("2013-04-20", -862.6e9, -860.8e9, "2013-04-25", "2026-09-17")]
    result = invoke("audit", SEED_TXT, "-p", "2013-04-25", "-f", "json")
    flow = next(c for c in json.loads(result.stdout)["claims"] if c["mention"] == "862.6 billion yen")
    assert flow["verdict"] == "accurate"
    assert flow["explanation"].startswith("Accurate at publication")
    assert "since revised to 860.8 billion yen" in flow["explanation"]
    assert flow["official"]["values"] == {"at_publication": -862.6e9, "latest": -860.8e9}


def test_claims_query_and_exports(db, tmp_path):
    invoke("audit", SEED_TXT, "-p", "2013-04-25", "--save", "--db", db, "-f", "json")
    result = invoke("claims", "--verdict", "inaccurate", "--since", "2013-01-01", "--db", db)
    assert "depreciated over 7" in result.output and "862.6" not in result.output
    assert invoke("export", "-f", "csv", "-o", tmp_path / "csv", "--db", db).exit_code == 0
    assert {p.name for p in (tmp_path / "csv").iterdir()} >= {"articles.csv", "claims.csv", "verdicts.csv",
                                                              "forecasts.csv", "vintages.csv", "revisions.csv"}
    assert invoke("export", "-f", "json", "-o", tmp_path / "all.json", "--db", db).exit_code == 0
    assert len(json.loads((tmp_path / "all.json").read_text())["claims"]) == 13  # the seed: 13 claims, 3 of them forecasts
    assert invoke("export", "-f", "sqlite", "-o", tmp_path / "copy.sqlite", "--db", db).exit_code == 0
    with sqlite3.connect(tmp_path / "copy.sqlite") as conn:
        assert conn.execute("select count(*) from claims where kind = 'flow'").fetchone()[0] == 2


def test_bad_store_options_fail_clearly(tmp_path):
    result = invoke("forecasts", "list", "--db", "nosuchdriver://x")
    assert result.exit_code != 0 and "cannot open the store" in result.output
    result = invoke("forecasts", "show", "99", "--db", str(tmp_path / "s.sqlite"))
    assert result.exit_code == 2 and "no store at" in result.output  # a store that does not exist
    Store.open(str(tmp_path / "s.sqlite"))
    result = invoke("forecasts", "show", "99", "--db", str(tmp_path / "s.sqlite"))
    assert result.exit_code != 0 and "no forecast with id 99" in result.output


def test_a_store_from_an_older_version_gains_new_columns_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:  # an older store: claims without the newer columns
        conn.execute("create table claims (pk integer primary key, article_id integer not null, claim_id text, "
                     "kind text, claim_json text not null)")
        conn.execute("insert into claims (article_id, claim_id, kind, claim_json) values (1, 'c1', 'flow', '{}')")
    store = Store.open(str(path))
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("pragma table_info(claims)")}
        assert {"window_start", "market", "amount_jpy", "official_value"} <= columns
        assert conn.execute("select claim_id from claims").fetchall() == [("c1",)]
    assert store.count("claims") == 1
