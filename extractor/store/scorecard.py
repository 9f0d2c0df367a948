"""The forecasters' scorecard: for each forecaster and each affiliation, how many forecasts
were made, settled, came true, did not, are pending or cannot be settled — each entry with
the article it came from, so a reader can check the words.

A forecast with no named forecaster is the reporter's: it is listed as "the reporter
(<publication>)" with the publication as its affiliation, so unattributed forecasts are scored
per outlet too, not dropped.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from urllib.parse import urlparse

from sqlalchemy import select

from extractor.store import schema
from extractor.store.repository import Store

REPORTER = "the reporter"
NO_AFFILIATION = "(no affiliation named)"
STATUSES = ("came_true", "did_not_come_true", "pending", "unresolvable")


@dataclass
class Entry:
    forecast_id: int
    article_id: int
    status: str | None
    deadline: str | None
    statement: str
    explanation: str | None
    article_title: str | None
    article_link: str | None  # the URL, else the file it was read from
    published: str | None


@dataclass
class Line:
    name: str
    made: int = 0
    settled: int = 0
    came_true: int = 0
    did_not_come_true: int = 0
    pending: int = 0
    unresolvable: int = 0
    entries: list[Entry] = field(default_factory=list)

    def add(self, entry: Entry) -> None:
        self.made += 1
        if entry.status in STATUSES:
            setattr(self, entry.status, getattr(self, entry.status) + 1)
        self.settled = self.came_true + self.did_not_come_true
        self.entries.append(entry)

    @property
    def hit_rate(self) -> float | None:
        return self.came_true / self.settled if self.settled else None


@dataclass
class Scorecard:
    by_forecaster: list[Line]
    by_affiliation: list[Line]


def _rows(store: Store) -> list[dict]:
    f, a = schema.forecasts, schema.articles
    query = (select(f.c.id, f.c.article_id, f.c.forecaster, f.c.affiliation, f.c.statement, f.c.status, f.c.deadline,
                    f.c.explanation, a.c.title, a.c.url, a.c.path, a.c.published, a.c.publisher)
             .join(a, a.c.id == f.c.article_id).order_by(a.c.published, f.c.id))
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def outlet(row: dict) -> str | None:
    """The publication: its stated name, else the web site's host."""
    if row.get("publisher"):
        return row["publisher"]
    try:
        host = urlparse(row["url"]).hostname if row.get("url") else None
    except ValueError:  # an article file's own "url" is stored as given: "http://[/x]/" does not parse
        host = None
    return host.removeprefix("www.") if host else None


def build(store: Store) -> Scorecard:
    forecasters: dict[str, Line] = {}
    affiliations: dict[str, Line] = {}
    for r in _rows(store):
        entry = Entry(r["id"], r["article_id"], r["status"], r["deadline"].isoformat() if r["deadline"] else None, r["statement"],
                      r["explanation"], r["title"], r["url"] or r["path"],
                      r["published"].isoformat() if r["published"] else None)
        site = outlet(r)
        who = (r["forecaster"] or "").strip() or (f"{REPORTER} ({site})" if site else REPORTER)
        forecasters.setdefault(who, Line(who)).add(entry)
        org = (r["affiliation"] or "").strip() or (site if not r["forecaster"] and site else NO_AFFILIATION)
        affiliations.setdefault(org, Line(org)).add(entry)

    def order(lines: dict[str, Line]) -> list[Line]:
        return sorted(lines.values(), key=lambda line: (-line.settled, -line.made, line.name.lower()))

    return Scorecard(order(forecasters), order(affiliations))


def to_json(card: Scorecard) -> str:
    def line(x: Line) -> dict:
        return {**{k: v for k, v in asdict(x).items() if k != "entries"}, "hit_rate": x.hit_rate,
                "entries": [asdict(e) for e in x.entries]}

    return json.dumps({"by_forecaster": [line(x) for x in card.by_forecaster],
                       "by_affiliation": [line(x) for x in card.by_affiliation]}, indent=2, ensure_ascii=False)


def entry_words(entry: Entry) -> str:
    """One entry as the terminal shows it: its status in words and the article it came from,
    ``came true: Why Are Japanese Still Dumping Foreign Bonds? (article 1)``."""
    from extractor.report.describe import verdict_words

    article = entry.article_title or entry.article_link or "untitled"
    return f"{verdict_words(entry.status)}: {article} (article {entry.article_id})"


COUNTS = ("made", "settled", "came_true", "did_not_come_true", "pending", "unresolvable")


def to_csv(card: Scorecard) -> str:
    """One row per forecaster or affiliation; ``articles`` lists each entry as
    ``id status link`` separated by ' | '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["group", "name", *COUNTS, "articles"])
    for group, lines in (("forecaster", card.by_forecaster), ("affiliation", card.by_affiliation)):
        for x in lines:
            writer.writerow([group, x.name, *[getattr(x, c) for c in COUNTS],
                             " | ".join(f"{e.forecast_id} {e.status} {e.article_link or ''}".strip()
                                        for e in x.entries)])
    return buffer.getvalue()
