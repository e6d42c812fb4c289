"""The payloads training publishes: completions, nominations, places, certificates."""

from __future__ import annotations

from dataclasses import field
from datetime import date

from psn_shared.events.contracts.types import Capacity, CourseLevel, Hours, Id, Level, Moment, payload


@payload
class DelegationStarted:
    """training.delegation.started: the first morning of a delegation (a sweep of training's scheduler, once
    per delegation): from today its stand-in decides for the manager until `ends_on` (included);
    `nominations_awaiting` how many steps wait for the manager that the stand-in may decide now.
    Not sent for a delegation granted on or after its first day: its stand-in was told at the grant."""

    delegation_id: Id
    manager_id: Id
    delegate_id: Id
    starts_on: date
    ends_on: date
    nominations_awaiting: int = 0


@payload
class Approval:
    approver_id: Id
    capacity: Capacity
    monthly_hours: Hours
    approved_at: Moment


@payload
class LevelCompleted:
    """training.level.completed: a level recorded or completed. `source` says from where (learnpro,
    local_authority, self_report, cohort; None from a producer before it was added)."""

    staff_id: Id
    level: Level
    completed_on: date
    cohort_id: Id | None = None
    monthly_hours: Hours | None = None
    approvals: list[Approval] = field(default_factory=list)
    source: str | None = None


@payload
class Level1ClaimDecided:
    """training.level1_claim.decided: a coordinator recorded a self-reported Level 1, or rejected it
    with a reason, for the person who reported it."""

    claim_id: Id
    staff_id: Id
    status: str
    completed_on: date
    reason: str | None = None


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
    """training.nomination.reminded: a step waiting too long; `approver_id` is the awaited manager,
    `delegate_ids` whoever stands in for them today (reminded too: the manager is often away)."""

    nomination_id: Id
    nominee_id: Id
    approver_id: Id
    capacity: Capacity
    level: CourseLevel
    waiting_since: Moment
    delegate_ids: list[Id] = field(default_factory=list)


@payload
class NominationAwaitingDecision:
    """training.nomination.awaiting_decision: a nomination reached a manager's step.

    Published when a nomination is made (the line manager's step), when the line manager
    approves (the senior manager's step), and when the step passes to someone else because the
    awaited manager left or the directory names a new one. `approver_id` is the manager whose
    decision is awaited; `delegate_ids` are whoever may decide in their place today.
    `team_supporters` counts the nominee's team's current peer supporters (Level 2 only), and
    `many_supporters_in_team` flags that it already meets the organisation's target: a flag for
    the manager, not a refusal. `stand_ins_only`: published again for a stand-in just named, who is to be told
    of a step already waiting; the manager, told when it reached them, is not told again.
    """

    nomination_id: Id
    nominee_id: Id
    approver_id: Id
    capacity: Capacity
    level: CourseLevel
    awaiting_since: Moment
    cohort_id: Id | None = None
    delegate_ids: list[Id] = field(default_factory=list)
    team_supporters: int | None = None
    many_supporters_in_team: bool = False
    stand_ins_only: bool = False


@payload
class CourseDay:
    """One day of a course, its start and end in UTC (the cohort's local times converted)."""

    day: date
    starts_at: Moment
    ends_at: Moment
    location: str | None = None
    virtual_link: str | None = None


@payload
class PlaceBooked:
    """training.place.booked: someone holds a seat on a cohort (booked directly, or promoted from its
    waiting list: `from_waiting_list`, when training.place.promoted tells them too), with the days.

    `booked_by`: who booked or moved the seat when that was asked for (the holder, or a coordinator for them);
    None when it followed the second approval, whose message tells them, or a promotion."""

    staff_id: Id
    nomination_id: Id
    cohort_id: Id
    cohort_name: str
    level: CourseLevel
    days: list[CourseDay]
    from_waiting_list: bool = False
    booked_by: Id | None = None


@payload
class PlaceWaitlisted:
    """training.place.waitlisted: someone was placed on a full cohort's waiting list, at its back.

    `booked_by`: who asked for the place when that was asked for (the person, or a coordinator booking or moving
    it for them); None when it followed the second approval, whose message tells them."""

    staff_id: Id
    nomination_id: Id
    cohort_id: Id
    cohort_name: str
    level: CourseLevel
    first_day: date
    booked_by: Id | None = None


@payload
class PlaceReleased:
    """training.place.released: a booked seat was given up; its reminders are void.

    `reason`: withdrawn, left (the board), cohort_cancelled, moved (to another cohort, booked there anew).
    """

    staff_id: Id
    nomination_id: Id
    cohort_id: Id
    cohort_name: str
    level: CourseLevel
    reason: str


@payload
class CohortRescheduled:
    """training.cohort.rescheduled: a cohort's days changed; everyone booked is named, to be told."""

    cohort_id: Id
    cohort_name: str
    level: CourseLevel
    days: list[CourseDay]
    previous_days: list[CourseDay]
    booked_staff_ids: list[Id]


@payload
class PlacePromoted:
    """Someone moved from a cohort's waiting list onto a place on it."""

    staff_id: Id
    nomination_id: Id
    cohort_id: Id
    cohort_name: str
    level: CourseLevel
    first_day: date
    days: list[CourseDay] = field(default_factory=list)


@payload
class Certification:
    """training.refresher.due / certification.lapsed / certification.renewed."""

    staff_id: Id
    level: CourseLevel
    certificate_id: Id
    expires_on: date
