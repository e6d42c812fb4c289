"""Named crash points for fault tests: a failpoint fires once when its file exists.

A test creates `<FAILPOINTS_DIR>/<name>`; the process that reaches the failpoint deletes the
file and kills itself with SIGKILL, exactly as a power cut would. Without FAILPOINTS_DIR this
is a no-op, so production processes never crash on purpose.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path


def hit(directory: str | None, name: str) -> None:
    if not directory:
        return
    marker = Path(directory) / name
    try:
        marker.unlink()
    except FileNotFoundError:
        return
    os.kill(os.getpid(), signal.SIGKILL)
