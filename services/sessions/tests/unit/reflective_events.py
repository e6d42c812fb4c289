"""The reflective-practice events (group sessions, supervision, wellbeing reviews), built from domain
objects, for test_published's catalogue check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from psn_shared.events import NewEvent
from sessions.domain.model import SupporterProfile
from sessions.domain.reflective import Audience, GroupSession, Place
from sessions.domain.wellbeing import WellbeingReview
from sessions.events import published

NOW = datetime(2027, 3, 20, 12, tzinfo=UTC)
FACILITATOR = "5a1b2c3d-0000-4000-8000-00000000000f"
SUE, ANN = "5a1b2c3d-0000-4000-8000-000000000001", "5a1b2c3d-0000-4000-8000-000000000002"


def session() -> GroupSession:
    starts = NOW + timedelta(days=10)
    found = GroupSession.create(
        facilitator_id=FACILITATOR, theme="Working with uncertainty", starts_at=starts,
        ends_at=starts + timedelta(minutes=90), capacity=1, audience=Audience.EVERYONE,
        place=Place.checked("https://meet.example/reflect", None), at=NOW)
    found.book(SUE, NOW)
    found.book(ANN, NOW)
    return found


def review() -> WellbeingReview:
    starts = NOW + timedelta(days=5)
    return WellbeingReview.schedule(staff_id=ANN, reviewer_id=SUE, times=(starts, starts + timedelta(hours=1)),
                                    place=Place.checked(None, "Room 2"), by=ANN, at=NOW)


def _promoted() -> NewEvent:
    found = session()
    found.cancel_booking(SUE, NOW)
    (booking,) = found.fill_places(NOW, lambda staff_id: True).promoted
    return published.group_session_promoted(found, booking)


def _passed_over() -> NewEvent:
    found = session()
    found.cancel_booking(SUE, NOW)
    (booking,) = found.fill_places(NOW, lambda staff_id: False).passed_over
    return published.group_session_passed_over(found, booking)


def _cancelled() -> NewEvent:
    found = session()
    found.cancel(FACILITATOR, NOW)
    return published.group_session_cancelled(found)


def _moved_review() -> NewEvent:
    found = review()
    previous = found.move((NOW + timedelta(days=6), NOW + timedelta(days=6, hours=1)), None, NOW)
    return published.wellbeing_review_scheduled(found, previous)


def _cancelled_review() -> NewEvent:
    found = review()
    found.cancel(ANN, NOW)
    return published.wellbeing_review_cancelled(found)


REFLECTIVE_CASES: dict[str, Callable[[], NewEvent]] = {
    "group_session_booked": lambda: published.group_session_booked(session(), session().bookings[1]),
    "group_session_promoted": _promoted,
    "group_session_passed_over": _passed_over,
    "group_session_changed": lambda: published.group_session_changed(session(), NOW + timedelta(days=9)),
    "group_session_cancelled": _cancelled,
    "group_session_reminded": lambda: published.group_session_reminded(session(), session().bookings[0]),
    "supervision_overdue": lambda: published.supervision_overdue(
        SupporterProfile.granted(SUE, monthly_hours=2, at=NOW - timedelta(days=120)), NOW - timedelta(days=30)),
    "wellbeing_review_scheduled": _moved_review,
    "wellbeing_review_cancelled": _cancelled_review,
    "wellbeing_review_reminded": lambda: published.wellbeing_review_reminded(review()),
}
