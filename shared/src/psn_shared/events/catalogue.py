"""Every event type in the system, each with a versioned marshmallow schema for its data.

Routing key = event type, past tense, `<service>.<entity>.<verb>`. Schemas EXCLUDE unknown
fields, so a producer may add an optional field without breaking older consumers; anything
else is a new version.
"""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate


class UnknownEventType(KeyError):
    def __str__(self) -> str:
        return f"unknown event type {self.args[0]!r}"


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ValidationError("Not a valid UUID.") from None
    return True


def Id(**kwargs: Any) -> fields.String:  # noqa: N802 - reads as a field type
    return fields.String(validate=_is_uuid, **kwargs)


ROLES = (
    "staff",
    "line_manager",
    "senior_manager",
    "peer_supporter",
    "trainer",
    "wellbeing_champion",
    "facilitator",
    "coordinator",
    "admin",
)


class EventData(Schema):
    class Meta:
        unknown = EXCLUDE


class TeamCreated(EventData):
    team_id = Id(required=True)
    name = fields.String(required=True)
    service = fields.String(required=True)
    organisation = fields.String(required=True)
    service_id = Id(load_default=None, allow_none=True)
    organisation_id = Id(load_default=None, allow_none=True)


class TeamUpdated(TeamCreated):
    changed = fields.List(fields.String(), required=True)


class StaffSnapshot(EventData):
    staff_id = Id(required=True)
    employee_number = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.Email(required=True)
    team_id = Id(required=True, allow_none=True)
    grade = fields.String(required=True, allow_none=True)
    line_manager_id = Id(required=True, allow_none=True)
    senior_manager_id = Id(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(["active", "left"]))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True)
    organisation_id = Id(load_default=None, allow_none=True)
    job_title = fields.String(load_default=None, allow_none=True)
    start_date = fields.Date(load_default=None, allow_none=True)


class StaffUpdated(StaffSnapshot):
    changed = fields.List(fields.String(), required=True)


class StaffLeft(EventData):
    staff_id = Id(required=True)
    left_on = fields.Date(required=True)
    reason = fields.String(load_default=None, allow_none=True)


class RoleGranted(EventData):
    staff_id = Id(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    reason = fields.String(required=True)
    granted_by = Id(required=True, allow_none=True)
    granted_at = fields.AwareDateTime(required=True)
    monthly_hours = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))


class RoleRevoked(EventData):
    staff_id = Id(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    reason = fields.String(required=True)
    revoked_by = Id(required=True, allow_none=True)
    revoked_at = fields.AwareDateTime(required=True)
    # suspended / withdrawn (by a coordinator) or left (with the person); absent from older producers.
    ending = fields.String(load_default=None, allow_none=True)


class DelegationGranted(EventData):
    """A temporary manager stands in for a manager between two dates (both included)."""

    delegation_id = Id(required=True)
    manager_id = Id(required=True)
    delegate_id = Id(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    granted_by = Id(required=True, allow_none=True)
    reason = fields.String(load_default=None, allow_none=True)


class DelegationEnded(EventData):
    """A delegation ended before its last day (or was cancelled before its first): no longer in force."""

    delegation_id = Id(required=True)
    manager_id = Id(required=True)
    delegate_id = Id(required=True)
    ended_at = fields.AwareDateTime(required=True)
    reason = fields.String(required=True)
    ended_by = Id(load_default=None, allow_none=True)


class PasswordResetRequested(EventData):
    """For notifications to email; the link holds a single-use secret, so it is never logged."""

    staff_id = Id(required=True)
    name = fields.String(required=True)
    email = fields.Email(required=True)
    reset_url = fields.String(required=True)
    expires_at = fields.AwareDateTime(required=True)


class Approval(EventData):
    approver_id = Id(required=True)
    capacity = fields.String(required=True, validate=validate.OneOf(["line_manager", "senior_manager"]))
    monthly_hours = fields.Integer(required=True, validate=validate.Range(min=0))
    approved_at = fields.AwareDateTime(required=True)


class LevelCompleted(EventData):
    staff_id = Id(required=True)
    level = fields.Integer(required=True, validate=validate.OneOf([1, 2, 3]))
    completed_on = fields.Date(required=True)
    cohort_id = Id(load_default=None, allow_none=True)
    monthly_hours = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    approvals = fields.List(fields.Nested(Approval), load_default=list)


class SupporterActivated(EventData):
    supporter_id = Id(required=True)
    monthly_capacity = fields.Integer(required=True, validate=validate.Range(min=0))


class RequestAllocated(EventData):
    request_id = Id(required=True)
    requester_id = Id(required=True)
    supporter_id = Id(required=True)
    mode = fields.String(required=True)
    allocated_at = fields.AwareDateTime(required=True)


class RequestWaiting(EventData):
    request_id = Id(required=True)
    requester_id = Id(required=True)
    reason = fields.String(required=True)


class NominationOutcome(EventData):
    """training.nomination.approved / refused / expired: where a nomination ended up, for the nominee."""

    nomination_id = Id(required=True)
    nominee_id = Id(required=True)
    level = fields.Integer(required=True, validate=validate.OneOf([2, 3]))
    status = fields.String(required=True)
    cohort_id = Id(load_default=None, allow_none=True)
    decided_by = Id(load_default=None, allow_none=True)
    reason = fields.String(load_default=None, allow_none=True)
    monthly_hours = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))


