"""The payloads sessions publishes: supporters, requests, conversations, feedback, referrals."""

from __future__ import annotations

from datetime import date

from psn_shared.events.contracts.types import Hours, Id, Moment, nullable, payload


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
