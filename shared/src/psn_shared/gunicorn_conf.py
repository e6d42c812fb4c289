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
