"""python -m training.entrypoints.scheduler: reminders, expiries and lapses, as time makes them due.

Every TRAINING_SCHEDULER_INTERVAL_S seconds (60 by default) it runs the due jobs in one unit of
work; their events leave through the outbox like any other. Running it twice is harmless: each job
changes what it acted on, and rows another scheduler holds are skipped.
"""

from __future__ import annotations

import logging
import threading

from psn_shared.db import make_engine
from psn_shared.logs import configure_logging
from psn_shared.process import run_until_signalled
from training.config import TrainingSettings
from training.service_layer.jobs import run_due_jobs
from training.service_layer.uow import uow_factory

log = logging.getLogger(__name__)


def main() -> None:
    settings = TrainingSettings.load()
    configure_logging("training-scheduler")
    make_uow = uow_factory(make_engine(settings.database_url))

    def loop(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                with make_uow() as uow:
                    report = run_due_jobs(uow.now(), settings.policy, uow)
                if any(vars(report).values()):
                    log.info("due jobs done: %s", report)
            except Exception:  # the database may be down for a while; the next round tries again
                log.exception("due jobs failed; retrying at the next interval")
            stop.wait(settings.scheduler_interval_s)

    run_until_signalled(loop)


if __name__ == "__main__":
    main()
