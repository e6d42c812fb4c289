"""Run a long-lived loop (relay, consumer) until SIGTERM or SIGINT, then stop cleanly."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable


def run_until_signalled(loop: Callable[[threading.Event], None]) -> None:
    stop = threading.Event()

    def _stop(_signum: int, _frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    loop(stop)
