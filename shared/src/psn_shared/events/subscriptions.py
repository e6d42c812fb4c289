"""Which service consumes which event types: the one place the wiring is written.

Every relay declares the whole topology from this table on connect, so an event published
before its consumer has ever started still waits in that consumer's queue. Each service's
consumer binds exactly its row, and a test checks that its handlers match it.
"""

from __future__ import annotations

SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "identity": ("training.level.completed",),
    "training": (
        "identity.team.created",
        "identity.team.updated",
        "identity.staff.registered",
        "identity.staff.updated",
        "identity.staff.reinstated",
        "identity.staff.left",
        "identity.role.granted",
        "identity.role.revoked",
        "identity.delegation.granted",
        "identity.delegation.ended",
    ),
    "sessions": (
        "identity.staff.registered",
        "identity.staff.updated",
        "identity.staff.reinstated",
        "identity.staff.left",
        "identity.role.granted",
        "identity.role.revoked",
        "training.certification.lapsed",
        "training.certification.renewed",
        "identity.delegation.granted",
        "identity.delegation.ended",
    ),
    "notifications": (
        "identity.staff.registered",
        "identity.staff.updated",
        "identity.staff.reinstated",
        "identity.password_reset.requested",
        "identity.staff.left",
        "identity.role.granted",
        "identity.role.revoked",
        "sessions.request.allocated",
        "sessions.request.waiting",
        "sessions.conversation.booked",
        "sessions.conversation.rescheduled",
        "sessions.conversation.cancelled",
        "sessions.feedback.invited",
        "sessions.referral.suggested",
        "sessions.referral.decided",
        "sessions.request.accepted",
        "sessions.request.handed_back",
        "sessions.request.reallocated",
        "sessions.request.waiting_too_long",
        "training.nomination.approved",
        "training.nomination.refused",
        "training.nomination.expired",
        "training.nomination.reminded",
        "training.place.promoted",
        "training.refresher.due",
        "training.certification.lapsed",
    ),
}
