from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path


def run(name: str) -> None:
    directory = Path(os.environ["WORKER_KINDS_DIR"])
    # Listening for SIGTERM before saying it runs: the test stops the host as soon as every pid is written.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    (directory / f"{name}.pid").write_text(str(os.getpid()))
    if (code := os.environ.get(f"{name.upper()}_EXIT")) is not None:
        sys.exit(int(code))
    stop.wait(60)
    (directory / f"{name}.stopped").write_text("finished the work in hand")
