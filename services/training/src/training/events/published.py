"""The events training publishes, each built here from domain objects (see docs/how-to-add-an-event.md).

Use cases call these and publish the result: `uow.publish(published.level_completed(completion, nomination))`.
"""

from __future__ import annotations

from psn_shared.events import NewEvent
from psn_shared.events.contracts import (
    Approval,
    Certification,
    CohortRescheduled,
    CourseDay,
    DelegationStarted,
    Level1ClaimDecided,
    LevelCompleted,
    NominationAwaitingDecision,
    NominationOutcome,
    NominationReminded,
    PlaceBooked,
    PlacePromoted,
    PlaceReleased,
    PlaceWaitlisted,
)
from training.domain.certificates import Certificate
from training.domain.cohorts import Cohort, CohortDay, Place
from training.domain.levels import Level1Claim, LevelCompletion
from training.domain.nominations import Nomination
from training.domain.staff import Delegation


def level_completed(completion: LevelCompletion, nomination: Nomination | None) -> NewEvent:
    """Everything identity and sessions need: the level, both endorsements and the hours agreed.

    Level 1 has no nomination: it is recorded, not approved.
    """
    approvals = [
        Approval(approver_id=a.approver_id, capacity=a.capacity, monthly_hours=a.monthly_hours,
                 approved_at=a.approved_at)
        for a in (nomination.approvals if nomination else [])
    ]
    return NewEvent("training.level.completed", LevelCompleted(
        staff_id=completion.staff_id, level=completion.level, completed_on=completion.completed_on,
        cohort_id=completion.cohort_id, monthly_hours=nomination.agreed_monthly_hours if nomination else None,
        approvals=approvals, source=completion.source,
    ), subject=completion.staff_id)


def level1_claim_decided(claim: Level1Claim) -> NewEvent:
    """A decided claim, for the person who made it: recorded, or rejected with the coordinator's reason."""
    return NewEvent("training.level1_claim.decided", Level1ClaimDecided(
        claim_id=claim.id, staff_id=claim.staff_id, status=claim.status, completed_on=claim.completed_on,
        reason=claim.rejection_reason,
    ), subject=claim.staff_id)


def nomination_approved(nomination: Nomination, decided_by: str) -> NewEvent:
    return NewEvent("training.nomination.approved", _outcome(nomination, decided_by), subject=nomination.nominee_id)


def nomination_refused(nomination: Nomination, decided_by: str) -> NewEvent:
    return NewEvent("training.nomination.refused", _outcome(nomination, decided_by), subject=nomination.nominee_id)


def nomination_expired(nomination: Nomination) -> NewEvent:
    """Nobody decided: the scheduler closed it."""
    return NewEvent("training.nomination.expired", _outcome(nomination, None), subject=nomination.nominee_id)


def nomination_reminded(nomination: Nomination, manager_id: str, delegate_ids: list[str] | None = None) -> NewEvent:
    """The awaited manager (`manager_id`) is reminded, and whoever stands in for them today; the event is about
    the manager, so they are its subject."""
    return NewEvent("training.nomination.reminded", NominationReminded(
        nomination_id=nomination.id, nominee_id=nomination.nominee_id, approver_id=manager_id,
        capacity=nomination.awaited_capacity, level=nomination.level, waiting_since=nomination.awaiting_since,
        delegate_ids=list(delegate_ids or []),
    ), subject=manager_id)


def nomination_awaiting_decision(nomination: Nomination, approver_id: str, delegate_ids: list[str],
                                 team_supporters: int | None = None, many_supporters_in_team: bool = False,
                                 *, stand_ins_only: bool = False) -> NewEvent:
    """The nomination reached `approver_id`'s step (or passed to them): the event is about them. `stand_ins_only`:
    a step already waiting, announced again for `delegate_ids` just named to stand in."""
    return NewEvent("training.nomination.awaiting_decision", NominationAwaitingDecision(
        nomination_id=nomination.id, nominee_id=nomination.nominee_id, approver_id=approver_id,
        capacity=nomination.awaited_capacity, level=nomination.level, awaiting_since=nomination.awaiting_since,
        cohort_id=nomination.cohort_id, delegate_ids=sorted(delegate_ids), team_supporters=team_supporters,
        many_supporters_in_team=many_supporters_in_team, stand_ins_only=stand_ins_only,
    ), subject=approver_id)


