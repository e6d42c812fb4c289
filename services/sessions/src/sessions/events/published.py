"""The events sessions publishes, built from its domain objects (payloads in psn_shared's contracts)."""

from __future__ import annotations

from psn_shared.events import NewEvent
from psn_shared.events.contracts import RequestAllocated, RequestWaiting, SupporterActivated
from sessions.domain.model import SupporterProfile, SupportRequest


def supporter_activated(profile: SupporterProfile) -> NewEvent:
    """The supporter has become allocatable (each time they do)."""
    return NewEvent("sessions.supporter.activated", SupporterActivated(
        supporter_id=profile.staff_id, monthly_capacity=profile.monthly_capacity,
    ), subject=profile.staff_id)


def request_allocated(request: SupportRequest) -> NewEvent:
    """Ids, mode and time only: a request's details, scope and urgency never leave sessions."""
    return NewEvent("sessions.request.allocated", RequestAllocated(
        request_id=request.id, requester_id=request.requester_id, supporter_id=request.supporter_id,
        mode=request.mode, allocated_at=request.allocated_at,
    ), subject=request.id)


def request_waiting(request: SupportRequest) -> NewEvent:
    return NewEvent("sessions.request.waiting", RequestWaiting(
        request_id=request.id, requester_id=request.requester_id, reason=request.waiting_reason,
    ), subject=request.id)
