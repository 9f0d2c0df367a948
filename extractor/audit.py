"""The main job: article → spaCy pipeline → claims → reconciliation → report object.

The CLI (and later the API) call ``audit``; the pipeline and the data are loaded once per
process and passed in.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from extractor.claims.build import add_headline_candidates, build_claims, sources_of
from extractor.claims.model import ArticleInfo, AuditReport
from extractor.nlp.pipeline import analyse, headline_candidates
from extractor.official.sources import Registry
from extractor.reconcile import dating, reconcile_all
from extractor.reconcile.context import Context
from extractor.scrape.inputs import Article


def audit(article: Article, nlp: Language, registry: Registry | None, *, published: date | None = None,
          reconcile: bool = True, doc: Doc | None = None) -> AuditReport:
    """Extract the article's claims and, if ``reconcile``, check each against the data.

    ``doc``: the article already analysed with its publication date (batch callers analyse
    many articles at once, see ``analyse_many``)."""
    basis = article.published_basis
    if published is not None:
        basis = "given"
    when = published or article.published
    doc = doc if doc is not None else analyse(nlp, article.text, when)
    proposed = []
    if when is None and registry is not None:
        proposed = dating.candidates(doc, Context(registry, None))
        if proposed and proposed[0].applied:
            when, basis = proposed[0].published, "inferred"
            doc = analyse(nlp, article.text, when)
    claims = build_claims(doc)
    add_headline_candidates(claims, headline_candidates(nlp, article.title, when))
    if basis == "inferred":
        dating.mark_inferred(claims)
    data: list[dict[str, str | None]] = []
    if reconcile and registry is not None:
        reconcile_all(claims, Context(registry, when, article.title))
        data = [source.vintage().to_dict() for source in registry.all()]
    info = ArticleInfo(title=article.title, url=article.url, published=when,
                       published_basis=basis if when else "unknown",
                       publisher=article.publisher, path=article.path, date_candidates=proposed)
    return AuditReport(article=info, claims=claims, sources=sources_of(doc), data=data, reconciled=reconcile)
