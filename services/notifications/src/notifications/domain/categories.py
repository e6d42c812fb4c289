"""What each kind of message is about: the category a person sets their channels and quiet hours by.

Anyone adding a kind of message adds its row to KIND_CATEGORY (a test reads every template for one).
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    SUPPORT = "support"
    SESSIONS = "sessions"
    TRAINING = "training"
    REMINDERS = "reminders"
    ACCOUNT = "account"


KIND_CATEGORY: dict[str, Category] = {
    # support: the journey of a request, referrals; the texts are neutral, the category is not shown
    "request_allocated_requester": Category.SUPPORT,
    "request_allocated_supporter": Category.SUPPORT,
    "request_accepted_supporter": Category.SUPPORT,
    "request_moved_supporter": Category.SUPPORT,
    "request_waiting": Category.SUPPORT,
    "request_waiting_requester": Category.SUPPORT,
    "request_waiting_too_long": Category.SUPPORT,
    "referral_suggested": Category.SUPPORT,
    "referral_decided": Category.SUPPORT,
    "referral_urgent": Category.SUPPORT,
    "referral_answered": Category.SUPPORT,
    "referral_made_for_safeguarding": Category.SUPPORT,
    "referral_made_for_safeguarding_supporter": Category.SUPPORT,
    # sessions: conversations offered (and withdrawn), booked, moved, cancelled, and the feedback after them
    "meeting_times_offered": Category.SESSIONS,
    "meeting_times_withdrawn": Category.SESSIONS,
    "meeting_booked": Category.SESSIONS,
    "meeting_moved": Category.SESSIONS,
    "meeting_cancelled": Category.SESSIONS,
    "feedback_invited": Category.SESSIONS,
    # sessions: reflective practice (group sessions, supervision) and wellbeing reviews
    "group_session_booked": Category.SESSIONS,
    "group_session_promoted": Category.SESSIONS,
    "group_session_passed_over": Category.SESSIONS,
    "group_session_changed": Category.SESSIONS,
    "group_session_cancelled": Category.SESSIONS,
    "supervision_overdue": Category.SESSIONS,
    "wellbeing_review_scheduled": Category.SESSIONS,
    "wellbeing_review_cancelled": Category.SESSIONS,
    # training
    "training_level1_recorded": Category.TRAINING,
    "training_level1_rejected": Category.TRAINING,
    "training_nomination_approved": Category.TRAINING,
    "training_nomination_refused": Category.TRAINING,
    "training_nomination_expired": Category.TRAINING,
    "training_nomination_reminder": Category.TRAINING,
    "training_place_promoted": Category.TRAINING,
    "training_place_booked": Category.TRAINING,
    "training_level1_imported": Category.TRAINING,
    "training_place_waitlisted": Category.TRAINING,
    "training_refresher_due": Category.TRAINING,
    "training_certification_lapsed": Category.TRAINING,
    "training_certification_renewed": Category.TRAINING,
    "training_nomination_awaiting": Category.TRAINING,
    "training_cohort_cancelled": Category.TRAINING,
    "training_cohort_rescheduled": Category.TRAINING,
    # account: roles and sign-in
    "role_granted": Category.ACCOUNT,
    "role_ended": Category.ACCOUNT,
    "role_ended_manager": Category.ACCOUNT,
    "delegation_granted": Category.ACCOUNT,
    "delegation_started": Category.ACCOUNT,
    "delegation_ended": Category.ACCOUNT,
    "peer_supporter_granted": Category.ACCOUNT,
    "peer_supporter_granted_manager": Category.ACCOUNT,
    "supporter_hours_changed": Category.ACCOUNT,
    "supporter_hours_changed_manager": Category.ACCOUNT,
    "supporter_hours_raise_awaiting": Category.ACCOUNT,
    "supporter_hours_raise_declined": Category.ACCOUNT,
    "password_reset": Category.ACCOUNT,
    "staff_welcomed": Category.ACCOUNT,
}

# Kinds added later by name pattern: every reminder (before a conversation, a course day...) is one.
REMINDER_PREFIX = "reminder_"


def category_of(kind: str) -> Category:
    """The kind's category; an unknown kind is a programming error, caught by the template test."""
    if kind in KIND_CATEGORY:
        return KIND_CATEGORY[kind]
    if kind.startswith(REMINDER_PREFIX) or kind.endswith("_reminder"):
        return Category.REMINDERS
    raise KeyError(f"no category for the kind of message {kind!r}: add it to KIND_CATEGORY")


# Conversations are between a colleague and their supporter: that one is booked, or reminded of, says the
# person is in the support journey as surely as the support category does.
CONVERSATION_KINDS = frozenset({"meeting_times_offered", "meeting_booked", "meeting_moved", "meeting_cancelled",
                                "feedback_invited", "reminder_meeting"})


def tells_of_support(kind: str | None) -> bool:
    """Whether a message of this kind says its recipient is asking for, or giving, peer support."""
    return kind is not None and (kind in CONVERSATION_KINDS or KIND_CATEGORY.get(kind) == Category.SUPPORT)
