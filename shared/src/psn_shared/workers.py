"""python -m psn_shared.workers MODULE [MODULE ...]: a service's worker kinds in one process, each a thread.

Each MODULE is an entrypoint with a `main()` (`sessions.entrypoints.consumer`, `...relay`, ...).
This process forks one child, which imports them and runs each `main()` in a thread of its own:
the kinds share one copy of the imported code, and none copies the pages it touches as a forked
process does (the reference counts and specialised bytecode Python writes in place), so a small
board runs the system in less memory (bench/README.md, "Memory"). Each kind keeps what a process
of its own gives it:

- its own failure: a kind whose `main()` raises (or returns) is started again in a new thread on
  its own, after a back-off that grows while it keeps failing; the others run on untouched. Only a
  kind that gives up because its dependencies never came (status 3, `psn_shared.dependencies`)
  ends the whole set, with status 3;
- its own shutdown: SIGTERM or SIGINT sets the stop every kind's `run_until_signalled` waits on
  (`psn_shared.process`), each finishes the work in hand as it would alone, and the process exits
  once they all have.

What threads cannot keep apart is a hard crash (a fault in a driver, the OOM killer, a failpoint's
SIGKILL): it ends the child with all its kinds. This process, which imports none of their code,
starts the child again after the same back-off. Kubernetes runs each kind as a Deployment of its
own (deploy/k8s); this is for one machine (`make run`; `psn_local --workers-apart` runs each kind
as a process of its own instead).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import logging
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from psn_shared.dependencies import EXIT_DEPENDENCIES_MISSING
from psn_shared.logs import configure_logging
from psn_shared.process import hosted

log = logging.getLogger(__name__)

FIRST_BACK_OFF_S = 0.5
LONGEST_BACK_OFF_S = 30.0
HEALTHY_AFTER_S = 60.0  # a kind that ran this long before dying starts again at once
STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


@dataclass
class Kind:
    """A worker kind (in the child, a thread) or the child running them all (here, a process)."""

    name: str
    main: Callable[[], None]
    pid: int = 0
    started_at: float = 0.0
    back_off_s: float = 0.0
    restart_at: float | None = None

    def started(self) -> None:
        self.started_at, self.restart_at = time.monotonic(), None

    def died(self, status: int) -> None:
        """Due again after a back-off: none after a healthy run, else doubling up to the longest."""
        ran_s = time.monotonic() - self.started_at
        self.back_off_s = 0.0 if ran_s >= HEALTHY_AFTER_S else min(
            LONGEST_BACK_OFF_S, max(FIRST_BACK_OFF_S, self.back_off_s * 2))
        self.pid, self.restart_at = 0, time.monotonic() + self.back_off_s
        log.warning("%s exited with status %s after %.1fs; starting it again in %.1fs",
                    self.name, status, ran_s, self.back_off_s)


def _run_main(kind: Kind) -> int:
    """The kind's `main()`, to its exit status: 0 when it returns, 1 when it raises, else its SystemExit's."""
    try:
        kind.main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        log.exception("%s failed", kind.name)
        return 1
    return 0


def run_threads(kinds: list[Kind]) -> int:
    """Each kind's `main()` in a thread of this process until SIGTERM or SIGINT (0) or one gives up (3)."""
    stop = threading.Event()
    exited: queue.SimpleQueue[tuple[Kind, int]] = queue.SimpleQueue()
    running: set[str] = set()

    def _stop(_signum: int, _frame: object) -> None:
        stop.set()

    def _run(kind: Kind) -> None:
        with hosted(stop):
            exited.put((kind, _run_main(kind)))

    def _start(kind: Kind) -> None:
        kind.started()
        running.add(kind.name)
        threading.Thread(target=_run, args=(kind,), name=kind.name).start()

    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
    for kind in kinds:
        _start(kind)
    status = 0
    while running or (not stop.is_set() and any(k.restart_at is not None for k in kinds)):
        due = [k.restart_at for k in kinds if k.restart_at is not None]
        try:
            kind, code = exited.get(timeout=None if stop.is_set() or not due else max(0.0, min(due) - time.monotonic()))
        except queue.Empty:
            kind = None
        if kind is not None:
            running.discard(kind.name)
            if code == EXIT_DEPENDENCIES_MISSING and not stop.is_set():
                status = EXIT_DEPENDENCIES_MISSING
                stop.set()
            elif not stop.is_set():
                kind.died(code)
        if not stop.is_set():
            for again in [k for k in kinds if k.restart_at is not None and k.restart_at <= time.monotonic()]:
                _start(again)
    return status


