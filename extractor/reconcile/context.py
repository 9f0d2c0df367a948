"""What every reconciler needs: the official sources and the article's publication date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from extractor.official.base import Coverage, Dataset
from extractor.official.sources import Registry
from extractor.reconcile import weekly


@dataclass
class Context:
    registry: Registry
    published: date | None
    _series: dict[tuple, pd.DataFrame | dict] = field(default_factory=dict)

    @property
    def mof_vintage(self) -> str:
        return self.registry.mof.vintage().label

    @property
    def mof_coverage(self) -> Coverage:
        return self.registry.mof.coverage()

    def series(self, market: str, instrument: str) -> pd.DataFrame:
        key = (market, instrument)
        if key not in self._series:
            self._series[key] = weekly.net_series(self.registry.mof.load().frame, market, instrument)
        return self._series[key]

    def values_by_week(self, market: str, instrument: str) -> dict[date, float]:
        """Week end → net value (yen), for the many lookups of date inference."""
        key = ("by_week", market, instrument)
        if key not in self._series:
            series = self.series(market, instrument)
            self._series[key] = dict(zip(series["period_end"], series["value"].astype(float), strict=True))
        return self._series[key]

    def cached(self, key: tuple, build):
        """A value derived from the loaded data, built once per context (monthly series)."""
        if key not in self._series:
            self._series[key] = build()
        return self._series[key]

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
