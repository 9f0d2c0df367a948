"""What every reconciler needs: the official sources and the article's publication date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from extractor.official.base import Coverage, Dataset, OfficialSource
from extractor.official.sources import Registry
from extractor.reconcile import weekly


@dataclass
class Context:
    registry: Registry
    published: date | None
    title: str | None = None  # the headline: a direction or period stated there pins a figure's reading

    @property
    def mof_vintage(self) -> str:
        return self.registry.mof.vintage().label

    @property
    def mof_coverage(self) -> Coverage:
        return self.registry.mof.coverage()

    def series(self, market: str, instrument: str) -> pd.DataFrame:
        """One weekly net series, built once per loaded MoF table (not per article: every article
        of a batch asks for the same few)."""
        weeks = self.registry.mof.load()
        return weeks.cached(("net", market, instrument), lambda: weekly.net_series(weeks.frame, market, instrument))

    def values_by_week(self, market: str, instrument: str) -> dict[date, float]:
        """Week end → net value (yen), for the many lookups of date inference."""
        weeks = self.registry.mof.load()

        def build() -> dict[date, float]:
            series = self.series(market, instrument)
            return dict(zip(series["period_end"], series["value"].astype(float), strict=True))

        return weeks.cached(("by_week", market, instrument), build)

    def week_row(self, market: str, instrument: str, period_end: date) -> pd.Series | None:
        """The net series' row for the week ending ``period_end`` (as ``weekly.week_row``), found
        through an index of week ends built once per loaded table."""
        weeks = self.registry.mof.load()

        def build() -> dict[date, int]:
            first: dict[date, int] = {}
            for k, end in enumerate(self.series(market, instrument)["period_end"]):
                first.setdefault(end, k)
            return first

        k = weeks.cached(("row_of", market, instrument), build).get(period_end)
        return None if k is None else self.series(market, instrument).iloc[k]

    def derived(self, source: OfficialSource, key: tuple, build):
        """A value derived from one source's loaded table only, built once per loaded table
        (shared by every article's context; a reload starts afresh)."""
        return source.load().cached(key, build)

    def publication_vintage(self) -> Dataset | None:
        """The MoF vintage closest after the publication date, if one is stored and it is not
        the data in use: what the reporter could have seen (first-published figures)."""
        if self.published is None or self.registry.mof.is_overridden():
            return None
        current = self.registry.mof.vintage()
        dated = []
        for dataset in self.registry.mof.all_vintages():
            try:
                dated.append((date.fromisoformat(dataset.vintage.label), dataset))
            except ValueError:
                continue
        after = sorted(((d, ds) for d, ds in dated if d >= self.published), key=lambda pair: pair[0])
        if not after or after[0][1].vintage.sha256 == current.sha256:
            return None
        return after[0][1]
