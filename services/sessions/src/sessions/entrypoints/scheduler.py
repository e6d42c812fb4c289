"""python -m sessions.entrypoints.scheduler: serve waiting requests as capacity appears, and alert the
coordinators about requests waiting too long.

Every SESSIONS_SCHEDULER_INTERVAL_S seconds (60 by default) it runs the due jobs in one unit of
work; their events leave through the outbox like any other. Running two is harmless: the
allocation lock serialises them, and each alert is marked on its request.
"""

from __future__ import annotations

import logging
import threading

from psn_shared.db import make_engine
from psn_shared.logs import configure_logging
from psn_shared.process import run_until_signalled
from sessions.config import SessionsSettings
from sessions.service_layer.common import now
from sessions.service_layer.jobs import run_due_jobs
from sessions.service_layer.uow import uow_factory

log = logging.getLogger(__name__)


def main() -> None:
    settings = SessionsSettings.load()
    configure_logging("sessions-scheduler")
    make_uow = uow_factory(make_engine(settings.database_url), settings.caps)

    def loop(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                with make_uow() as uow:
                    report = run_due_jobs(now(), settings, uow)
                if any(vars(report).values()):
                    log.info("due jobs done: %s", report)
            except Exception:  # the database may be down for a while; the next round tries again
                log.exception("due jobs failed; retrying at the next interval")
            stop.wait(settings.scheduler_interval_s)

    run_until_signalled(loop)


if __name__ == "__main__":
    main()
