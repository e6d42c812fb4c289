"""gunicorn settings every service uses (each service's gunicorn.conf.py imports these).

`sync` workers, 3 by default: on these 2-core machines that beat more workers and every
gthread variant measured (FIELD-NOTES.md).
"""

import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
accesslog = None
errorlog = "-"

# Every worker writes its metrics to files in one directory, so /metrics (answered by whichever
# worker) reports the whole service; set before the workers import prometheus_client.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    import tempfile

    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="psn-metrics-")


def child_exit(_server: object, worker: object) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
