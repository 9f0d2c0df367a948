"""Every story checked on the desk gets an address, ``/check/<key>``, where ``key`` is the start
of the text's hash (the store's own ``text_hash``): the form's POST answers with a redirect
there, so reloading or sharing the page shows the report again instead of re-posting (or a
405 for a GET of ``/audit``).

A check is kept as one JSON file under the data dir's ``checks/`` folder, so every worker
process of ``flowcheck serve --workers N`` finds it, for ``KEEP_DAYS``; once it is gone the
address still leads to the stored article when the story was saved (the default), and
otherwise says the check is no longer kept.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractor.claims.model import AuditReport
from extractor.scrape.inputs import text_hash
from extractor.settings import data_dir

KEY_LENGTH = 16
KEY = re.compile(rf"^[0-9a-f]{{{KEY_LENGTH}}}$")
KEEP_DAYS = 7


@dataclass
class Check:
    """One check as the desk shows it again: the report, the text and what saving did."""

    report: AuditReport
    text: str
    form: dict
    saved_id: int | None = None
    saved_new: bool | None = None
    changes: list[str] = field(default_factory=list)


def key_of(text: str) -> str:
    """The address of a check of ``text``: the same text (spacing folded) gets the same address."""
    return text_hash(text)[:KEY_LENGTH]


def folder() -> Path:
    return data_dir() / "checks"


def keep(check: Check) -> str:
    """Write ``check`` under its key (replacing an older check of the same text); returns the key.
    Checks older than ``KEEP_DAYS`` are removed on the way."""
    where = folder()
    where.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_DAYS * 86400
    for old in where.glob("*.json"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    key = key_of(check.text)
    body = {"report": check.report.model_dump(mode="json"), "text": check.text, "form": check.form,
            "saved_id": check.saved_id, "saved_new": check.saved_new, "changes": check.changes}
    partial = where / f".{key}.tmp"
    partial.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    partial.replace(where / f"{key}.json")  # whole or not at all, for a reader in another worker
    return key


def find(key: str) -> Check | None:
    """The kept check at ``key``, or None (malformed key, never kept, or expired)."""
    if not KEY.match(key):
        return None
    path = folder() / f"{key}.json"
    try:
        if path.stat().st_mtime < time.time() - KEEP_DAYS * 86400:
            return None
        body = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return Check(report=AuditReport.model_validate(body["report"]), text=body["text"], form=body["form"],
                 saved_id=body.get("saved_id"), saved_new=body.get("saved_new"), changes=body.get("changes") or [])
