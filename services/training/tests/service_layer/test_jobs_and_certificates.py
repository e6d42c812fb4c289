"""What falls due with time (the scheduler's use case, with the clock passed in), and refreshers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from psn_shared.errors import Conflict, InvalidInput
from psn_shared.quarters import BOARD_CLOCK
from services.training.tests.service_layer.conftest import T0, an_id
from services.training.tests.service_layer.steps import nominate
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.nominations import NominationStatus
from training.domain.policy import Policy
from training.domain.staff import Delegation
from training.service_layer import certification
from training.service_layer.jobs import run_due_jobs

POLICY = Policy()


def run(uow, at: datetime) -> dict[str, int]:
    return vars(run_due_jobs(at, POLICY, uow))


def test_a_waiting_nomination_reminds_its_manager_once_a_period_then_expires(uow, world):
    nominee = world.person(levels=(1,))
    nomination = nominate(uow, nominee, level=2)
    start = nomination.awaiting_since
    assert set(run(uow, start + timedelta(days=6)).values()) == {0}
    assert run(uow, start + timedelta(days=8))["nominations_reminded"] == 1
    assert run(uow, start + timedelta(days=9))["nominations_reminded"] == 0
    reminded = uow.published[-1]
    assert (reminded.type, reminded.subject, reminded.data.capacity, reminded.data.waiting_since) == (
        "training.nomination.reminded", nominee.line_manager_id, "line_manager", start)
    assert run(uow, start + timedelta(days=29))["nominations_expired"] == 1
    assert (nomination.status, uow.published_types()[-1]) == (NominationStatus.EXPIRED, "training.nomination.expired")
    assert run(uow, start + timedelta(days=30))["nominations_expired"] == 0


def test_a_reminder_reaches_whoever_stands_in_for_the_awaited_manager_that_day(uow, world):
    nominee, deputy = world.person(levels=(1,)), world.person(managed=False)
    nomination = nominate(uow, nominee, level=2)
    start = nomination.awaiting_since
    # Named when the nomination already waited: the manager went away and their stand-in must hear of it.
    uow.delegations.add(Delegation(id=an_id(), manager_id=nominee.line_manager_id, delegate_id=deputy.staff_id,
                                   starts_on=(start + timedelta(days=3)).date(),
                                   ends_on=(start + timedelta(days=20)).date()))
    assert run(uow, start + timedelta(days=8))["nominations_reminded"] == 1
    reminded = uow.published[-2]  # then the stand-in hears their period began (they were not told on its morning)
    assert (reminded.subject, reminded.data.delegate_ids) == (nominee.line_manager_id, [deputy.staff_id])
    assert uow.published[-1].type == "training.delegation.started"
    run(uow, start + timedelta(days=22))  # the stand-in's time is over
    assert (uow.published[-1].type, uow.published[-1].data.delegate_ids) == ("training.nomination.reminded", [])


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BOARD_CLOCK)


def test_a_stand_in_is_told_once_on_the_morning_their_delegation_begins_with_the_decisions_waiting(uow, world):
    nominee = world.person(levels=(1,))
    manager = nominee.line_manager_id
    deputy = world.person(levels=(1,), line_manager_id=manager)
    waiting = nominate(uow, nominee, level=2)
    nominate(uow, deputy, level=2)  # the deputy's own waits for the manager too, but is not theirs to decide
    first_day = waiting.awaiting_since.date() + timedelta(days=3)
    delegation = Delegation(id=an_id(), manager_id=manager, delegate_id=deputy.staff_id, starts_on=first_day,
                            ends_on=first_day + timedelta(days=9))
    uow.delegations.add(delegation)
    before = len(uow.published)

    assert run(uow, london(first_day - timedelta(days=1), 9))["stand_ins_told"] == 0  # not begun
    assert run(uow, london(first_day, 7, 59))["stand_ins_told"] == 0  # begun, but not yet morning
    assert run(uow, london(first_day, 8))["stand_ins_told"] == 1
    assert run(uow, london(first_day, 8, 1))["stand_ins_told"] == 0  # once: the copy remembers
    assert run(uow, london(first_day + timedelta(days=1), 9))["stand_ins_told"] == 0
    [started] = [e for e in uow.published[before:] if e.type == "training.delegation.started"]
    assert started.subject == deputy.staff_id
    assert (started.data.delegation_id, started.data.manager_id, started.data.delegate_id, started.data.starts_on,
            started.data.ends_on, started.data.nominations_awaiting) == (
        delegation.id, manager, deputy.staff_id, first_day, first_day + timedelta(days=9), 1)


def test_a_first_morning_missed_is_told_later_in_the_period_but_not_one_ended_or_over_or_of_a_leaver(uow, world):
    manager = an_id()
    deputies = [world.person(managed=False) for _ in range(4)]
    first_day = T0.date() + timedelta(days=2)

    def named(deputy, **fields) -> Delegation:
        delegation = Delegation(id=an_id(), manager_id=manager, delegate_id=deputy.staff_id,
                                starts_on=fields.pop("starts_on", first_day), ends_on=first_day + timedelta(days=4),
                                **fields)
        uow.delegations.add(delegation)
        return delegation

    missed = named(deputies[0])
    named(deputies[1], ended_at=T0)  # cancelled before it began
    named(deputies[2], starts_on=first_day - timedelta(days=10), stand_in_told=True)  # told long ago
    named(deputies[3])
    deputies[3].status = "left"
    assert run(uow, london(first_day + timedelta(days=2), 10))["stand_ins_told"] == 1  # the scheduler was down
    assert [e.data.delegation_id for e in uow.published if e.type == "training.delegation.started"] == [missed.id]
    assert run(uow, london(first_day + timedelta(days=2), 11))["stand_ins_told"] == 0  # the leaver's is spent too
    over = named(world.person(managed=False), starts_on=first_day)
    assert run(uow, london(first_day + timedelta(days=5), 9))["stand_ins_told"] == 0 and not over.stand_in_told


def test_one_reminder_however_many_periods_passed_since_the_last_run(uow, world):
    nomination = nominate(uow, world.person(levels=(1,)), level=2)
    assert run(uow, nomination.awaiting_since + timedelta(days=22))["nominations_reminded"] == 1
    assert (nomination.reminders_sent, uow.published_types()[-1:]) == (3, ["training.nomination.reminded"])


def issued(uow, staff_id: str, expires_on: date, status: CertificateStatus = CertificateStatus.VALID) -> Certificate:
    certificate = Certificate(staff_id=staff_id, level=2, completion_id=an_id(), issued_on=expires_on - timedelta(
        days=730), expires_on=expires_on, status=status)
    uow.certificates.add(certificate)
    return certificate


def test_a_certificate_is_reminded_at_each_threshold_then_lapses_once(uow, world):
    holder = world.person()
    certificate = issued(uow, holder.staff_id, date(2027, 3, 1))
    day = datetime(2027, 3, 1, tzinfo=UTC)
    assert run(uow, day - timedelta(days=61))["refreshers_reminded"] == 0
    assert run(uow, day - timedelta(days=59))["refreshers_reminded"] == 1
    assert run(uow, day - timedelta(days=58))["refreshers_reminded"] == 0
    assert run(uow, day - timedelta(days=13))["refreshers_reminded"] == 1
    assert run(uow, day)["certificates_lapsed"] == 1
    assert run(uow, day + timedelta(days=1))["certificates_lapsed"] == 0
    assert certificate.status == CertificateStatus.LAPSED
    assert uow.published_types() == ["training.refresher.due", "training.refresher.due",
                                      "training.certification.lapsed"]
    assert {e.subject for e in uow.published} == {holder.staff_id}


def test_a_refresher_renews_and_announces_the_certificate(uow, world):
    holder = world.person()
    today = uow.now().date()
    lapsed = issued(uow, holder.staff_id, today - timedelta(days=3), CertificateStatus.LAPSED)
    certification.renew(certification.Renew(lapsed.id, today, POLICY), uow)
    assert (lapsed.status, lapsed.expires_on, uow.published_types()) == (
        CertificateStatus.VALID, today + POLICY.certificate_validity, ["training.certification.renewed"])
    certification.renew(certification.Renew(lapsed.id, today, POLICY), uow)
    assert uow.published_types() == ["training.certification.renewed"] * 2
    with pytest.raises(InvalidInput):
        certification.renew(certification.Renew(lapsed.id, today + timedelta(days=1), POLICY), uow)


def test_a_correction_moves_the_expiry_of_a_valid_certificate_only(uow, world):
    holder = world.person()
    valid = issued(uow, holder.staff_id, date(2027, 3, 1))
    valid.reminders_sent = 1
    certification.correct_expiry(certification.CorrectExpiry(valid.id, date(2027, 6, 1)), uow)
    assert (valid.expires_on, valid.reminders_sent, uow.published) == (date(2027, 6, 1), 0, [])
    lapsed = issued(uow, holder.staff_id, date(2026, 1, 1), CertificateStatus.LAPSED)
    with pytest.raises(Conflict):
        certification.correct_expiry(certification.CorrectExpiry(lapsed.id, date(2027, 6, 1)), uow)


def test_a_verification_code_finds_the_certificate_and_its_holder(uow, world):
    holder = world.person()
    certificate = issued(uow, holder.staff_id, date(2027, 3, 1))
    assert certification.verify(f" {certificate.verification_code.lower()} ", uow) == (certificate, holder)
