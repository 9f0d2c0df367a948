"""Shared fixtures. Tests read real inputs from ../shared (never copied into the project)
and never touch the network: HTTP is replayed from cassettes (pytest-recording)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
MOF_CSV = SHARED / "data" / "mof" / "week.csv"
MOF_CP932 = SHARED / "data" / "mof" / "week.cp932.csv"
SEED_TXT = SHARED / "corpus" / "seed" / "cnbc-2013-04-25-why-are-japanese-still-dumping-foreign-bonds.txt"
DEV_DIR = SHARED / "corpus" / "dev"
EXAMPLES = ROOT / "corpus" / "examples"
SEED_PUBLISHED = date(2013, 4, 25)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Fetched vintages go to a fresh folder per test, never the user's data dir."""
    monkeypatch.setenv("FLOWCHECK_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="session")
def nlp():
    from extractor.nlp.pipeline import get_pipeline

    return get_pipeline()


@pytest.fixture
def registry():
    from extractor.official.sources import Registry

    return Registry()


@pytest.fixture(scope="session")
def seed_report():
    """The seed story audited once for the whole session (loading spaCy is the slow part)."""
    from extractor.audit import audit
    from extractor.nlp.pipeline import get_pipeline
    from extractor.official.sources import Registry
    from extractor.scrape.inputs import load_article

    return audit(load_article(str(SEED_TXT)), get_pipeline(), Registry(), published=SEED_PUBLISHED)


@pytest.fixture(scope="session")
def vcr_config():
    return {"decode_compressed_response": True}
