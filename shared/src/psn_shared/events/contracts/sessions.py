"""The payloads sessions publishes: supporters, requests, conversations, feedback, referrals."""

from __future__ import annotations

from dataclasses import field
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
    """A case moved away from its supporter: `cause` is `requester_asked`, `coordinator`,
    `line_authority` or `supporter_withdrawn` (the supporter left, or is no longer a peer supporter);
    `supporter_id` is who has it now, null while it waits."""

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
    the person now (null while their request waits); `safeguarding` when a coordinator made it without the
    person's consent. Nothing of its content."""

    referral_id: Id
    request_id: Id
    requester_id: Id
    supporter_id: Id | None = nullable()
    decision: str
    decided_by: Id
    decided_at: Moment
    safeguarding: bool = False


@payload
class OfferedTime:
    """One of the times offered, its start and end in UTC."""

    starts_at: Moment
    ends_at: Moment


@payload
class ConversationProposed:
    """sessions.conversation.proposed: times offered for a conversation, first or in answer to the other
    person's, for whoever did not offer them (`proposed_by` is who did) to choose one; where they meet
    (link, room) is told once one is booked."""

    conversation_id: Id
    request_id: Id
    requester_id: Id
    supporter_id: Id
    proposed_by: Id
    times: list[OfferedTime]
    mode: str


@payload
class ConversationWithdrawn:
    """sessions.conversation.withdrawn: times offered that are no longer open, called off by `withdrawn_by`
    (whoever offered them, or the one asked to choose); the reason given stays in sessions."""

    conversation_id: Id
    request_id: Id
    requester_id: Id
    supporter_id: Id
    proposed_by: Id
    withdrawn_by: Id


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
class GroupSessionBooked:
    """sessions.group_session.booked: a member of staff booked themselves on a reflective group session,
    with a place or (`waiting`) on its waiting list. When and where, never the theme nor who else comes."""

    session_id: Id
    series_id: Id | None = nullable()
    staff_id: Id
    waiting: bool
    starts_at: Moment
    ends_at: Moment
    link: str | None = nullable()
    room: str | None = nullable()


@payload
class GroupSessionPassedOver:
    """sessions.group_session.passed_over: a place came free when it was this person's turn on the waiting list,
    but they had something else booked then; the place went on down the list and they are off it."""

    session_id: Id
    series_id: Id | None = nullable()
    staff_id: Id
    starts_at: Moment
    ends_at: Moment


@payload
class GroupSessionPromoted:
    """sessions.group_session.promoted: a place came free and the first on the waiting list has it now."""

    session_id: Id
    series_id: Id | None = nullable()
    staff_id: Id
    starts_at: Moment
    ends_at: Moment
    link: str | None = nullable()
    room: str | None = nullable()


@payload
class GroupSessionChanged:
    """sessions.group_session.changed: moved or its link or room changed; for everyone booked or waiting
    (`staff_ids`), each told once. `sequence` rises with every change (the calendar's SEQUENCE).
    `waiting_ids`, those of them on the waiting list, are not told the link: it is a place's, so a change of
    link alone is not theirs to hear (`previous_room` tells it from a change of room, or between a room and video).
    """

    session_id: Id
    series_id: Id | None = nullable()
    staff_ids: list[Id]
    starts_at: Moment
    ends_at: Moment
    previous_starts_at: Moment
    link: str | None = nullable()
    room: str | None = nullable()
    sequence: int
    waiting_ids: list[Id] = field(default_factory=list)
    previous_room: str | None = None  # optional: the room before the change (None: by video, or not sent)


@payload
class GroupSessionCancelled:
    """sessions.group_session.cancelled: the facilitator called it off; everyone booked or waiting
    (`staff_ids`) is told."""

    session_id: Id
    series_id: Id | None = nullable()
    staff_ids: list[Id]
    starts_at: Moment
    cancelled_by: Id


@payload
class GroupSessionReminded:
    """sessions.group_session.reminded: a reminder, once, to someone with a place, the day before."""

    session_id: Id
    staff_id: Id
    starts_at: Moment
    ends_at: Moment
    link: str | None = nullable()
    room: str | None = nullable()


@payload
class SupervisionOverdue:
    """sessions.supervision.overdue: a peer supporter has had no supervision (a supervision session
    attended) within the interval; told once per overdue spell. `last_supervised_at` null when never."""

    supporter_id: Id
    last_supervised_at: Moment | None = nullable()
    overdue_since: Moment


@payload
class WellbeingReviewScheduled:
    """sessions.wellbeing_review.scheduled: an annual wellbeing review arranged (or, with
    `previous_starts_at`, moved), for the member of staff and the reviewer they chose or their manager."""

    review_id: Id
    staff_id: Id
    reviewer_id: Id
    starts_at: Moment
    ends_at: Moment
    link: str | None = nullable()
    room: str | None = nullable()
    previous_starts_at: Moment | None = nullable()
    sequence: int


@payload
class WellbeingReviewCancelled:
    review_id: Id
    staff_id: Id
    reviewer_id: Id
    starts_at: Moment
    cancelled_by: Id


@payload
class WellbeingReviewReminded:
    """sessions.wellbeing_review.reminded: a reminder, once, to both, the day before."""

    review_id: Id
    staff_id: Id
    reviewer_id: Id
    starts_at: Moment
    ends_at: Moment
    link: str | None = nullable()
    room: str | None = nullable()