class NominationReminded(EventData):
    nomination_id = Id(required=True)
    nominee_id = Id(required=True)
    approver_id = Id(required=True)
    capacity = fields.String(required=True, validate=validate.OneOf(["line_manager", "senior_manager"]))
    level = fields.Integer(required=True, validate=validate.OneOf([2, 3]))
    waiting_since = fields.AwareDateTime(required=True)


class PlacePromoted(EventData):
    """Someone moved from a cohort's waiting list onto a place on it."""

    staff_id = Id(required=True)
    nomination_id = Id(required=True)
    cohort_id = Id(required=True)
    cohort_name = fields.String(required=True)
    level = fields.Integer(required=True, validate=validate.OneOf([2, 3]))
    first_day = fields.Date(required=True)


class Certification(EventData):
    """training.refresher.due / certification.lapsed / certification.renewed."""

    staff_id = Id(required=True)
    level = fields.Integer(required=True, validate=validate.OneOf([2, 3]))
    certificate_id = Id(required=True)
    expires_on = fields.Date(required=True)


class EventType:
    """One event type: its name (the routing key), its version and the schema of its data."""

    def __init__(self, name: str, version: int, schema: type[Schema]) -> None:
        self.name = name
        self.version = version
        # One instance, reused: building a marshmallow schema costs more than using it.
        self._schema = schema()

    @property
    def schema_uri(self) -> str:
        return f"urn:psn:event:{self.name}:v{self.version}"

    def load(self, wire: Any) -> dict[str, Any]:
        """Wire JSON -> Python values; raises ValidationError when off-schema."""
        return self._schema.load(wire)

    def dump(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._schema.dump(data)


class Catalogue:
    def __init__(self, *types: EventType) -> None:
        self._types = {t.name: t for t in types}

    def get(self, name: str) -> EventType:
        try:
            return self._types[name]
        except KeyError:
            raise UnknownEventType(name) from None

    def names(self) -> list[str]:
        return sorted(self._types)


CATALOGUE = Catalogue(
    EventType("identity.team.created", 1, TeamCreated),
    EventType("identity.staff.registered", 1, StaffSnapshot),
    EventType("identity.staff.updated", 1, StaffUpdated),
    EventType("identity.staff.left", 1, StaffLeft),
    EventType("identity.staff.reinstated", 1, StaffSnapshot),
    EventType("identity.team.updated", 1, TeamUpdated),
    EventType("identity.password_reset.requested", 1, PasswordResetRequested),
    EventType("identity.role.granted", 1, RoleGranted),
    EventType("identity.role.revoked", 1, RoleRevoked),
    EventType("identity.delegation.granted", 1, DelegationGranted),
    EventType("identity.delegation.ended", 1, DelegationEnded),
    EventType("training.level.completed", 1, LevelCompleted),
    EventType("training.nomination.approved", 1, NominationOutcome),
    EventType("training.nomination.refused", 1, NominationOutcome),
    EventType("training.nomination.expired", 1, NominationOutcome),
    EventType("training.nomination.reminded", 1, NominationReminded),
    EventType("training.place.promoted", 1, PlacePromoted),
    EventType("training.refresher.due", 1, Certification),
    EventType("training.certification.lapsed", 1, Certification),
    EventType("training.certification.renewed", 1, Certification),
    EventType("sessions.supporter.activated", 1, SupporterActivated),
    EventType("sessions.request.allocated", 1, RequestAllocated),
    EventType("sessions.request.waiting", 1, RequestWaiting),
)
