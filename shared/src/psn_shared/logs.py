"""JSON logs, one object a line, carrying the correlation id of the work in hand."""

from __future__ import annotations

import json
import logging
import os
import random
import sys
import threading
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)
# The process kind named on this thread's lines, when it is not the process's (psn_shared.workers' threads).
_thread_service: ContextVar[str | None] = ContextVar("thread_service", default=None)


def correlation_id() -> str:
    """The current correlation id, minting one when the work in hand has none yet."""
    current = _correlation_id.get()
    if current is None:
        current = new_correlation_id()
        _correlation_id.set(current)
    return current


def new_correlation_id() -> str:
    """A random UUID (version 4) from the process's generator, which Python reseeds in each forked
    process: an id for a request, which needs to be unique, not secret, so no system call for it."""
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def set_correlation_id(value: str | None) -> None:
    _correlation_id.set(value)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": _thread_service.get() or self.service,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": _correlation_id.get(),
        }
        for key, value in record.__dict__.items():
            if key.startswith("ctx_"):
                entry[key[4:]] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(service: str, level: str | None = None) -> None:
    """JSON lines on stderr naming `service`. Called on a thread other than the main one (a worker kind
    run as a thread, psn_shared.workers), it names that thread's lines and leaves the process's handler."""
    if threading.current_thread() is not threading.main_thread():
        _thread_service.set(service)
        return
    level = level or os.environ.get("LOG_LEVEL", "INFO").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("amqp", "kombu", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
