"""The terminal table reads well at 80–120 columns: what the story states, what the data say, the
verdict, the series checked against (apart from the story's own attribution), the explanation
wrapped beneath; market moves in words; plurals right."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console

from extractor.claims.model import ArticleInfo, AuditReport, Official, StreakClaim, Verdict
from extractor.report.describe import has_no_series, verdict_words
from extractor.report.formats import print_table, rows


def table(report, width, registry=None) -> str:
    console = Console(width=width, file=io.StringIO(), force_terminal=False, record=True)
    print_table(report, console, registry)
    return console.export_text(styles=False)


@pytest.mark.parametrize("width", [80, 100, 120])
def test_the_seed_table_fits_the_terminal(seed_report, registry, width):
    text = table(seed_report, width, registry)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Checked against" in " ".join(text.split()) and "verdict" in text
    flat = " ".join(text.split())
    for claim in seed_report.claims:
        if has_no_series(claim):  # named together on one line at the end
            assert f"“{claim.mention}” ({claim.id})" in flat
            continue
        assert verdict_words(claim.verdict.value) in text
        first_words = " ".join(claim.explanation.split()[:3])
        assert first_words in flat


def by_mention(report, registry=None) -> dict[str, dict]:
    return {r["claim"]: r for r in rows(report, registry)}


def test_market_moves_in_words_and_series_apart_from_attribution(seed_report, registry):
    found = by_mention(seed_report, registry)
    dgs = found["fallen from above 2 percent in March to 1.7 percent"]
    assert dgs["official"].startswith("10-year yield 2.07 % (11 Mar) → 1.7")
    assert dgs["checked_against"] == "FRED DGS10"
    assert dgs["stated"] == "10-year yield fell from above 2 % (Mar) to 1.7 %"
    fx = found["depreciated over 7 percent against the U.S. dollar"]
    assert "93.38 ¥ (1 Mar) → 99.42 ¥" in fx["official"] and fx["checked_against"] == "FRED DEXJPUS"
    assert fx["official"].endswith("yen −6.1 %, dollar +6.5 %")
    assert fx["stated"] == "yen fell over 7 % since 1 Mar 2013"
    parpart = next(r for r in found.values() if r["kind"] == "forecast")
    assert parpart["checked_against"] == "MoF weekly" and parpart["source"].startswith("Uwe Parpart")
    text = table(seed_report, 120, registry)
    assert "from_high" not in text and "to_last" not in text
    assert "FRED DGS10" in text and "FRED DEXJPUS" in text and "MoF weekly" in text
    assert "In the story: Uwe Parpart (managing director, Reorient Financial Markets)." in " ".join(text.split())


def test_one_week_is_singular():
    claim = StreakClaim(id="c1", text="Foreigners sold for a first straight week.", char_start=0, char_end=42,
                        mention="first straight week", mention_start=22, mention_end=41, count=1, form="straight",
                        market="inward", instrument="equity", direction="net_sale", period_end=date(2013, 4, 20),
                        verdict=Verdict.accurate, explanation="MoF data show 1 week of net sales.",
                        official=Official(series="mof_weekly:inward.equity.net", value=1, unit="weeks",
                                          period_start=date(2013, 4, 14), period_end=date(2013, 4, 20)))
    report = AuditReport(article=ArticleInfo(title="t", published=date(2013, 4, 25)), claims=[claim])
    row = rows(report)[0]
    assert row["stated"] == "1 straight week of net selling, to 20 Apr 2013"
    assert row["official"] == "1 week, 14 Apr–20 Apr 2013"
    assert "weeks" not in table(report, 100)


def _vocabulary(report, registry) -> set[str]:
    """Every word the table may print, from the texts it prints them from."""
    from extractor.report.describe import official, reading_notes, series_name, sources, stated, verdict_words

    texts = [report.article.title or "", "the story states the data say verdict # — published Not stated in the "
             "sentence: In the story: Checked against vintage figures flowcheck has no series for: Data:"]
    for c in report.claims:
        texts += [c.mention, stated(c), official(c, registry), c.explanation or "", sources(c), c.id,
                  verdict_words(c.verdict.value), *reading_notes(c)]
        if c.official:
            texts += [series_name(c.official.series), c.official.vintage or ""]
    texts += [f"{d['source_id']} ({d['label']})" for d in report.data]
    return {w.strip("“”().,;:") for t in texts for w in t.split()}


@pytest.mark.parametrize("width", [80, 100])
def test_no_word_is_split_at_80_columns(seed_report, registry, width):
    """Each claim's words stand on a line of their own above its figures, so no column is so
    narrow that a word breaks ("depreciate|d", "institutio|ns")."""
    text = table(seed_report, width, registry)
    known = _vocabulary(seed_report, registry) | {"…", "", str(sum(map(has_no_series, seed_report.claims)))}
    printed = {w.strip("“”().,;:") for w in text.replace("─", " ").split()}
    assert printed - known == set()
    assert "depreciated" in printed and "institutions" in printed


def test_the_terminal_puts_problems_first_and_folds_figures_with_no_series(seed_report, registry):
    text = table(seed_report, 100, registry)
    order = [line.split()[0] for line in text.splitlines() if line[:1] == "c" and line.split()[0][1:].isdigit()]
    assert order[:3] == ["c8", "c2", "c5"] and "c6" not in order
    assert "3 figures flowcheck has no series for" in " ".join(text.split())
    assert "wrong_direction" not in text and "came true" in text and "came_true" not in text
