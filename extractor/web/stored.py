"""Stored audits read back for the desk: an article's report rebuilt from the store exactly as it
was saved (the claims' own JSON, with the verdicts and official figures of that day), and the
verdict counts the article list shows. Reads only; the store's own module does the writing."""

from __future__ import annotations

from sqlalchemy import func, select

from extractor.claims.model import ArticleInfo, AuditReport
from extractor.store import schema
from extractor.store.repository import Store, claim_from_json


def stored_report(store: Store, article_id: int) -> tuple[AuditReport, str, object] | None:
    """(report, article text, audited_at) of a stored article, or None if there is no such id."""
    a, c = schema.articles, schema.claims
    with store.engine.connect() as conn:
        row = conn.execute(select(a).where(a.c.id == article_id)).first()
        if row is None:
            return None
        art = row._mapping
        claims = [claim_from_json(j) for j in conn.execute(
            select(c.c.claim_json).where(c.c.article_id == article_id).order_by(c.c.pk)).scalars()]
    used = {}
    for claim in claims:
        if claim.official is not None:
            series = claim.official.series.split(":")[0]
            used.setdefault(series, claim.official.vintage)
    info = ArticleInfo(title=art["title"], url=art["url"], published=art["published"],
                       published_basis=art["published_basis"] or "unknown", publisher=art["publisher"],
                       path=art["path"])
    report = AuditReport(article=info, claims=claims, reconciled=True,
                         data=[{"source_id": s, "label": v} for s, v in used.items()])
    return report, art["text"] or "", art["audited_at"]


def verdict_counts(store: Store) -> dict[int, list[tuple[str, int]]]:
    """article id → [(verdict, number of claims)] in one fixed order, problems first
    (``describe.PROBLEMS_FIRST``), so the badges of two articles line up."""
    c = schema.claims
    query = select(c.c.article_id, c.c.verdict, func.count()).group_by(c.c.article_id, c.c.verdict)
    counts: dict[int, list[tuple[str, int]]] = {}
    with store.engine.connect() as conn:
        for article_id, verdict, n in conn.execute(query):
            counts.setdefault(article_id, []).append((verdict or "not checked", n))
    from extractor.report.describe import PROBLEMS_FIRST

    return {k: sorted(v, key=lambda kv: PROBLEMS_FIRST.index(kv[0]) if kv[0] in PROBLEMS_FIRST else 99)
            for k, v in counts.items()}


def article_by_key(store: Store, key: str) -> int | None:
    """The stored article whose text hash starts with ``key`` (a check's address), if any."""
    a = schema.articles
    with store.engine.connect() as conn:
        return conn.execute(select(a.c.id).where(a.c.text_hash.like(f"{key}%")).order_by(a.c.id)).scalar()


def before_saving(store: Store, url: str | None, text: str) -> dict | None:
    """What the store holds for the article a save would update (same URL or same text, as
    ``Store.save_report`` matches it): its id, headline, date and verdict counts."""
    from extractor.scrape.inputs import text_hash

    a = schema.articles
    with store.engine.connect() as conn:
        row = None
        if url:
            row = conn.execute(select(a.c.id, a.c.title, a.c.published).where(
                (a.c.canonical_url == url) | (a.c.url == url))).first()
        if row is None:
            row = conn.execute(select(a.c.id, a.c.title, a.c.published).where(
                a.c.text_hash == text_hash(text))).first()
    if row is None:
        return None
    return {"id": row.id, "title": row.title, "published": row.published,
            "counts": dict(verdict_counts(store).get(row.id, []))}


def what_changed(before: dict, report: AuditReport) -> list[str]:
    """The differences a re-check made to a stored article, in words: its headline, its date,
    its verdicts."""
    from extractor.report.describe import verdict_words
    from extractor.units import day

    changes = []
    title = report.article.title
    if (before["title"] or "") != (title or ""):
        changes.append(f"headline “{before['title'] or '(none)'}” → “{title or '(none)'}”")
    if before["published"] != report.article.published:
        changes.append(f"publication date {day(before['published']) if before['published'] else '(none)'} → "
                       f"{day(report.article.published) if report.article.published else '(none)'}")
    after: dict[str, int] = {}
    for claim in report.claims:
        key = claim.verdict.value if claim.verdict else "not checked"
        after[key] = after.get(key, 0) + 1
    if after != before["counts"]:
        def words(counts: dict[str, int]) -> str:
            return ", ".join(f"{verdict_words(v)} {n}" for v, n in sorted(counts.items())) or "no claims"
        changes.append(f"verdicts {words(before['counts'])} → {words(after)}")
    return changes


def article_rows(store: Store, q: str = "") -> list[dict]:
    """Stored articles with their outlet (the publisher, else the site's host), those whose
    headline, outlet or text contain ``q`` (any case) when it is given."""
    from extractor.store.scorecard import outlet

    a = schema.articles
    query = select(a.c.id, a.c.url, a.c.path, a.c.title, a.c.published, a.c.publisher, a.c.audited_at, a.c.text)
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    needle = q.casefold()
    found = []
    for row in rows:
        row["outlet"] = outlet(row)
        text = row.pop("text") or ""
        if not needle or any(needle in (v or "").casefold() for v in (row["title"], row["outlet"], row["url"], text)):
            found.append(row)
    return found
