"""Group sessions, series, supervision and wellbeing reviews through the use cases, on the fakes: what changed,
what was published, whether it committed (and that a refusal commits nothing)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from psn_shared.roles import Role
from sessions.config import SessionsSettings
from sessions.domain.reflective import Audience
from sessions.service_layer import reflective, wellbeing
from sessions.service_layer.jobs import run_due_jobs

TEAM = str(uuid.uuid4())
SOON = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=3)
LINK = "https://meet.example/group"


def caller(staff_id: str, *roles: str) -> Principal:
    return Principal(staff_id=staff_id, roles=frozenset(("staff", *roles)))


def arrange(uow, facilitator: str, *, starts_at: datetime = SOON, capacity: int = 1,
            audience: Audience = Audience.EVERYONE):
    cmd = reflective.NewSession(theme="Reflecting together", starts_at=starts_at,
                                ends_at=starts_at + timedelta(hours=1), capacity=capacity, audience=audience, link=LINK)
    return reflective.create_session(cmd, caller(facilitator, Role.FACILITATOR), uow)


def types(uow, since: int = 0) -> list[str]:
    return [e.type for e in uow.published[since:]]


def test_booking_a_full_session_waits_and_cancelling_promotes_with_their_events(uow, identity):
    facilitator, ann, bob = identity.register(TEAM), identity.register(TEAM), identity.register(TEAM)
    session = arrange(uow, facilitator)
    reflective.book(session.id, caller(ann), uow)
    reflective.book(session.id, caller(bob), uow)
    first = len(uow.published)
    commits = uow.commits
    reflective.cancel_booking(session.id, caller(ann), uow)
    assert uow.commits == commits + 1
    assert types(uow, first) == ["sessions.group_session.promoted"]
    assert uow.published[-1].data.staff_id == bob


def test_a_promotion_passes_over_someone_busy_then(uow, identity):
    facilitator, other, ann, bob, cat = (identity.register(TEAM) for _ in range(5))
    session = arrange(uow, facilitator)
    reflective.book(session.id, caller(ann), uow)
    reflective.book(session.id, caller(bob), uow)
    reflective.book(session.id, caller(cat), uow)
    elsewhere = arrange(uow, other, starts_at=SOON + timedelta(minutes=30), capacity=5)
    reflective.book(elsewhere.id, caller(bob), uow)  # bob's hour is taken now
    first = len(uow.published)
    reflective.cancel_booking(session.id, caller(ann), uow)
    assert session.booking_of(cat).holds_place and not session.booking_of(bob).active
    assert [(e.type, e.data.staff_id) for e in uow.published[first:]] == [
        ("sessions.group_session.promoted", cat), ("sessions.group_session.passed_over", bob)]


def test_joining_the_waiting_list_while_busy_then_is_refused_naming_the_clash(uow, identity):
    facilitator, other, ann, bob = (identity.register(TEAM) for _ in range(4))
    session = arrange(uow, facilitator)
    reflective.book(session.id, caller(ann), uow)
    elsewhere = arrange(uow, other, starts_at=SOON + timedelta(minutes=30), capacity=5)
    reflective.book(elsewhere.id, caller(bob), uow)
    commits, published = uow.commits, len(uow.published)
    with pytest.raises(Conflict) as refused:
        reflective.book(session.id, caller(bob), uow)
    assert refused.value.field == "session_id" and "clashes with your group session" in str(refused.value)
    assert (uow.commits, len(uow.published), session.booking_of(bob)) == (commits, published, None)


def test_a_place_freed_while_the_only_one_waiting_is_busy_stays_free_with_nobody_waiting(uow, identity):
    """The reported case: Casey joined the waiting list, then took something else at that time."""
    facilitator, other, bethan, casey = (identity.register(TEAM) for _ in range(4))
    session = arrange(uow, facilitator)
    reflective.book(session.id, caller(bethan), uow)
    reflective.book(session.id, caller(casey), uow)
    elsewhere = arrange(uow, other, starts_at=SOON, capacity=5)
    reflective.book(elsewhere.id, caller(casey), uow)  # a place on the waiting list holds nothing
    reflective.cancel_booking(session.id, caller(bethan), uow)
    assert types(uow)[-1] == "sessions.group_session.passed_over"
    seen = reflective.session_view(session.id, caller(casey), uow)
    assert (seen["places_left"], seen["waiting"], seen["your_booking"]) == (1, 0, None)


def test_whether_a_session_is_open_to_the_caller_follows_its_audience(uow, identity):
    facilitator, nurse, supporter = identity.register(TEAM), identity.register(TEAM), identity.supporter(TEAM)
    supervision = arrange(uow, facilitator, audience=Audience.PEER_SUPPORTERS)
    assert reflective.session_view(supervision.id, caller(supporter), uow)["open_to_you"] is True
    assert reflective.session_view(supervision.id, caller(nurse), uow)["open_to_you"] is False
    listed = reflective.sessions_listing(caller(nurse), uow, series_id=None, limit=10, offset=0)
    assert [s["open_to_you"] for s in listed["items"]] == [False]


def test_a_refused_booking_commits_nothing(uow, identity):
    facilitator, nurse = identity.register(TEAM), identity.register(TEAM)
    session = arrange(uow, facilitator, audience=Audience.MIDDLE_MANAGERS)
    commits, published = uow.commits, len(uow.published)
    with pytest.raises(Forbidden):
        reflective.book(session.id, caller(nurse), uow)
    with pytest.raises(NotFound):
        reflective.book(str(uuid.uuid4()), caller(nurse), uow)
    with pytest.raises(InvalidInput):
        reflective.book(session.id, caller(facilitator), uow)
    assert (uow.commits, len(uow.published)) == (commits, published)
    assert session.bookings == []


def test_a_manager_is_in_the_middle_manager_audience(uow, identity):
    facilitator, manager = identity.register(TEAM), identity.register(TEAM)
    identity.register(TEAM, line_manager_id=manager)
    session = arrange(uow, facilitator, audience=Audience.MIDDLE_MANAGERS)
    _, booking = reflective.book(session.id, caller(manager), uow)
    assert booking.holds_place


def test_only_facilitators_and_trainers_arrange(uow, identity):
    someone = identity.register(TEAM)
    cmd = reflective.NewSession(theme="x", starts_at=SOON, ends_at=SOON + timedelta(hours=1), capacity=3,
                                audience=Audience.EVERYONE, link=LINK)
    with pytest.raises(Forbidden):
        reflective.create_session(cmd, caller(someone, Role.COORDINATOR), uow)
    assert reflective.create_session(cmd, caller(someone, Role.TRAINER), uow).facilitator_id == someone


def test_cancelling_tells_everyone_booked_or_waiting_once(uow, identity):
    facilitator, ann, bob = identity.register(TEAM), identity.register(TEAM), identity.register(TEAM)
    session = arrange(uow, facilitator)
    reflective.book(session.id, caller(ann), uow)
    reflective.book(session.id, caller(bob), uow)
    with pytest.raises(Forbidden):
        reflective.cancel_session(session.id, caller(ann), uow)
    reflective.cancel_session(session.id, caller(facilitator), uow)
    (cancelled,) = [e for e in uow.published if e.type == "sessions.group_session.cancelled"]
    assert sorted(cancelled.data.staff_ids) == sorted([ann, bob])
    with pytest.raises(Conflict):
        reflective.cancel_session(session.id, caller(facilitator), uow)


def test_a_series_makes_its_occurrences_and_the_due_jobs_none_twice_and_remind_once(uow, identity):
    facilitator, ann = identity.register(TEAM), identity.register(TEAM)
    first = SOON + timedelta(days=1)
    cmd = reflective.NewSeries(theme="Weekly debrief", rule="FREQ=WEEKLY", timezone="Europe/London",
                               first_starts_at=first, duration_minutes=60, capacity=5,
                               audience=Audience.EVERYONE, link=LINK)
    series, made = reflective.create_series(cmd, timedelta(days=28), caller(facilitator, Role.FACILITATOR), uow)
    assert len(made) == 4 and all(s.series_id == series.id for s in made)
    reflective.book(made[0].id, caller(ann), uow)
    settings = SessionsSettings.load()
    on_the_eve = made[0].starts_at - timedelta(hours=2)
    reports = [run_due_jobs(on_the_eve, settings, uow) for _ in range(2)]
    assert [r.reminded for r in reports] == [1, 0]
    reminded = [e for e in uow.published if e.type == "sessions.group_session.reminded"]
    assert [e.data.staff_id for e in reminded] == [ann]
    horizon = on_the_eve + settings.reflective.series_horizon
    later = series.starts_between(made[-1].starts_at + timedelta(seconds=1), horizon)
    assert len(uow.group_sessions) == len(made) + len(later)


def test_a_facilitator_who_leaves_has_their_coming_sessions_cancelled_and_their_series_ended(uow, identity):
    facilitator, ann = identity.register(TEAM), identity.register(TEAM)
    cmd = reflective.NewSeries(theme="Monthly middle managers", rule="FREQ=WEEKLY", timezone="Europe/London",
                               first_starts_at=SOON + timedelta(days=1), duration_minutes=60, capacity=5,
                               audience=Audience.EVERYONE, link=LINK)
    series, made = reflective.create_series(cmd, timedelta(days=28), caller(facilitator, Role.FACILITATOR), uow)
    one_off = arrange(uow, facilitator, capacity=3)
    reflective.book(made[0].id, caller(ann), uow)
    first = len(uow.published)
    identity.left(facilitator)
    assert series.ended and all(s.status == "cancelled" for s in [*made, one_off])
    cancelled = [e for e in uow.published[first:] if e.type == "sessions.group_session.cancelled"]
    assert sorted(e.subject for e in cancelled) == sorted(s.id for s in [*made, one_off])
    settings = SessionsSettings.load()
    assert run_due_jobs(SOON + timedelta(days=60), settings, uow).occurrences == 0  # none made for them again


def test_attending_a_supervision_is_recorded_on_the_supporters_profile(uow, identity, monkeypatch):
    facilitator, supporter = identity.register(TEAM), identity.supporter(TEAM)
    session = arrange(uow, facilitator, audience=Audience.PEER_SUPPORTERS, capacity=4)
    reflective.book(session.id, caller(supporter), uow)
    monkeypatch.setattr(reflective, "now", lambda: SOON + timedelta(minutes=5))
    reflective.record_attendance(session.id, [supporter], caller(facilitator), uow)
    assert uow.supporters.get(supporter).last_supervised_at == SOON


def test_a_wellbeing_review_with_the_line_manager_then_a_plan_shared_and_taken_back(uow, identity):
    manager = identity.register(TEAM)
    staff = identity.register(TEAM, line_manager_id=manager)
    review = wellbeing.arrange(wellbeing.Arrange(starts_at=SOON, ends_at=SOON + timedelta(hours=1), room="Room 2"),
                               caller(staff), uow)
    assert (review.reviewer_id, types(uow)[-1]) == (manager, "sessions.wellbeing_review.scheduled")
    assert [r.id for r in wellbeing.reviews(caller(manager), uow)] == [review.id]
    content = wellbeing.PlanContent(review_on=date.today() + timedelta(days=90), keeps_me_well="Walks")
    wellbeing.write_plan(content, caller(staff), uow)
    with pytest.raises(NotFound):
        wellbeing.plan_of(staff, caller(manager), uow)
    wellbeing.share(manager, caller(staff), uow)
    assert wellbeing.plan_of(staff, caller(manager), uow)["keeps_me_well"] == "Walks"
    wellbeing.revoke(manager, caller(staff), uow)
    with pytest.raises(NotFound):
        wellbeing.plan_of(staff, caller(manager), uow)


def test_someone_who_leaves_gives_up_their_places_to_the_waiting(uow, identity):
    facilitator, ann, bob = identity.register(TEAM), identity.register(TEAM), identity.register(TEAM)
    session = arrange(uow, facilitator)
    reflective.book(session.id, caller(ann), uow)
    reflective.book(session.id, caller(bob), uow)
    identity.left(ann)
    assert not session.booking_of(ann).active and session.booking_of(bob).holds_place
    assert uow.published[-1].type == "sessions.group_session.promoted"
