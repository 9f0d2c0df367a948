"""Reading and writing the store.

Saving an audit is one transaction per article: the article row is found by canonical URL or
text hash and updated in place, its claims, verdicts and forecasts replaced. A crash in a batch
therefore loses nothing already committed and leaves no half-saved article.
"""

from __future__ import annotations

import functools
import json
import time
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import TypeAdapter
from sqlalchemy import JSON, create_engine, delete, event, insert, inspect, select, text, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from extractor import settings
from extractor.claims.model import AuditReport, Claim, ForecastClaim
from extractor.errors import FlowcheckError
from extractor.scrape.inputs import text_hash
from extractor.store import schema

_CLAIM = TypeAdapter(Claim)


class StoreError(FlowcheckError):
    exit_code = 5


SAVE_ATTEMPTS = 3
"""A save that lost a race for a new article's row is retried (see ``Store.save_report``)."""


SCHEMA_ATTEMPTS = 5
"""Creating the schema is retried when another process created part of it first."""
_ALREADY_THERE = ("already exists", "duplicate column", "pg_type_typname_nsp_index")


def _lost_creation_race(exc: SQLAlchemyError) -> bool:
    """Whether creating a table, index or column failed because another process made it first."""
    detail = str(getattr(exc, "orig", None) or exc).lower()
    return any(words in detail for words in _ALREADY_THERE)


def database_url(db: str | None) -> str:
    """``--db``: nothing → SQLite file in the user's data dir; a path → SQLite there; a URL as is."""
    if db and "://" in db:
        return db
    path = Path(db) if db else settings.data_dir() / "flowcheck.sqlite"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store's folder {path.parent}: {exc.strerror}") from exc
    return f"sqlite:///{path}"


def _guarded(method):
    """Database failures (read-only file, damaged pages, locked) as one StoreError line, never a
    traceback and never a silent success."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except SQLAlchemyError as exc:
            raise StoreError(describe(exc, getattr(self, "url", "?"))) from exc

    return wrapper


def describe(exc: SQLAlchemyError, url: str, *, opening: bool = False) -> str:
    """What went wrong with the store, in the user's terms."""
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    where = shown(url)
    if "readonly" in detail or "read-only" in detail:
        return f"the store at {where} is read-only ({detail}); give a writable --db"
    if "unable to open" in detail:
        return f"cannot open the store at {where} ({detail}); check the file and its folder are writable"
    if "malformed" in detail or "not a database" in detail or "corrupt" in detail:
        return f"the store at {where} is damaged ({detail}); restore a backup or give another --db"
    if opening:
        return f"cannot open the store at {where}: {exc.__class__.__name__}: {detail}"
    return f"the store at {where} failed: {exc.__class__.__name__}: {detail}"


