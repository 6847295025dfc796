"""A second core for CPU-bound work: whether one may be used, and a forked helper process that
works through jobs while the caller makes the next ones, and a child that finishes a task in
the background."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


def second_core() -> bool:
    """True when a forked process may run beside this one: ``fork`` exists, there are two cores,
    and no other thread runs (a forked child of a threaded process could wait forever on a lock
    another thread held)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


def _flush_output() -> None:
    """Flush standard output and error before a fork: a child must not write again what is buffered."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


class _Failed:
    """What the helper sends back for a job that raised."""

    def __init__(self, error: BaseException) -> None:
        self.message = f"{type(error).__name__}: {error}"


def _serve(work: Callable[[Any], Any], jobs: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the helper
    while (job := jobs.recv()) is not None:
        try:
            jobs.send(work(job))
        except BaseException as exc:  # reported to the parent, which raises it
            jobs.send(_Failed(exc))


class Helper:
    """``work(job)`` run in a forked process, for the jobs ``send`` gives it, their results read back
    by ``receive`` in the order sent. Jobs and results cross as pickles; ``work`` itself is the
    parent's own function, never pickled. ``close`` (or the parent's exit) ends the process."""

    def __init__(self, work: Callable[[Any], Any]) -> None:
        import multiprocessing  # 20 ms of imports: only when a helper is started

        _flush_output()
        context = multiprocessing.get_context("fork")
        self._jobs, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(work, child), daemon=True)
        self._process.start()
        child.close()

    def send(self, job: Any) -> None:
        """Hand ``job`` to the helper."""
        self._jobs.send(job)

    def receive(self) -> Any:
        """The result of the oldest job not yet received; RuntimeError if it raised or the helper
        is gone."""
        try:
            result = self._jobs.recv()
        except EOFError as exc:
            raise RuntimeError(f"the helper process ended ({self._process.exitcode})") from exc
        if isinstance(result, _Failed):
            raise RuntimeError(f"the helper process failed: {result.message}")
        return result

    def close(self) -> None:
        """End the helper (at once if it is still working)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._jobs.close()


_BACKGROUND: list[int] = []  # forked children writing something this process need not wait for yet


def in_background(work: Callable[[], object]) -> bool:
    """Run ``work()`` in a forked child while this process goes on, when a second core may be used
    (``second_core``); False (nothing run) otherwise. The child ignores Ctrl-C and ends without
    running this process's exit handlers; ``finish_background`` waits for it, and does at exit."""
    if not second_core():
        return False
    _flush_output()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its coverage is not collected
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            work()
            code = 0
        finally:
            os._exit(code)
    _BACKGROUND.append(pid)
    return True


@atexit.register
def finish_background() -> None:
    """Wait for the children ``in_background`` started."""
    while _BACKGROUND:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(_BACKGROUND.pop(), 0)
