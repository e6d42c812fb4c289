"""What falls due with time: nomination reminders and expiry, stand-ins' first mornings, refresher reminders,
lapses.

`run_due_jobs(now, policy, uow)` takes the clock as an argument, so tests move time instead of
waiting. Each job changes the state it acts on (a counter, a status) in the same transaction as
the event it publishes, so running it twice, or in two schedulers at once, does nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from psn_shared.quarters import BOARD_CLOCK
from training.domain.policy import Policy
from training.events import published
from training.service_layer.nominations import open_to_stand_in
from training.service_layer.uow import TrainingUnitOfWork


@dataclass(frozen=True)
class JobReport:
    nominations_reminded: int
    nominations_expired: int
    refreshers_reminded: int
    certificates_lapsed: int
    stand_ins_told: int


def run_due_jobs(now: datetime, policy: Policy, uow: TrainingUnitOfWork) -> JobReport:
    reminded, expired = _nominations(now, policy, uow)
    refreshers, lapsed = _certificates(now, policy, uow)
    stand_ins = _stand_ins_starting(now, policy, uow)
    uow.commit()
    return JobReport(reminded, expired, refreshers, lapsed, stand_ins)


def _nominations(now: datetime, policy: Policy, uow: TrainingUnitOfWork) -> tuple[int, int]:
    """A step waiting too long reminds the awaited manager (once per period) and finally expires."""
    reminded = expired = 0
    for nomination in uow.nominations.awaiting_since_before(now - policy.nomination_remind_after):
        waited = now - nomination.awaiting_since
        if waited >= policy.nomination_expire_after:
            nomination.expire(now)
            uow.publish(published.nomination_expired(nomination))
            expired += 1
            continue
        if waited < policy.nomination_remind_after * (nomination.reminders_sent + 1):
            continue
        nominee = uow.staff.get(nomination.nominee_id)
        manager_id = nomination.awaited_manager(nominee)
        # One reminder however many periods passed since the scheduler last ran.
        nomination.reminders_sent = waited // policy.nomination_remind_after
        manager = uow.staff.get(manager_id) if manager_id else None
        if manager_id is None or (manager is not None and not manager.active):
            continue  # a leaver is not reminded: their delegates were told when they left
        # Whoever stands in for the manager is reminded too: a manager who named a stand-in is often away.
        delegates = uow.delegations.delegates_of(manager_id, now.date())
        uow.publish(published.nomination_reminded(nomination, manager_id, delegates))
        reminded += 1
    return reminded, expired


def _stand_ins_starting(now: datetime, policy: Policy, uow: TrainingUnitOfWork) -> int:
    """On the morning a delegation begins (the board's clock), its stand-in is told, with how many decisions wait.

    A delegation granted on or after its first day was told at the grant and is marked so. Marking the copy in
    the transaction that publishes is what makes it once: a scheduler restarted finds it marked, and two side
    by side do not both take it (its row is locked, and skipped by the other). A period whose first morning
    the scheduler missed (it was down) is told at its next run, while the period lasts.
    """
    local = now.astimezone(BOARD_CLOCK)
    if local.hour < policy.stand_in_told_from_hour:
        return 0
    told = 0
    for delegation in uow.delegations.starting_untold(local.date()):
        delegation.stand_in_told = True
        stand_in = uow.staff.get(delegation.delegate_id)
        if stand_in is None or not stand_in.active:
            continue  # a stand-in who left decides nothing; identity ends what they held
        uow.publish(published.delegation_started(delegation, len(open_to_stand_in(delegation, uow))))
        told += 1
    return told


def _certificates(now: datetime, policy: Policy, uow: TrainingUnitOfWork) -> tuple[int, int]:
    today = now.date()
    horizon = max(policy.refresher_reminder_days, default=0)
    reminded = lapsed = 0
    for certificate in uow.certificates.valid_expiring_by(today + timedelta(days=horizon)):
        if certificate.lapse_due(today):
            certificate.lapse()
            uow.publish(published.certification_lapsed(certificate))
            lapsed += 1
        elif certificate.refresher_reminder_due(today, policy.refresher_reminder_days):
            # Several thresholds passed at once (a short validity) still send one reminder, not a burst.
            while certificate.refresher_reminder_due(today, policy.refresher_reminder_days):
                certificate.reminders_sent += 1
            uow.publish(published.refresher_due(certificate))
            reminded += 1
    return reminded, lapsed