def _start_process(kind: Kind) -> None:
    # Held back across the fork: the child must not run this process's handler for a stop meant for it.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    pid = os.fork()
    if pid == 0:
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        status = _run_main(kind)
        logging.shutdown()
        os._exit(status)
    kind.pid = pid
    kind.started()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def supervise(kinds: list[Kind]) -> int:
    """Each kind's `main()` in a forked process, started again when it dies, until SIGTERM or SIGINT
    (passed on; 0 once every process has exited) or one exits with status 3 (the rest are stopped; 3)."""
    stopping: list[int] = []

    def _stop(signum: int, _frame: object) -> None:
        stopping.append(signum)
        for kind in kinds:
            if kind.pid:
                os.kill(kind.pid, signal.SIGTERM)

    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)
    gc.freeze()  # what is imported now stays shared: the collector never writes to its pages
    for kind in kinds:
        _start_process(kind)
    while any(kind.pid or (kind.restart_at is not None and not stopping) for kind in kinds):
        pid, status = _wait_for_any(kinds, restarts=not stopping)
        kind = next((k for k in kinds if pid and k.pid == pid), None)
        if kind is not None:
            code = os.waitstatus_to_exitcode(status)
            if stopping:
                kind.pid = 0
            elif code == EXIT_DEPENDENCIES_MISSING:
                kind.pid = 0
                _stop(signal.SIGTERM, None)
                return _finish(kinds, EXIT_DEPENDENCIES_MISSING)
            else:
                kind.died(code)
        if not stopping:
            for due in (k for k in kinds if k.restart_at is not None and k.restart_at <= time.monotonic()):
                _start_process(due)
    return 0


def _wait_for_any(kinds: list[Kind], *, restarts: bool) -> tuple[int, int]:
    """The next process to exit, or (0, 0) when a restart falls due first."""
    due = [k.restart_at for k in kinds if k.restart_at is not None and restarts]
    if not due:
        try:
            return os.wait()
        except ChildProcessError:
            return 0, 0
    deadline = min(due)
    while time.monotonic() < deadline:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # none running: the restart is all there is to wait for
            pid, status = 0, 0
        if pid:
            return pid, status
        time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))
    return 0, 0


def _finish(kinds: list[Kind], code: int) -> int:
    for kind in kinds:
        if kind.pid:
            os.waitpid(kind.pid, 0)
            kind.pid = 0
    return code


def _kinds_as_threads(modules: list[str]) -> None:
    """The child: import the kinds here, not in the parent, so a crash's restart imports afresh and the
    parent stays small (it holds no copy of what the child imports)."""
    sys.exit(run_threads([Kind(name, importlib.import_module(name).main) for name in modules]))


def main(argv: list[str] | None = None) -> None:
    modules = argv if argv is not None else sys.argv[1:]
    if not modules:
        sys.exit("usage: python -m psn_shared.workers MODULE [MODULE ...]")
    service = modules[0].split(".")[0]
    configure_logging(f"{service}-workers")
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:  # a misspelt kind fails at once rather than in a child started again and again
        sys.exit(f"no such module: {', '.join(missing)}")
    sys.exit(supervise([Kind(f"{service} workers", partial(_kinds_as_threads, modules))]))


if __name__ == "__main__":
    main()
