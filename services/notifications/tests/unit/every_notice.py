"""One notice of every kind, built by the domain as events build them: what the template tests render.

A test checks that these cover every template file, so a new kind of message is rendered here
(in English and Welsh, and read for discretion) as soon as it exists.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from notifications.domain import (
    conversation_notices,
    journey_notices,
    notices,
    referral_notices,
    reflective_notices,
    reminder_notices,
)
from notifications.domain.model import StaffCopy

AT = datetime(2026, 11, 1, 9, tzinfo=UTC)
ann = StaffCopy(staff_id="id-ann", name="Ann Smith", email="ann@psn.test", as_of=AT)
boss = StaffCopy(staff_id="id-boss", name="Bea Boss", email="bea@psn.test", as_of=AT)
rita = StaffCopy(staff_id="id-rita", name="Rita Requester", email="rita@psn.test", as_of=AT)
STARTS = datetime(2027, 3, 30, 9, tzinfo=UTC)
ENDS = datetime(2027, 3, 30, 16, 30, tzinfo=UTC)
DAYS = [{"starts_at": STARTS.isoformat(), "ends_at": ENDS.isoformat(), "mode": "in_person", "link": None,
         "room": "Education Centre, Royal Gwent"},
        {"starts_at": (STARTS + timedelta(days=7)).isoformat(), "ends_at": (ENDS + timedelta(days=7)).isoformat(),
         "mode": "video", "link": "https://meet.test/course", "room": None}]
OFFERED = [{"starts_at": STARTS.isoformat(), "ends_at": (STARTS + timedelta(hours=1)).isoformat()},
           {"starts_at": (STARTS + timedelta(days=1)).isoformat(),
            "ends_at": (STARTS + timedelta(days=1, minutes=45)).isoformat()}]
PASSWORD_RESET = ("password_reset", {"name": "Ann Smith", "reset_url": "https://psn.test/reset#t",
                                     "expires_at": AT.isoformat()})
WELCOME = ("staff_welcomed", {"name": "Nia Newcomer", "set_password_url": "https://psn.test/reset#t",
                              "expires_at": AT.isoformat()})

EVERY_NOTICE: list[notices.Notice] = [
    *notices.role_granted(ann, "peer_supporter", 4, boss),
    *notices.role_granted(ann, "trainer", None, boss),
    *notices.role_ended(ann, "peer_supporter", "suspended", boss),
    *notices.role_ended(ann, "peer_supporter", "withdrawn", boss),
    *notices.role_ended(ann, "wellbeing_champion", "left_team", boss),
    *notices.supporter_hours_changed(ann, [boss], 3),
    *notices.supporter_hours_raise_awaiting([boss], ann, 6, 4),
    *notices.supporter_hours_raise_declined(boss, ann, 6, 4),
    *notices.request_allocated(rita, ann, "video"),
    *notices.request_waiting([boss], rita.staff_id, "req-1", "no supporter has capacity"),
    *notices.nomination_approved(ann, 2, "waiting_list", 4),
    *notices.nomination_refused(ann, 2, "short-staffed this quarter"),
    *notices.level1_claim_decided(ann, "verified", "2026-10-01", None),
    *notices.delegation_granted(ann, boss, "2026-11-02", "2026-11-13"),
    *notices.delegation_ended(ann, boss),
    *notices.delegation_started(ann, boss, "2026-11-13", 0),
    *notices.delegation_started(ann, boss, "2026-11-13", 1),
    *notices.delegation_started(ann, boss, "2026-11-13", 3),
    *notices.level1_claim_decided(ann, "rejected", "2026-10-01", "the certificate names someone else"),
    *notices.nomination_expired(ann, 3),
    *notices.nomination_reminder(boss, [], ann, 2, "senior_manager"),
    *notices.nomination_reminder(boss, [rita], ann, 2, "line_manager"),
    *notices.place_promoted(ann, 2, "Spring 2027", "2027-04-12"),
    *notices.refresher_due(ann, 2, "2027-05-01"),
    *notices.certification_lapsed(ann, 2),
    *journey_notices.request_accepted(ann),
    *journey_notices.request_reallocated(ann, rita, "coordinator", now_waiting=True),
    *journey_notices.request_waiting_too_long([boss], rita.staff_id, "req-1", AT),
    *referral_notices.referral_suggested(rita),
    *referral_notices.urgent_referral([boss], rita.staff_id, "req-1", "ref-1"),
    *referral_notices.referral_decided(ann, "consented", "ref-1"),
    *referral_notices.referral_answered(rita, "accepted", "ref-1"),
    *referral_notices.referral_answered(rita, "declined", "ref-1"),
    *referral_notices.made_for_safeguarding(rita, ann, "ref-1"),
    *conversation_notices.times_offered(rita, ann, ann.staff_id, OFFERED[:1], "video"),
    *conversation_notices.times_offered(rita, ann, rita.staff_id, OFFERED, "in_person"),
    *conversation_notices.times_withdrawn(rita, ann, ann.staff_id, ann.staff_id),
    *conversation_notices.times_withdrawn(rita, ann, ann.staff_id, rita.staff_id),
    *conversation_notices.conversation_booked(rita, ann, STARTS, "in_person", None, "Room 4"),
    *conversation_notices.conversation_rescheduled(rita, ann, STARTS, AT, "video", "https://meet.test/x", None),
    *conversation_notices.conversation_cancelled(rita, ann, STARTS, ann.staff_id, AT),
    *conversation_notices.feedback_invited(rita, "https://psn.test/feedback#t", date(2027, 4, 13)),
    *notices.nomination_awaiting_decision(boss, [ann], rita, 2, "senior_manager", 6, True),
    *notices.certification_renewed(ann, 2, "2029-03-31"),
    *notices.cohort_cancelled(ann, 2, "Spring 2027"),
    *notices.cohort_rescheduled(ann, 2, "Spring 2027", DAYS),
    *notices.place_booked(ann, 2, "Spring 2027", DAYS),
    *notices.place_waitlisted(ann, 2, "Spring 2027", "2027-03-01"),
    *notices.level1_imported(ann, date(2026, 10, 1), date(2026, 10, 8)),
    *reflective_notices.group_session_booked(ann, True, STARTS, ENDS, None, "Room 2"),
    *reflective_notices.group_session_promoted(ann, STARTS, ENDS, "https://meet.test/g", None),
    *reflective_notices.group_session_passed_over(ann, STARTS, ENDS),
    *reflective_notices.group_session_changed([ann, rita], STARTS, ENDS, AT, None, "Room 2"),
    *reflective_notices.group_session_cancelled([ann, rita], STARTS, boss.staff_id),
    *reflective_notices.supervision_overdue(ann, AT),
    *reflective_notices.wellbeing_review_scheduled(rita, boss, STARTS, ENDS, None, "Room 2", AT),
    *reflective_notices.wellbeing_review_cancelled(rita, boss, STARTS, rita.staff_id, AT),
    *reminder_notices.meeting(rita, ann, "c-1", STARTS, timedelta(hours=1), "phone", None, None),
    *reminder_notices.course_day(ann, "k-1", 2, "Spring 2027", STARTS, ENDS, "Education Centre", None),
    *reminder_notices.group_session(ann, "g-1", STARTS, ENDS, "https://meet.test/g", None),
    *reminder_notices.wellbeing_review(rita, boss, "w-1", STARTS, None, "Room 2"),
]


def every_kind_and_context() -> list[tuple[str, dict]]:
    """(kind, context) for every notice above, and the password reset (email only, not a Notice)."""
    return [(n.kind, n.context) for n in EVERY_NOTICE] + [PASSWORD_RESET, WELCOME]
