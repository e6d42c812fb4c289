"""python -m notifications.entrypoints.scheduler: send the reminders as they fall due.

Every REMINDERS_SWEEP_S seconds (30 by default) it takes the due reminders in batches, each batch
in one unit of work: every reminder is marked sent and told in the same transaction, and the
dispatcher is woken by the commit. A batch that fails is taken again one reminder at a time, and a
reminder that fails twice on its own is set aside and logged, so it holds back no other. Running two
is harmless: a batch's rows are locked (SKIP LOCKED), and a reminder's notice is told under its own
stable id, once per person.
"""

from __future__ import annotations

import logging
import threading

from notifications.config import NotificationsSettings
from notifications.service_layer import delivering
from notifications.service_layer.reminder_reactions import send_due, set_aside_next
from notifications.service_layer.uow import uow_factory
from psn_shared.db import make_engine, utcnow
from psn_shared.logs import configure_logging
from psn_shared.process import run_until_signalled

log = logging.getLogger(__name__)
BATCH = 100


def main() -> None:
    settings = NotificationsSettings.load()
    configure_logging(f"{settings.service}-scheduler")
    delivering.configure_from(settings)
    make_uow = uow_factory(make_engine(settings.database_url))

    def send_batch(limit: int) -> int:
        with make_uow() as uow:
            taken = send_due(utcnow(), uow, limit)
            uow.commit()
        return taken

    def one_by_one(stop: threading.Event) -> None:
        """After a failed batch: each due reminder alone, so one that cannot be told holds back no other.
        One that fails twice in a row is set aside (marked, not told) and logged, as a dead letter is."""
        failures = 0
        while not stop.is_set():
            try:
                if send_batch(1) == 0:
                    return
                failures = 0
            except Exception:
                failures += 1
                if failures < 2:
                    log.warning("a reminder failed; trying it once more", exc_info=True)
                    stop.wait(1.0)
                    continue
                with make_uow() as uow:
                    set_aside = set_aside_next(utcnow(), uow)
                    uow.commit()
                log.exception("reminder %s failed twice; set aside, not sent", set_aside)
                failures = 0

    def loop(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                while (taken := send_batch(BATCH)) == BATCH and not stop.is_set():
                    log.info("sent a batch of %d reminders; more are due", taken)
            except Exception:
                log.warning("a batch of reminders failed; sending them one at a time", exc_info=True)
                try:
                    one_by_one(stop)
                except Exception:  # the database may be down for a while; the next round tries again
                    log.exception("sending reminders failed; retrying at the next interval")
            stop.wait(settings.reminders_sweep_s)

    run_until_signalled(loop)


if __name__ == "__main__":
    main()
