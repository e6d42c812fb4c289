"""What falls due with time: serving waiting requests as capacity appears, and alerting coordinators
about requests that wait too long.

`run_due_jobs(now, settings, uow)` takes the clock as an argument, so tests move time instead of
waiting. Capacity appears without any event when a month begins, a heavy case's cool-down ends
or a supporter's open cases fall under a cap changed at start-up, so every round offers each
waiting request again. Each alert is marked on its request in the same transaction as its event,
so running the jobs twice, or in two schedulers at once (the allocation lock serialises them),
alerts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sessions.config import SessionsSettings
from sessions.events import published
from sessions.service_layer.common import serve_waiting
from sessions.service_layer.uow import SessionsUnitOfWork


@dataclass(frozen=True)
class JobReport:
    served: int
    alerted: int


def run_due_jobs(now: datetime, settings: SessionsSettings, uow: SessionsUnitOfWork) -> JobReport:
    uow.serialise_allocations()
    served = serve_waiting(uow, now)
    alerted = 0
    for request in uow.requests.waiting_since_before(now - settings.waiting_alert_after):
        if request.waited_too_long(now, settings.waiting_alert_after):
            request.waiting_alerted_at = now
            uow.publish(published.request_waiting_too_long(request))
            alerted += 1
    uow.commit()
    return JobReport(served=len(served), alerted=alerted)
