"""What every route of one app shares — the audit workers, the polite fetcher, the limits, the
official data and the store — held in one ``Service`` on ``app.state.service``.

Routes receive it through a FastAPI dependency (``ServiceDep``), as the FastAPI guide's
"bigger applications" do, instead of reading closure variables of ``create_app``; that keeps
each group of routes in its own module and lets a test build an app with other limits.

The data and the store open once per process, on first use or at startup (the pipeline lives in
the audit workers). A store that cannot be opened is kept as its error: ``/healthz`` reports it
and store routes answer 503 with it, while audits and the official data keep working.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from extractor.errors import FlowcheckError
from extractor.scrape.fetch import Fetcher
from extractor.service.runner import AuditRunner

HEALTH_CHECK_INTERVAL = 5.0
"""Seconds between two integrity checks of the store by /healthz (said in its answer). A check
reads every page (``PRAGMA quick_check``: about 0.1 s for 10,000 stored claims); a store error
met by any request is reported at once, without waiting for the next check."""


@dataclass(eq=False)
class Service:
    """One app's shared resources and limits (see the module docstring)."""

    db: str | None
    runner: AuditRunner
    fetcher: Fetcher  # shared: robots cache and per-host interval hold across concurrent requests
    max_text: int
    time_budget: float
    _loaded: dict = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _store_checked: tuple[float, str] | None = field(default=None, init=False)  # (when, verdict)

    def resources(self) -> dict:
        """``{"registry": …, "store": …}``, loaded once; the store may be the StoreError that
        opening it raised."""
        with self._lock:
            if not self._loaded:
                from extractor.official.sources import Registry

                self._loaded.update(registry=Registry().load_all(), store=open_store(self.db))
        return self._loaded

    def registry(self):
        return self.resources()["registry"]

    def store(self):
        """The open store; raises its StoreError (a 503) if it could not be opened."""
        opened = self.resources()["store"]
        if isinstance(opened, FlowcheckError):
            raise opened
        return opened

    def store_health(self) -> tuple[str, float]:
        """("ok" or the store's error, seconds since it was checked). ``PRAGMA quick_check``
        reads every page, so a frequently polled /healthz re-checks at most every
        HEALTH_CHECK_INTERVAL seconds; an error a request met since is reported at once."""
        checked = self._store_checked
        if checked is None or time.monotonic() - checked[0] >= HEALTH_CHECK_INTERVAL:
            try:
                self.store().check_integrity()
                verdict = "ok"
            except FlowcheckError as exc:
                verdict = exc.message
            checked = self._store_checked = (time.monotonic(), verdict)
        return checked[1], time.monotonic() - checked[0]

    def store_failed(self, message: str) -> None:
        """A request met a store error (a 503): /healthz says so from now on, until its next
        check finds the store sound again."""
        self._store_checked = (time.monotonic(), message)


def open_store(db: str | None):
    """The store, or the StoreError that opening it raised (reported by /healthz and as 503s)."""
    from extractor.store.repository import Store

    try:
        return Store.open(db)
    except FlowcheckError as exc:
        return exc


def current_service(request: Request) -> Service:
    """The dependency: the ``Service`` of the app that received the request."""
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(current_service)]
