from __future__ import annotations

import os
import sys
from pathlib import Path

from psn_shared.process import stop_event


def run(name: str) -> None:
    directory = Path(os.environ["WORKER_KINDS_DIR"])
    # Listening for its stop before saying it runs: the test stops the host as soon as every kind has started.
    stop = stop_event()
    with (directory / f"{name}.starts").open("a") as starts:
        starts.write(f"{os.getpid()}\n")
    if (code := os.environ.get(f"{name.upper()}_EXIT")) is not None:
        sys.exit(int(code))
    failure = directory / f"{name}.fail"
    while not stop.wait(0.02):
        if failure.exists():
            failure.unlink()
            raise RuntimeError(f"{name} failed, as the test asked")
    (directory / f"{name}.stopped").write_text("finished the work in hand")
