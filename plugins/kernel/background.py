"""Work that runs beside the rest of the build: the search index.

`start(settings, name, function)` runs `function()` in a background thread
at once (a production build indexes while it copies images and cards);
`then(name, function)` adds a step that runs after it in the same thread
(the index is tidied for byte-identical output). The kernel waits for every
job before the build ends and fails the build if one failed.

In an incremental preview build the job is not started but deferred: the
preview server runs it once the changed pages are served (`run_deferred()`),
so indexing never holds up a reload.
"""

from __future__ import annotations

import logging
import threading

from . import settings as kernel_settings

logger = logging.getLogger(__name__)


class Job:
    def __init__(self, name: str, function) -> None:
        self.name = name
        self.steps = [function]
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.finished = False
        self._lock = threading.Lock()

    def add(self, function) -> bool:
        """Queue a step; False when the job has already finished its steps."""
        with self._lock:
            if self.finished:
                return False
            self.steps.append(function)
            return True

    def run(self) -> None:
        done = 0
        while True:
            with self._lock:
                if done == len(self.steps) or self.error is not None:
                    self.finished = True
                    return
                step = self.steps[done]
            try:
                step()
            except BaseException as error:  # reported by wait_all(); a thread cannot raise into the build
                self.error = error
            done += 1

    def start(self) -> None:
        self.thread = threading.Thread(target=self.run, name=f"build-{self.name}", daemon=True)
        self.thread.start()


_running: dict[str, Job] = {}
_deferred: dict[str, Job] = {}
# Set while no deferred job is waiting or running: what they make (the search index) is up to date.
_idle = threading.Event()
_idle.set()
_deferred_lock = threading.Lock()


def start(settings, name: str, function) -> None:
    job = Job(name, function)
    if kernel_settings.incremental(settings):
        with _deferred_lock:
            _deferred[name] = job
            _idle.clear()
        return
    _running[name] = job
    job.start()


def then(settings, name: str, function) -> None:
    """Run `function` after this build's job `name`, in its thread; nothing happens when there is no such job."""
    job = (_deferred if kernel_settings.incremental(settings) else _running).get(name)
    if job is None:
        return
    if not job.add(function):
        # The job ended before this step was added: take it in a job of its own.
        follower = Job(f"{name} (then)", function)
        if job.error is None:
            _running[follower.name] = follower
            follower.start()


def wait_all() -> None:
    """Wait for every started job; re-raise the first failure."""
    jobs = list(_running.values())
    _running.clear()
    for job in jobs:
        job.thread.join()
    for job in jobs:
        if job.error is not None:
            raise job.error


def deferred() -> list[str]:
    return sorted(_deferred)


def run_deferred() -> None:
    """Run the deferred jobs now, in this thread (the preview server's): errors are logged, not raised."""
    while True:
        with _deferred_lock:
            jobs = list(_deferred.values())
            _deferred.clear()
            if not jobs:
                _idle.set()
                return
        for job in jobs:
            job.run()
            if job.error is not None:
                logger.error("%s: %s", job.name, job.error)


def wait_until_done(timeout: float | None = None) -> bool:
    """Wait until no deferred job is waiting or running (what they make is up to date)."""
    return _idle.wait(timeout)
