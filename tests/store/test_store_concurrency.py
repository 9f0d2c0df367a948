"""Several processes opening one new store at the same moment (``serve --workers``, two
``audit --save`` runs, scan workers): each must get a working store, none "table articles
already exists"."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import inspect

from extractor.store import schema
from extractor.store.repository import Store
from tests.scan.test_postgres import pg_url  # noqa: F401 (the fixture: a fresh PostgreSQL database, or a skip)

PROCESSES = 6


def open_at_once(db: str, start, results) -> None:
    start.wait()
    try:
        Store.open(db)
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 (the message is what the test reports)
        results.put(f"{exc.__class__.__name__}: {exc}")


def open_together(db: str) -> None:
    """PROCESSES processes open ``db`` at one signal; each must end with the whole schema."""
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=open_at_once, args=(db, start, results)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    start.set()
    answers = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(30)
    assert answers == ["ok"] * PROCESSES, answers
    tables = set(inspect(Store.open(db).engine).get_table_names())
    assert {t.name for t in schema.metadata.sorted_tables} <= tables


def test_processes_opening_a_new_sqlite_store_together_all_succeed(tmp_path):
    for round_ in range(4):  # the race is lost only sometimes: several rounds, each on a fresh file
        open_together(str(tmp_path / f"store{round_}.sqlite"))


def test_processes_opening_a_new_postgresql_store_together_all_succeed(pg_url):  # noqa: F811
    open_together(pg_url)  # one round: PostgreSQL blocks the loser on the winner's catalog rows, then fails it
