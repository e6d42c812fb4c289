"""python -m psn_shared.workers MODULE [MODULE ...]: a service's worker kinds from one import.

Each MODULE is an entrypoint with a `main()` (`sessions.entrypoints.consumer`, `...relay`, ...).
They are imported once, here, and each `main()` runs in a process forked from this one, so the
kinds share the imported code's memory pages instead of each importing its own copy (a small
board runs the system in less memory: bench/README.md, "Memory"). Each kind keeps what a process
of its own gives it:

- its own failure: a kind that dies is started again on its own (after a back-off that grows
  while it keeps dying), the others run on untouched; only a kind that gives up because its
  dependencies never came (status 3, `psn_shared.dependencies`) ends the whole set, with status 3;
- its own shutdown: SIGTERM or SIGINT here is passed to every kind, each finishes the work in
  hand as it would alone, and this process exits once they all have.

Kubernetes runs each kind as a Deployment of its own (deploy/k8s); this is for one machine.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from types import ModuleType

from sqlalchemy.orm import configure_mappers

from psn_shared.dependencies import EXIT_DEPENDENCIES_MISSING
from psn_shared.logs import configure_logging

log = logging.getLogger(__name__)

# What every kind loads only once it connects (PostgreSQL's driver and dialect, the AMQP transport):
# loaded here, it is shared too.
CONNECTION_MODULES = ("psycopg", "sqlalchemy.dialects.postgresql.psycopg", "kombu.transport.pyamqp")

FIRST_BACK_OFF_S = 0.5
LONGEST_BACK_OFF_S = 30.0
HEALTHY_AFTER_S = 60.0  # a kind that ran this long before dying starts again at once


@dataclass
class Kind:
    module: ModuleType
    pid: int = 0
    started_at: float = 0.0
    back_off_s: float = 0.0
    restart_at: float | None = None
    exits: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.module.__name__


STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def _start(kind: Kind) -> None:
    # Held back across the fork: the child must not run this process's handler for a stop meant for it.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    pid = os.fork()
    if pid == 0:
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        status = 0
        try:
            kind.module.main()
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            log.exception("%s failed", kind.name)
            status = 1
        finally:
            logging.shutdown()
            os._exit(status)
    kind.pid, kind.started_at, kind.restart_at = pid, time.monotonic(), None
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _died(kind: Kind, status: int) -> None:
    kind.exits.append(status)
    ran_s = time.monotonic() - kind.started_at
    kind.back_off_s = 0.0 if ran_s >= HEALTHY_AFTER_S else min(
        LONGEST_BACK_OFF_S, max(FIRST_BACK_OFF_S, kind.back_off_s * 2))
    kind.pid, kind.restart_at = 0, time.monotonic() + kind.back_off_s
    log.warning("%s exited with status %s after %.1fs; starting it again in %.1fs",
                kind.name, status, ran_s, kind.back_off_s)


def run(kinds: list[Kind]) -> int:
    stopping: list[int] = []

    def _stop(signum: int, _frame: object) -> None:
        stopping.append(signum)
        for kind in kinds:
            if kind.pid:
                os.kill(kind.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    gc.freeze()  # what is imported now stays shared: the collector never writes to its pages
    for kind in kinds:
        _start(kind)
    while any(kind.pid for kind in kinds):
        pid, status = _wait_for_any(kinds)
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
                _died(kind, code)
        if not stopping:
            for due in (k for k in kinds if k.restart_at is not None and k.restart_at <= time.monotonic()):
                _start(due)
    return 0


def _wait_for_any(kinds: list[Kind]) -> tuple[int, int]:
    """The next kind to exit, or (0, 0) when a restart falls due first."""
    due = [k.restart_at for k in kinds if k.restart_at is not None]
    if not due:
        try:
            return os.wait()
        except ChildProcessError:
            return 0, 0
    deadline = min(due)
    while time.monotonic() < deadline:
        pid, status = os.waitpid(-1, os.WNOHANG)
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


def main(argv: list[str] | None = None) -> None:
    modules = argv if argv is not None else sys.argv[1:]
    if not modules:
        sys.exit("usage: python -m psn_shared.workers MODULE [MODULE ...]")
    configure_logging("workers")
    kinds = [Kind(importlib.import_module(name)) for name in modules]
    for name in CONNECTION_MODULES:
        importlib.import_module(name)
    _map_once(kinds)
    sys.exit(run(kinds))


def _map_once(kinds: list[Kind]) -> None:
    """Map each service's classes to its tables here, once (`<service>.adapters.orm.start_mappers`, which
    every kind calls again to no effect): each kind mapping its own would hold a copy, some 7 MiB."""
    for package in dict.fromkeys(kind.name.split(".")[0] for kind in kinds):
        name = f"{package}.adapters.orm"
        try:
            orm = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in (package, f"{package}.adapters", name):
                raise
            continue
        orm.start_mappers()
    configure_mappers()


if __name__ == "__main__":
    main()
