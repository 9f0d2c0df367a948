"""Which half of the dev set a story is in: ``corpus/dev-split.json``.

Rules are tuned on the tuning half only; the checking half tells a general rule from a rule
written for one story. The file lists the stories of the day it was written and states the
rule for newer ones (even story year = checking, odd = tuning), which ``half_of`` applies to a
slug the lists do not name.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

SPLIT_FILE = Path(__file__).resolve().parents[1] / "corpus" / "dev-split.json"
HALVES = ("tuning", "checking")


@lru_cache(maxsize=4)
def load_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """slug → half, from the split file; empty when the file is not there (an installed copy
    without the corpus folder)."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {slug: half for half in HALVES for slug in data.get(half, [])}


def half_of(slug: str, path: Path = SPLIT_FILE) -> str | None:
    """'tuning' or 'checking' for a dev story's slug; by the file's rule (the story's year in
    the slug) when the lists do not name it; None when the slug carries no year."""
    listed = load_split(path).get(slug)
    if listed:
        return listed
    year = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", slug)
    if not year:
        return None
    return "checking" if int(year.group(1)) % 2 == 0 else "tuning"
