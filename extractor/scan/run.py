"""Where a scan runs: in this process, in ``--jobs N`` worker processes, or on a Dask cluster.

All three run the same ``Scanner.run(part)`` on the same partitions and hand each
``PartResult`` to the same sink, so their outputs are identical (the part files are named by
partition, not by who computed them). At most ``2 × workers`` partitions are in flight, so
memory stays constant however large the input.

* ``--jobs N``: a ``ProcessPoolExecutor`` of forked processes; the ``Scanner`` (pipeline, data,
  prefilter) is built once before the fork and inherited, so each worker has it from its first
  task and never loads it again.
* ``--cluster ADDRESS|local``: Dask distributed. A ``WorkerPlugin`` builds the ``Scanner`` when a
  worker joins (``setup``), tasks find it through ``get_worker()``; ``local`` starts a
  ``LocalCluster`` of ``--jobs`` single-threaded worker processes. The input files must be
  readable by the workers at the same paths (a shared or network file system).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from itertools import islice

from extractor.errors import FlowcheckError
from extractor.scan.sources import Part
from extractor.scan.work import PartResult, Scanner, ScanOptions

_scanner: Scanner | None = None


def run_local(parts: Iterable[Part], options: ScanOptions) -> Iterator[PartResult]:
    scanner = Scanner(options)
    for part in parts:
        yield scanner.run(part)


def _init_process(options: ScanOptions) -> None:
    global _scanner
    _scanner = loaded(options) or Scanner(options)


def _run_in_process(part: Part) -> PartResult:
    assert _scanner is not None, "worker process not initialised"
    return _scanner.run(part)


def _bounded(submit: Callable, parts: Iterable[Part], window: int, wait_any: Callable) -> Iterator:
    """Submit parts keeping at most ``window`` in flight; yield futures as they finish."""
    parts = iter(parts)
    pending = {submit(p) for p in islice(parts, window)}
    while pending:
        finished, pending = wait_any(pending)
        for future in finished:
            yield future
            pending |= {submit(p) for p in islice(parts, 1)}


def _freeze() -> None:
    """Move everything loaded so far out of the garbage collector's reach before forking: a
    worker's collections would otherwise walk (and, by touching their headers, copy) every
    object of the pipeline and the data it inherited — the pre-fork server recipe of
    ``gc.freeze``'s documentation."""
    import gc

    gc.collect()
    gc.freeze()


def run_processes(parts: Iterable[Part], options: ScanOptions, jobs: int) -> Iterator[PartResult]:
    import multiprocessing

    # fork: the pipeline and data are loaded once here and the workers inherit them (copy-on-write
    # pages), so a worker starts in milliseconds and N workers do not cost N loads of memory
    global _scanner
    _scanner = Scanner(options)
    _freeze()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_process, initargs=(options,)) as pool:
        def wait_any(pending):
            return wait(pending, return_when=FIRST_COMPLETED)

        for future in _bounded(lambda p: pool.submit(_run_in_process, p), parts, 2 * jobs, wait_any):
            yield future.result()


def loaded(options: ScanOptions) -> Scanner | None:
    """The Scanner this process already holds for ``options`` (inherited through fork), if any."""
    return _scanner if _scanner is not None and _scanner.options == options else None


def run_cluster(parts: Iterable[Part], options: ScanOptions, address: str, jobs: int) -> Iterator[PartResult]:
    import logging

    from distributed import Client, LocalCluster
    from distributed import wait as dask_wait

    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = None
    try:
        if address == "local":
            # as with --jobs: load once here, fork the workers (Dask spawns them by default, and a
            # spawned worker imports and loads everything again); the plugin then finds it loaded
            import dask

            global _scanner
            _scanner = Scanner(options)
            _freeze()
            dask.config.set({"distributed.worker.multiprocessing-method": "fork"})
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(address, timeout=10)
    except (OSError, TimeoutError) as exc:
        raise FlowcheckError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        from extractor.scan.dask_plugin import PLUGIN_NAME, ScannerPlugin, run_on_worker

        client.register_plugin(ScannerPlugin(options), name=PLUGIN_NAME)
        workers = max(1, len(client.scheduler_info()["workers"]))

        def wait_any(pending):
            done, rest = dask_wait(list(pending), return_when="FIRST_COMPLETED")
            return set(done), set(rest)

        for future in _bounded(lambda p: client.submit(run_on_worker, p, pure=False), parts, 2 * workers, wait_any):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run(parts: Iterable[Part], options: ScanOptions, *, jobs: int = 1, cluster: str | None = None
        ) -> Iterator[PartResult]:
    if cluster:
        return run_cluster(parts, options, cluster, jobs)
    if jobs > 1:
        return run_processes(parts, options, jobs)
    return run_local(parts, options)
