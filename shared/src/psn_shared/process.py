"""Run a long-lived loop (relay, consumer, scheduler, dispatcher) until SIGTERM or SIGINT, then stop cleanly.

Before the loop starts the process waits a bounded time for its dependencies (see
`psn_shared.dependencies`) and exits non-zero if they do not come. A signal sets `stop`: the loop
finishes the work in hand (a consumer its batch, a relay its pass) and returns, well within a
pod's grace period; a signal while still waiting for dependencies ends the process at once.

A kind run as a thread (`psn_shared.workers`) waits on its host's stop instead: only a process's
main thread can handle signals, and the host's sets the stop of every kind it runs.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from psn_shared.dependencies import await_dependencies, checks_from_env

_host = threading.local()


@contextmanager
def hosted(stop: threading.Event) -> Iterator[None]:
    """Within this, on this thread, `stop_event()` is `stop`: set by the host running this kind as a thread."""
    _host.stop = stop
    try:
        yield
    finally:
        del _host.stop


def stop_event() -> threading.Event:
    """What tells this kind to stop: its host's stop when it runs as a thread, else SIGTERM or SIGINT."""
    stop = getattr(_host, "stop", None)
    if stop is not None:
        return stop
    stop = threading.Event()

    def _stop(_signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    return stop


def run_until_signalled(loop: Callable[[threading.Event], None], *, needs_broker: bool = False) -> None:
    """`needs_broker`: the loop talks to RabbitMQ itself (consumer, relay), so wait for it too."""
    stop = stop_event()
    await_dependencies(checks_from_env(broker=needs_broker), stop=stop)
    if not stop.is_set():
        loop(stop)


def draining_marker() -> Path | None:
    """Made by gunicorn's master when it is asked to stop (psn_shared.gunicorn_conf), in the directory
    its workers share (which gunicorn always sets): the web app's readiness is false from then on."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(directory, "psn-draining") if directory else None
