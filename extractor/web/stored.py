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
    """article id → [(verdict, number of claims)], most frequent first."""
    c = schema.claims
    query = select(c.c.article_id, c.c.verdict, func.count()).group_by(c.c.article_id, c.c.verdict)
    counts: dict[int, list[tuple[str, int]]] = {}
    with store.engine.connect() as conn:
        for article_id, verdict, n in conn.execute(query):
            counts.setdefault(article_id, []).append((verdict or "not checked", n))
    return {k: sorted(v, key=lambda kv: -kv[1]) for k, v in counts.items()}