def place_promoted(cohort: Cohort, seat: Place, nomination: Nomination) -> NewEvent:
    return NewEvent("training.place.promoted", PlacePromoted(
        staff_id=seat.staff_id, nomination_id=nomination.id, cohort_id=cohort.id, cohort_name=cohort.name,
        level=cohort.level, first_day=cohort.first_day, days=_days(cohort.days),
    ), subject=seat.staff_id)


def place_booked(cohort: Cohort, seat: Place, *, from_waiting_list: bool = False,
                 booked_by: str | None = None) -> NewEvent:
    """Someone holds a seat, with the course days notifications plans reminders for; `booked_by` whoever asked
    for it (a coordinator's booking is told to the holder)."""
    return NewEvent("training.place.booked", PlaceBooked(
        staff_id=seat.staff_id, nomination_id=seat.nomination_id, cohort_id=cohort.id, cohort_name=cohort.name,
        level=cohort.level, days=_days(cohort.days), from_waiting_list=from_waiting_list, booked_by=booked_by,
    ), subject=seat.staff_id)


def place_waitlisted(cohort: Cohort, seat: Place, *, booked_by: str | None = None) -> NewEvent:
    """Someone waits for a seat on a full cohort; `booked_by` whoever asked for it (a coordinator's booking or
    move onto a waiting list is told to the person)."""
    return NewEvent("training.place.waitlisted", PlaceWaitlisted(
        staff_id=seat.staff_id, nomination_id=seat.nomination_id, cohort_id=cohort.id, cohort_name=cohort.name,
        level=cohort.level, first_day=cohort.first_day, booked_by=booked_by,
    ), subject=seat.staff_id)


def place_released(cohort: Cohort, seat: Place, reason: str) -> NewEvent:
    """A booked seat was given up (withdrawn, left, cohort_cancelled): its reminders are void."""
    return NewEvent("training.place.released", PlaceReleased(
        staff_id=seat.staff_id, nomination_id=seat.nomination_id, cohort_id=cohort.id, cohort_name=cohort.name,
        level=cohort.level, reason=reason,
    ), subject=seat.staff_id)


def cohort_rescheduled(cohort: Cohort, previous_days: list[CohortDay]) -> NewEvent:
    """The cohort's days changed: everyone booked on it is named, to be told and re-reminded."""
    return NewEvent("training.cohort.rescheduled", CohortRescheduled(
        cohort_id=cohort.id, cohort_name=cohort.name, level=cohort.level, days=_days(cohort.days),
        previous_days=_days(previous_days), booked_staff_ids=sorted(p.staff_id for p in cohort.booked_places),
    ), subject=cohort.id)


def refresher_due(certificate: Certificate) -> NewEvent:
    return NewEvent("training.refresher.due", _certification(certificate), subject=certificate.staff_id)


def certification_lapsed(certificate: Certificate) -> NewEvent:
    return NewEvent("training.certification.lapsed", _certification(certificate), subject=certificate.staff_id)


def certification_renewed(certificate: Certificate) -> NewEvent:
    return NewEvent("training.certification.renewed", _certification(certificate), subject=certificate.staff_id)


def _outcome(nomination: Nomination, decided_by: str | None) -> NominationOutcome:
    return NominationOutcome(
        nomination_id=nomination.id, nominee_id=nomination.nominee_id, level=nomination.level,
        status=nomination.status, cohort_id=nomination.cohort_id, decided_by=decided_by,
        reason=nomination.refusal_reason, monthly_hours=nomination.agreed_monthly_hours,
    )


def _days(days: list[CohortDay]) -> list[CourseDay]:
    return [CourseDay(day=d.on, starts_at=d.starts_at, ends_at=d.ends_at, location=d.location,
                      virtual_link=d.virtual_link) for d in sorted(days, key=lambda d: d.on)]


def _certification(certificate: Certificate) -> Certification:
    return Certification(staff_id=certificate.staff_id, level=certificate.level, certificate_id=certificate.id,
                         expires_on=certificate.expires_on)


def delegation_started(delegation: Delegation, nominations_awaiting: int) -> NewEvent:
    return NewEvent("training.delegation.started", DelegationStarted(
        delegation_id=delegation.id, manager_id=delegation.manager_id, delegate_id=delegation.delegate_id,
        starts_on=delegation.starts_on, ends_on=delegation.ends_on, nominations_awaiting=nominations_awaiting,
    ), subject=delegation.delegate_id)
