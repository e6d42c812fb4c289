from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path


def run(name: str) -> None:
    directory = Path(os.environ["WORKER_KINDS_DIR"])
    (directory / f"{name}.pid").write_text(str(os.getpid()))
    if (code := os.environ.get(f"{name.upper()}_EXIT")) is not None:
        sys.exit(int(code))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait(60)
    (directory / f"{name}.stopped").write_text("finished the work in hand")
