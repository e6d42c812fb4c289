"""The payload of every event type: typed, versioned, one dataclass each.

Producers build these (each service's `events/published.py`), consumers receive them loaded
(`event.data.staff_id`, never `event.data["staff_id"]`). marshmallow-dataclass derives each
wire schema from its class; unknown fields are excluded on load, so a producer may add an
optional field without breaking older consumers. Anything else is a new version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from marshmallow import ValidationError, fields, validate
from marshmallow_dataclass import NewType

from psn_shared.roles import ROLES


def is_uuid(value: str) -> bool:
    """A marshmallow validator: the string form of a UUID (ids are kept as the strings the databases hold)."""
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ValidationError("Not a valid UUID.") from None
    return True


Id = NewType("Id", str, validate=is_uuid)
Email = NewType("Email", str, field=fields.Email)
Moment = NewType("Moment", datetime, field=fields.AwareDateTime)
RoleName = NewType("RoleName", str, validate=validate.OneOf(ROLES))
Capacity = NewType("Capacity", str, validate=validate.OneOf(["line_manager", "senior_manager"]))
Level = NewType("Level", int, validate=validate.OneOf([1, 2, 3]))
CourseLevel = NewType("CourseLevel", int, validate=validate.OneOf([2, 3]))
Hours = NewType("Hours", int, validate=validate.Range(min=0))
StaffStatus = NewType("StaffStatus", str, validate=validate.OneOf(["active", "left"]))


def nullable() -> Any:
    """A field every producer sends, whose value may be null."""
    return field(metadata={"required": True})


payload = dataclass(frozen=True, kw_only=True)


@payload
class TeamCreated:
    team_id: Id
    name: str
    service: str
    organisation: str
    service_id: Id | None = None
    organisation_id: Id | None = None


@payload
class TeamUpdated(TeamCreated):
    changed: list[str]


@payload
class StaffSnapshot:
    """identity.staff.registered / reinstated: the whole record of a person."""

    staff_id: Id
    employee_number: str
    name: str
    email: Email
    team_id: Id | None = nullable()
    grade: str | None = nullable()
    line_manager_id: Id | None = nullable()
    senior_manager_id: Id | None = nullable()
    status: StaffStatus
    roles: list[RoleName]
    organisation_id: Id | None = None
    job_title: str | None = None
    start_date: date | None = None
    preferred_name: str | None = None  # contact details: sessions shows them to a supporting pair only
    phone: str | None = None


@payload
class StaffUpdated(StaffSnapshot):
    changed: list[str]


@payload
class StaffLeft:
    staff_id: Id
    left_on: date
    reason: str | None = None


@payload
class RoleGranted:
    staff_id: Id
    role: RoleName
    reason: str
    granted_by: Id | None = nullable()
    granted_at: Moment
    monthly_hours: Hours | None = None


@payload
class RoleRevoked:
    staff_id: Id
    role: RoleName
    reason: str
    revoked_by: Id | None = nullable()
    revoked_at: Moment
    # suspended / withdrawn (by a coordinator) or left (with the person); absent from older producers.
    ending: str | None = None


@payload
class DelegationGranted:
    """A temporary manager stands in for a manager between two dates (both included)."""

    delegation_id: Id
    manager_id: Id
    delegate_id: Id
    starts_on: date
    ends_on: date
    granted_by: Id | None = nullable()
    reason: str | None = None


@payload
class DelegationEnded:
    """A delegation ended before its last day (or was cancelled before its first): no longer in force."""

    delegation_id: Id
    manager_id: Id
    delegate_id: Id
    ended_at: Moment
    reason: str
    ended_by: Id | None = None


@payload
class PasswordResetRequested:
    """For notifications to email; the link holds a single-use secret, so it is never logged."""

    staff_id: Id
    name: str
    email: Email
    reset_url: str
    expires_at: Moment


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
class SupporterActivated:
    supporter_id: Id
    monthly_capacity: Hours


@payload
class RequestAllocated:
    request_id: Id
    requester_id: Id
    supporter_id: Id
    mode: str
    allocated_at: Moment


@payload
class RequestWaiting:
    request_id: Id
    requester_id: Id
    reason: str


@payload
class RequestAccepted:
    """The requester accepted their supporter."""

    request_id: Id
    requester_id: Id
    supporter_id: Id
    accepted_at: Moment


@payload
class RequestHandedBack:
    """The supporter handed the case back (their reason stays in sessions); `supporter_id` is who
    has it now, null while it waits."""

    request_id: Id
    requester_id: Id
    previous_supporter_id: Id
    supporter_id: Id | None = nullable()
    handed_back_at: Moment


@payload
class RequestReallocated:
    """A case moved away from its supporter: `cause` is `requester_asked`, `coordinator` or
    `line_authority`; `supporter_id` is who has it now, null while it waits."""

    request_id: Id
    requester_id: Id
    previous_supporter_id: Id
    supporter_id: Id | None = nullable()
    cause: str
    reallocated_at: Moment


@payload
class RequestWaitingTooLong:
    """A request has waited past the alert time (told once per request)."""

    request_id: Id
    requester_id: Id
    waiting_since: Moment


@payload
class ReferralSuggested:
    """A supporter suggested more specialised support: the parties and whether it is urgent
    (the coordinators are alerted at once). Never the service or the reason: they stay in sessions."""

    referral_id: Id
    request_id: Id
    requester_id: Id
    supporter_id: Id
    urgent: bool
    suggested_at: Moment


@payload
class ReferralDecided:
    """A referral moved on: `decision` is the state it is now in (consented, refused, made, accepted,
    declined or closed); `decided_by` one of the parties or a coordinator; `supporter_id` whoever supports
    the person now (null while their request waits). Nothing of its content."""

    referral_id: Id
    request_id: Id
    requester_id: Id
    supporter_id: Id | None = nullable()
    decision: str
    decided_by: Id
    decided_at: Moment


@payload
class ConversationBooked:
    """sessions.conversation.booked: for its two parties, who both see where and when they meet."""

    conversation_id: Id
    request_id: Id
    requester_id: Id
    supporter_id: Id
    starts_at: Moment
    ends_at: Moment
    mode: str
    link: str | None = nullable()
    room: str | None = nullable()


@payload
class ConversationRescheduled(ConversationBooked):
    """Moved to `starts_at`; the reason given stays in sessions."""

    previous_starts_at: Moment
    reschedules: int


@payload
class ConversationCancelled:
    """`late` when cancelled inside 24 hours of the start; the reason given stays in sessions."""

    conversation_id: Id
    request_id: Id
    requester_id: Id
    supporter_id: Id
    starts_at: Moment
    cancelled_by: Id
    late: bool


@payload
class ConversationAttended:
    conversation_id: Id
    request_id: Id
    requester_id: Id
    supporter_id: Id
    starts_at: Moment


@payload
class FeedbackInvited:
    """For the requester alone: `feedback_url` holds a single-use secret of which sessions keeps only the
    hash. Nothing names the conversation or the supporter."""

    requester_id: Id
    feedback_url: str
    respond_by: date


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
