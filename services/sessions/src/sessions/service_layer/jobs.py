"""What falls due with time: serving waiting requests as capacity appears, alerting coordinators
about requests that wait too long, making series' occurrences a horizon ahead, reminders of group
sessions and wellbeing reviews, and reminding supporters overdue for supervision.

`run_due_jobs(now, settings, uow)` takes the clock as an argument, so tests move time instead of
waiting. Capacity appears without any event when a month begins, a heavy case's cool-down ends
or a supporter's open cases fall under a cap changed at start-up, so every round offers each
waiting request again. Each alert is marked on its request in the same transaction as its event,
so running the jobs twice, or in two schedulers at once (the allocation lock serialises them),
alerts once; occurrences are made once (each knows the start its rule gave it), and each reminder
is marked on its booking, review or supporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sessions.config import SessionsSettings
from sessions.events import published
from sessions.service_layer.common import serve_waiting
from sessions.service_layer.reflective import generate_occurrences, send_reminders
from sessions.service_layer.supervision import remind_overdue
from sessions.service_layer.uow import SessionsUnitOfWork


@dataclass(frozen=True)
class JobReport:
    served: int
    alerted: int
    occurrences: int = 0
    reminded: int = 0
    supervision_reminded: int = 0


def run_due_jobs(now: datetime, settings: SessionsSettings, uow: SessionsUnitOfWork) -> JobReport:
    uow.serialise_allocations()
    served = serve_waiting(uow, now)
    alerted = 0
    for request in uow.requests.waiting_since_before(now - settings.waiting_alert_after):
        if request.waited_too_long(now, settings.waiting_alert_after):
            request.waiting_alerted_at = now
            uow.publish(published.request_waiting_too_long(request))
            alerted += 1
    reflective = settings.reflective
    occurrences = generate_occurrences(reflective.series_horizon, now, uow)
    reminded = send_reminders(reflective.reminder_lead, now, uow)
    supervision_reminded = remind_overdue(reflective.supervision_interval, now, uow)
    uow.commit()
    return JobReport(served=len(served), alerted=alerted, occurrences=occurrences, reminded=reminded,
                     supervision_reminded=supervision_reminded)