def shown(url: str) -> str:
    """The store's address as messages show it: a SQLite path as a path, a server URL without
    its password (the messages reach /healthz answers and logs)."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


def now() -> datetime:
    return datetime.now(UTC)


def flatten(claim) -> dict:
    """One claims row: every model field as a column, ``official`` flattened, lists as JSON."""
    py, js = claim.model_dump(), claim.model_dump(mode="json")
    row = {}
    for name, kind in schema.CLAIM_COLUMNS.items():
        if name.startswith("official_") and "official" in py:
            sub = name[len("official_"):]
            value = (js if kind is JSON else py)["official"]
            value = value.get(sub) if value else None
        else:
            value = (js if kind is JSON else py).get(name)
        if hasattr(value, "value") and not isinstance(value, (int, float, str, date)):
            value = value.value
        row["claim_id" if name == "id" else name] = value
    row["claim_json"] = claim.model_dump_json()
    return row


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", lambda conn, _: conn.execute("PRAGMA foreign_keys=ON"))
                self.check_integrity()
            self._create_schema()
        except SQLAlchemyError as exc:
            raise StoreError(describe(exc, url, opening=True)) from exc

    @_guarded
    def check_integrity(self) -> None:
        """``PRAGMA quick_check`` (reads every page, O(size), no index cross-check): damaged
        pages are found when the store opens, not as a traceback in the middle of a listing.
        It runs on a connection of its own, outside the pool: a pooled connection answers from
        its page cache and would go on finding a store damaged on disk sound; once damage is
        found the pool is emptied, so every request reads the file as it is. A server store
        (PostgreSQL) checks its own pages; for it this is a round trip."""
        if self.engine.dialect.name != "sqlite":
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        fresh = create_engine(self.url, poolclass=NullPool)
        try:
            with fresh.connect() as conn:
                problems = [" ".join(str(r[0]).split()) for r in conn.execute(text("PRAGMA quick_check(3)"))]
        finally:
            fresh.dispose()
        if problems != ["ok"]:
            self.engine.dispose()
            raise StoreError(f"the store at {self.url.removeprefix('sqlite:///')} is damaged "
                             f"(quick_check: {'; '.join(problems)[:240]}); restore a backup or give another --db")

    def _create_schema(self) -> None:
        """The tables, indexes and any missing columns, safe when several processes open a new
        store at once (``flowcheck serve --workers 2``, two ``audit --save`` runs, scan workers).

        ``create_all`` checks first, then creates: two processes can both find no ``articles``
        table and both create it, and the slower one fails ("table articles already exists" in
        SQLite; "relation … already exists" or a duplicate ``pg_type`` key in PostgreSQL). Losing
        that race only means another process did the work, so the step is run again: its check
        now sees what the other created and goes on with what is still missing. DDL is
        idempotent this way on every dialect, without a server-side lock."""
        for attempt in range(SCHEMA_ATTEMPTS):
            try:
                schema.metadata.create_all(self.engine, checkfirst=True)
                self._add_missing_columns()
                return
            except (OperationalError, ProgrammingError, IntegrityError) as exc:
                if attempt == SCHEMA_ATTEMPTS - 1 or not _lost_creation_race(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _add_missing_columns(self) -> None:
        """Additive migration: a store written by an older flowcheck gets the columns new claim
        fields need (``ALTER TABLE … ADD COLUMN``); existing rows are left as they are."""
        inspector = inspect(self.engine)
        with self.engine.begin() as conn:
            for table in schema.metadata.sorted_tables:
                present = {c["name"] for c in inspector.get_columns(table.name)}
                for column in table.columns:
                    if column.name not in present:
                        kind = column.type.compile(dialect=self.engine.dialect)
                        conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        return cls(database_url(db))

    # -- articles and claims -----------------------------------------------------------
    @_guarded
    def save_report(self, report: AuditReport, text: str) -> tuple[int, bool]:
        """Store an audit; returns (article id, whether it was new).

        Safe when several workers save the same article at once: the article's ``text_hash`` is
        unique, so of two concurrent first inserts one fails; it is retried, finds the row the
        other committed and updates it in place — one article, no duplicate claims."""
        for attempt in range(SAVE_ATTEMPTS):
            try:
                return self._save_once(report, text)
            except IntegrityError as exc:
                if attempt == SAVE_ATTEMPTS - 1:
                    raise StoreError(f"cannot save {report.article.url or report.article.title}: {exc.orig}") from exc
        raise AssertionError("unreachable")

    def _save_once(self, report: AuditReport, text: str) -> tuple[int, bool]:
        digest = text_hash(text)
        a = report.article
        values = {"url": a.url, "canonical_url": a.url, "title": a.title, "published": a.published,
                  "published_basis": a.published_basis, "publisher": a.publisher, "text_hash": digest,
                  "path": a.path, "text": text, "audited_at": now()}
        with self.engine.begin() as conn:
            found = None
            if a.url:
                found = conn.execute(select(schema.articles.c.id).where(
                    (schema.articles.c.canonical_url == a.url) | (schema.articles.c.url == a.url))).scalar()
            if found is None:
                found = conn.execute(select(schema.articles.c.id).where(
                    schema.articles.c.text_hash == digest)).scalar()
            if found is None:
                article_id = conn.execute(insert(schema.articles).values(**values)).inserted_primary_key[0]
            else:
                article_id = found
                conn.execute(update(schema.articles).where(schema.articles.c.id == found).values(**values))
                claim_pks = select(schema.claims.c.pk).where(schema.claims.c.article_id == found)
                conn.execute(delete(schema.verdicts).where(schema.verdicts.c.claim_pk.in_(claim_pks)))
                conn.execute(delete(schema.claims).where(schema.claims.c.article_id == found))
                conn.execute(delete(schema.forecasts).where(schema.forecasts.c.article_id == found))
            for claim in report.claims:
                pk = conn.execute(insert(schema.claims).values(article_id=article_id, **flatten(claim))
                                  ).inserted_primary_key[0]
                if claim.verdict is not None:
                    conn.execute(insert(schema.verdicts).values(
                        claim_pk=pk, verdict=claim.verdict.value,
                        official_value=claim.official.value if claim.official else None,
                        series=claim.official.series if claim.official else None,
                        vintage=claim.official.vintage if claim.official else None, checked_at=now()))
                if isinstance(claim, ForecastClaim):
                    conn.execute(insert(schema.forecasts).values(article_id=article_id, **forecast_row(claim)))
        return article_id, found is None

    @_guarded
    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return len(conn.execute(select(schema.metadata.tables[table].c[0])).all())

    @_guarded
    def claims(self, *, verdict: str | None = None, kind: str | None = None, since: date | None = None,
               limit: int | None = None) -> list[dict]:
        c, a = schema.claims, schema.articles
        query = select(c, a.c.title, a.c.published, a.c.url).join(a, a.c.id == c.c.article_id)
        if verdict:
            query = query.where(c.c.verdict == verdict)
        if kind:
            query = query.where(c.c.kind == kind)
        if since:
            query = query.where(a.c.published >= since)
        query = query.order_by(a.c.published, c.c.pk)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    @_guarded
    def articles(self) -> list[dict]:
        a = schema.articles
        with self.engine.connect() as conn:
            rows = conn.execute(select(a.c.id, a.c.url, a.c.title, a.c.published, a.c.publisher, a.c.text_hash,
                                       a.c.audited_at).order_by(a.c.published))
            return [dict(r._mapping) for r in rows]

    # -- forecasts ---------------------------------------------------------------------
    @_guarded
    def forecasts(self, *, status: str | None = None, forecaster: str | None = None,
                  deadline_before: date | None = None, deadline_after: date | None = None) -> list[dict]:
        f = schema.forecasts
        query = select(f)
        if status:
            query = query.where(f.c.status == status)
        if forecaster:
            query = query.where(f.c.forecaster.ilike(f"%{forecaster}%"))
        if deadline_before:
            query = query.where(f.c.deadline <= deadline_before)
        if deadline_after:
            query = query.where(f.c.deadline >= deadline_after)
        with self.engine.connect() as conn:
            # dated forecasts first, soonest deadline first; undated ones (default windows) after
            return [dict(r._mapping) for r in conn.execute(query.order_by(f.c.deadline.is_(None), f.c.deadline,
                                                                          f.c.id))]

    @_guarded
    def forecast(self, forecast_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.forecasts).where(schema.forecasts.c.id == forecast_id)).first()
            return dict(row._mapping) if row else None

    @_guarded
    def update_forecast(self, forecast_id: int, claim: ForecastClaim) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(schema.forecasts).where(schema.forecasts.c.id == forecast_id)
                         .values(**forecast_row(claim)))
            conn.execute(update(schema.claims).where(
                (schema.claims.c.article_id == select(schema.forecasts.c.article_id)
                 .where(schema.forecasts.c.id == forecast_id).scalar_subquery())
                & (schema.claims.c.claim_id == claim.id)).values(**flatten(claim)))

    # -- data vintages -----------------------------------------------------------------
    @_guarded
    def record_vintage(self, series: str, label: str, fetched_at: str | None, source_url: str, checksum: str) -> bool:
        with self.engine.begin() as conn:
            exists = conn.execute(select(schema.vintages.c.id).where(
                (schema.vintages.c.series == series) & (schema.vintages.c.checksum == checksum))).first()
            if exists:
                return False
            conn.execute(insert(schema.vintages).values(series=series, label=label, fetched_at=fetched_at,
                                                        source_url=source_url, checksum=checksum))
            return True

    @_guarded
    def record_revisions(self, rows: list[dict]) -> int:
        if not rows:
            return 0
        with self.engine.begin() as conn:
            for row in rows:
                conn.execute(delete(schema.revisions).where(
                    (schema.revisions.c.series == row["series"]) & (schema.revisions.c.period_end == row["period_end"])
                    & (schema.revisions.c.cell == row["cell"]) & (schema.revisions.c.vintage == row["vintage"])))
                conn.execute(insert(schema.revisions).values(**row))
        return len(rows)

    @_guarded
    def revisions(self, series: str | None = None) -> list[dict]:
        query = select(schema.revisions)
        if series:
            query = query.where(schema.revisions.c.series == series)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query.order_by(schema.revisions.c.period_end))]

    @_guarded
    def table_rows(self, name: str) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(schema.metadata.tables[name]))]


def forecast_row(claim: ForecastClaim) -> dict:
    return {
        "claim_id": claim.id, "forecaster": claim.forecaster, "affiliation": claim.affiliation,
        "statement": claim.statement,
        "target_series": (claim.official.series if claim.official else
                          f"{claim.data_source or 'mof_weekly'}:{claim.market}.{claim.instrument}.net"
                          if claim.market else None),
        "test": claim.test, "data_source": claim.data_source, "status_reason": claim.status_reason,
        "direction": claim.direction, "rule": claim.rule, "made_on": claim.made_on, "deadline": claim.deadline,
        "status": claim.verdict.value if claim.verdict else None,
        "evidence_period_start": claim.evidence_period_start, "evidence_period_end": claim.evidence_period_end,
        "explanation": claim.explanation, "resolved_at": now() if claim.verdict and claim.verdict.value in (
            "came_true", "did_not_come_true") else None,
        "claim_json": claim.model_dump_json(),
    }


def claim_from_json(text: str):
    return _CLAIM.validate_python(json.loads(text))
