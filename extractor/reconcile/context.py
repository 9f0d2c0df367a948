"""What every reconciler needs: the official sources and the article's publication date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from extractor.official.base import Coverage
from extractor.official.sources import Registry
from extractor.reconcile import weekly


@dataclass
class Context:
    registry: Registry
    published: date | None
    _series: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)

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
