"""The Dask worker plugin: each worker builds its ``Scanner`` once, when it starts or joins.

Kept in its own importable module so Dask pickles the plugin by reference, not by value: the
worker imports this module and runs ``setup`` there, and nothing heavy travels over the wire.
"""

from __future__ import annotations

from distributed import WorkerPlugin, get_worker

from extractor.scan import run
from extractor.scan.sources import Part
from extractor.scan.work import PartResult, Scanner, ScanOptions

PLUGIN_NAME = "flowcheck-scanner"


class ScannerPlugin(WorkerPlugin):
    """Builds the worker's Scanner; a worker forked from a process that built one inherits it."""

    name = PLUGIN_NAME

    def __init__(self, options: ScanOptions) -> None:
        self.options = options

    def setup(self, worker) -> None:
        inherited = run.loaded(self.options)
        worker.flowcheck_scanner = inherited if inherited is not None else Scanner(self.options)


def run_on_worker(part: Part) -> PartResult:
    return get_worker().flowcheck_scanner.run(part)
