"""Two workers saving the same dev articles (84 since 2026-12-07) into one PostgreSQL store at the same time.

Runs against a real server (``.ci/run`` installs and starts Debian's postgresql and sets
FLOWCHECK_TEST_PG); skipped, saying why, only when no server answers.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid

import pytest

from tests.conftest import DEV_DIR

ADMIN_URL = os.environ.get("FLOWCHECK_TEST_PG", "postgresql+psycopg://flowcheck:flowcheck@127.0.0.1:5432/postgres")


@pytest.fixture
def pg_url():
    """A fresh database on the local server, dropped afterwards."""
    sqlalchemy = pytest.importorskip("sqlalchemy")
    pytest.importorskip("psycopg", reason="psycopg (the PostgreSQL driver) is not installed")
    admin = sqlalchemy.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql("select 1")
    except sqlalchemy.exc.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server at {admin.url.render_as_string(hide_password=True)} "
                    f"(.ci/run starts one; set FLOWCHECK_TEST_PG): {str(exc.orig).splitlines()[0]}")
    name = f"flowcheck_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


def _save_all(url: str, reports: list[tuple[str, str]], barrier) -> None:
    from extractor.claims.model import AuditReport
    from extractor.store.repository import Store

    store = Store(url)
    barrier.wait()  # both workers start saving at the same moment
    for report_json, text in reports:
        store.save_report(AuditReport.model_validate_json(report_json), text)


@pytest.mark.slow
def test_two_workers_saving_the_same_articles_keep_one_copy_of_each(pg_url, nlp):
    from extractor.audit import audit
    from extractor.scrape.inputs import load_article
    from extractor.store.repository import Store

    paths = sorted(p for p in DEV_DIR.glob("*.json") if not p.name.endswith(".gold.json"))
    articles = [load_article(str(p)) for p in paths]
    audited = [audit(a, nlp, None, reconcile=False) for a in articles]
    reports = [(r.model_dump_json(), a.text) for r, a in zip(audited, articles, strict=True)]
    claims = sum(len(r.claims) for r in audited)
    store = Store(pg_url)  # tables created once, as `flowcheck scan --save` does before its workers start

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(2)
    workers = [context.Process(target=_save_all, args=(pg_url, reports, barrier)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]

    assert len(paths) >= 84
    assert store.count("articles") == len(paths)
    with store.engine.connect() as conn:
        hashes = conn.exec_driver_sql("select count(distinct text_hash) from articles").scalar()
        doubled = conn.exec_driver_sql(
            "select count(*) from (select article_id, claim_id from claims group by 1, 2 having count(*) > 1) d").scalar()
    assert hashes == len(paths)
    assert doubled == 0
    assert store.count("claims") == claims
