"""The payloads training publishes: completions, nominations, places, certificates."""

from __future__ import annotations

from dataclasses import field
from datetime import date

from psn_shared.events.contracts.types import Capacity, CourseLevel, Hours, Id, Level, Moment, payload


@payload
class Approval:
    approver_id: Id
    capacity: Capacity
    monthly_hours: Hours
    approved_at: Moment


@payload
class LevelCompleted:
    staff_id: Id
    level: Level
    completed_on: date
    cohort_id: Id | None = None
    monthly_hours: Hours | None = None
    approvals: list[Approval] = field(default_factory=list)


@payload
class NominationOutcome:
    """training.nomination.approved / refused / expired: where a nomination ended up, for the nominee."""

    nomination_id: Id
    nominee_id: Id
    level: CourseLevel
    status: str
    cohort_id: Id | None = None
    decided_by: Id | None = None
    reason: str | None = None
    monthly_hours: Hours | None = None


@payload
class NominationReminded:
    nomination_id: Id
    nominee_id: Id
    approver_id: Id
    capacity: Capacity
    level: CourseLevel
    waiting_since: Moment


@payload
class PlacePromoted:
    """Someone moved from a cohort's waiting list onto a place on it."""

    staff_id: Id
    nomination_id: Id
    cohort_id: Id
    cohort_name: str
    level: CourseLevel
    first_day: date


@payload
class Certification:
    """training.refresher.due / certification.lapsed / certification.renewed."""

    staff_id: Id
    level: CourseLevel
    certificate_id: Id
    expires_on: date
