"""Loading the pattern files in ``models/flowcheck/patterns``.

Regex blocks from ``common.json`` (``{MONTH}``, ``{NUM}`` …) are substituted into every
pattern, so a date or number is spelled the same way everywhere.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

_MACRO = re.compile(r"\{([A-Z]+)\}")


@cache
def _macros(patterns_dir: str) -> dict[str, str]:
    data = json.loads((Path(patterns_dir) / "common.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if k.isupper()}


def expand(pattern: str, patterns_dir: str | Path) -> str:
    macros = _macros(str(patterns_dir))
    return _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)


def compile_pattern(pattern: str, patterns_dir: str | Path, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(expand(pattern, patterns_dir), flags)


@cache
def load(patterns_dir: str, name: str) -> dict[str, Any]:
    path = Path(patterns_dir) / name
    return json.loads(path.read_text("utf-8"))


def phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any phrase on word boundaries, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
