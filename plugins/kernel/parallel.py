"""Independent work on every core.

- `run_jobs(function, jobs)`: picklable jobs (image encodings, card
  drawings) in a process pool; in-process when there is one job or one core.
- `fork_map(function, count, workers)`: `function(start, stop)` over index
  ranges in forked workers that inherit everything the parent holds (Pelican's
  items and templates, which cannot be pickled); each returns a picklable
  result. Only where the platform can fork.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def run_jobs(function, jobs: list, workers: int | None = None) -> list:
    """Run jobs over all cores; in-process when there is at most one job or one core."""
    count = min(len(jobs), workers or os.cpu_count() or 1)
    if count <= 1:
        return [function(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=count) as pool:
        return list(pool.map(function, jobs))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


_task = None


def _run_range(bounds: tuple[int, int]):
    return _task(*bounds)


def fork_map(function, count: int, workers: int, chunk: int | None = None, meanwhile=None) -> list:
    """[function(start, stop) for each chunk of range(count)], on `workers` forked processes, in order.

    `meanwhile()`, if given, runs in this process while the workers work.
    """
    global _task
    chunk = chunk or max(1, -(-count // (workers * 4)))
    bounds = [(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    if workers <= 1 or len(bounds) <= 1 or not can_fork():
        results = [function(start, stop) for start, stop in bounds]
        if meanwhile is not None:
            meanwhile()
        return results
    _task = function
    try:
        with multiprocessing.get_context("fork").Pool(processes=min(workers, len(bounds))) as pool:
            pending = pool.map_async(_run_range, bounds, chunksize=1)
            if meanwhile is not None:
                meanwhile()
            return pending.get()
    finally:
        _task = None
