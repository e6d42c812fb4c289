"""Group reflective sessions and recurring series: create, book, wait, move, cancel, record attendance.

Booking, promoting and moving take the allocation lock (`serialise_allocations`), as conversations
do: the busy-time check reads and the booking writes, so one person's hour cannot be taken twice.
Each use case commits; the reads never do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, InvalidInput, NotFound
from sessions.domain import policy
from sessions.domain.busy import refuse_if_busy
from sessions.domain.conversations import Slot
from sessions.domain.reflective import (
    Audience,
    Booking,
    GroupSession,
    Place,
    SessionStatus,
    Standing,
    checked_times,
    in_audience,
    refuse_unless_in_audience,
)
from sessions.domain.series import Series
from sessions.events import published
from sessions.service_layer.common import now
from sessions.service_layer.uow import SessionsUnitOfWork

NO_SUCH_SESSION = "no such group session"
NO_SUCH_SERIES = "no such series"
ONLY_FACILITATORS = "only a facilitator or a Level 3 trainer runs group sessions"
ONLY_ITS_FACILITATOR = "only the session's facilitator or the coordinator changes it"


@dataclass(frozen=True)
class NewSession:
    theme: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    audience: Audience
    link: str | None = None
    room: str | None = None


@dataclass(frozen=True)
class SessionChange:
    theme: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int | None = None
    link: str | None = None
    room: str | None = None


@dataclass(frozen=True)
class NewSeries:
    theme: str
    rule: str
    timezone: str
    first_starts_at: datetime
    duration_minutes: int
    capacity: int
    audience: Audience
    link: str | None = None
    room: str | None = None


def create_session(cmd: NewSession, principal: Principal, uow: SessionsUnitOfWork) -> GroupSession:
    if not policy.may_facilitate(principal):
        raise Forbidden(ONLY_FACILITATORS)
    uow.serialise_allocations()
    at = now()
    starts_at, ends_at = checked_times(cmd.starts_at, cmd.ends_at, at)
    session = GroupSession.create(
        facilitator_id=principal.staff_id, theme=cmd.theme, starts_at=starts_at, ends_at=ends_at,
        capacity=cmd.capacity, audience=cmd.audience, place=Place.checked(cmd.link, cmd.room), at=at)
    _refuse_if_busy(session, principal.staff_id, uow, field="starts_at")
    uow.group_sessions.add(session)
    uow.commit()
    return session


def create_series(cmd: NewSeries, horizon: timedelta, principal: Principal,
                  uow: SessionsUnitOfWork) -> tuple[Series, list[GroupSession]]:
    """The series and its occurrences `horizon` ahead, made at once (the scheduler keeps them coming)."""
    if not policy.may_facilitate(principal):
        raise Forbidden(ONLY_FACILITATORS)
    at = now()
    series = Series.create(
        facilitator_id=principal.staff_id, theme=cmd.theme, rule=cmd.rule, timezone=cmd.timezone,
        first_starts_at=cmd.first_starts_at, duration=timedelta(minutes=cmd.duration_minutes),
        capacity=cmd.capacity, audience=cmd.audience, place=Place.checked(cmd.link, cmd.room), at=at)
    uow.series.add(series)
    made = series.occurrences(at + horizon, set(), at)
    for occurrence in made:
        uow.group_sessions.add(occurrence)
    uow.commit()
    return series, made


def generate_occurrences(horizon: timedelta, at: datetime, uow: SessionsUnitOfWork) -> int:
    """Every running series' occurrences up to `horizon` ahead; none made twice. Never commits."""
    made = 0
    for series in uow.series.running():
        known = uow.group_sessions.occurrences_made(series.id, at)
        for occurrence in series.occurrences(at + horizon, known, at):
            uow.group_sessions.add(occurrence)
            made += 1
    return made


def send_reminders(lead: timedelta, at: datetime, uow: SessionsUnitOfWork) -> int:
    """Everyone with a place on a session, and both people of a review, starting within `lead`: once each
    (moving it makes it due again). Never commits."""
    reminded = 0
    for session in uow.group_sessions.starting_between(at, at + lead):
        for booking in session.booked:
            if not booking.reminded:
                booking.reminded = True
                # A place booked (or come up) within the lead: its own message was the news, moments ago.
                if booking.updated_at < session.starts_at - lead:
                    uow.publish(published.group_session_reminded(session, booking))
                    reminded += 1
    for review in uow.wellbeing.reviews_starting_between(at, at + lead):
        if not review.reminded:
            review.reminded = True
            # Arranged (or moved) within the lead, its own message was the news: a reminder would repeat it at once.
            if review.updated_at < review.starts_at - lead:
                uow.publish(published.wellbeing_review_reminded(review))
                reminded += 1
    return reminded


def end_series(series_id: str, principal: Principal, uow: SessionsUnitOfWork) -> Series:
    series = uow.series.get(series_id)
    if series is None:
        raise NotFound(NO_SUCH_SERIES)
    if not policy.may_run(series.facilitator_id, principal):
        raise Forbidden(ONLY_ITS_FACILITATOR)
    series.end(now())
    uow.commit()
    return series


def change_session(session_id: str, cmd: SessionChange, principal: Principal,
                   uow: SessionsUnitOfWork) -> GroupSession:
    """Move one session (one occurrence of a series, the rest untouched), or change its place, theme or size."""
    uow.serialise_allocations()
    session = _run_by(session_id, principal, uow)
    at = now()
    times = None
    if cmd.starts_at is not None or cmd.ends_at is not None:
        times = checked_times(cmd.starts_at or session.starts_at, cmd.ends_at or session.ends_at, at)
    place = Place.checked(cmd.link, cmd.room) if cmd.link is not None or cmd.room is not None else None
    previous, previous_room = session.starts_at, session.room
    moved = session.change(at=at, theme=cmd.theme, times=times, capacity=cmd.capacity, place=place)
    if times is not None:
        _refuse_if_busy(session, session.facilitator_id, uow, field="starts_at")
    _serve_waiting_list(session, at, uow)
    if moved:
        uow.publish(published.group_session_changed(session, previous, previous_room))
    uow.commit()
    return session


def cancel_session(session_id: str, principal: Principal, uow: SessionsUnitOfWork) -> GroupSession:
    """Everyone booked or waiting is told."""
    session = _run_by(session_id, principal, uow)
    session.cancel(principal.staff_id, now())
    uow.publish(published.group_session_cancelled(session))
    uow.commit()
    return session


def book(session_id: str, principal: Principal, uow: SessionsUnitOfWork) -> tuple[GroupSession, Booking]:
    """A place, or the waiting list when it is full; for the session's audience, when the caller is free then
    (for the waiting list too: it is a wait for a place they could not take)."""
    uow.serialise_allocations()
    session = _get(session_id, uow)
    if session.facilitator_id == principal.staff_id:
        raise InvalidInput("you facilitate this session", field="session_id")
    refuse_unless_in_audience(session.audience, uow.audiences.standing(principal.staff_id))
    _refuse_if_busy(session, principal.staff_id, uow, field="session_id")
    booking = session.book(principal.staff_id, now())
    uow.publish(published.group_session_booked(session, booking))
    uow.commit()
    return session, booking


def cancel_booking(session_id: str, principal: Principal, uow: SessionsUnitOfWork) -> GroupSession:
    """The place goes to the first on the waiting list who is free then."""
    uow.serialise_allocations()
    session = _get(session_id, uow)
    at = now()
    session.cancel_booking(principal.staff_id, at)
    _serve_waiting_list(session, at, uow)
    uow.commit()
    return session


def release_places_of(staff_id: str, uow: SessionsUnitOfWork) -> None:
    """Someone left: their bookings on sessions still to come are cancelled and the places go down the
    waiting lists; the sessions they were to facilitate are cancelled (everyone booked or waiting told) and
    their series end, since nobody else may run them or take their register. Never commits (a reaction)."""
    at = now()
    for series in uow.series.running():
        if series.facilitator_id == staff_id:
            series.end(at)
    for session in uow.group_sessions.booked_by(staff_id, at):
        if session.facilitator_id == staff_id:
            if session.status == SessionStatus.SCHEDULED and session.starts_at > at:
                session.cancel(staff_id, at)
                uow.publish(published.group_session_cancelled(session))
            continue
        booking = session.booking_of(staff_id)
        if booking is None or not booking.active or session.starts_at <= at:
            continue
        session.cancel_booking(staff_id, at)
        _serve_waiting_list(session, at, uow)


def record_attendance(session_id: str, attended: list[str], principal: Principal,
                      uow: SessionsUnitOfWork) -> GroupSession:
    """The facilitator's record; a peer supporter at a supervision session (audience peer supporters) is supervised."""
    session = _get(session_id, uow)
    if session.facilitator_id != principal.staff_id:
        raise Forbidden("only the session's facilitator records attendance")
    came = session.record_attendance(set(attended), now())
    if session.audience == Audience.PEER_SUPPORTERS:
        for booking in came:
            profile = uow.supporters.get(booking.staff_id)
            if profile is not None:
                profile.supervised(session.starts_at)
    uow.commit()
    return session


def session_view(session_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    return describe(_get(session_id, uow), principal, uow)


def sessions_listing(principal: Principal, uow: SessionsUnitOfWork, *, series_id: str | None, limit: int,
                     offset: int, mine: bool = False, past_days: int = 0) -> dict[str, Any]:
    """Those ending from now on, or from `past_days` ago (a register to take after the session)."""
    since = now() - timedelta(days=past_days)
    if mine:
        own = [s for s in uow.group_sessions.booked_by(principal.staff_id, since)
               if (series_id is None or s.series_id == series_id) and _involves(s, principal.staff_id)]
        found, total = own[offset:offset + limit], len(own)
    else:
        found, total = uow.group_sessions.upcoming(since, series_id=series_id, limit=limit, offset=offset)
    standing = uow.audiences.standing(principal.staff_id)
    return {"items": [_described(s, principal, standing) for s in found], "total": total, "limit": limit,
            "offset": offset}


def attendees(session_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    """Who is booked and waiting, with attendance: the facilitator and the coordinator alone."""
    session = _get(session_id, uow)
    if not policy.may_see_attendees(session.facilitator_id, principal):
        raise Forbidden("who attends is for the facilitator and the coordinator only")
    people = uow.staff.many(b.staff_id for b in session.bookings)
    waiting_order = {b.id: place for place, b in enumerate(session.waiting, start=1)}
    return {"items": [
        {"staff_id": b.staff_id, "name": people[b.staff_id].name if b.staff_id in people else None,
         "status": b.status, "booked_at": b.booked_at, "waiting_place": waiting_order.get(b.id),
         "attended": b.attended}
        for b in sorted(session.bookings, key=lambda b: (b.status, b.booked_at, b.id)) if b.active
    ]}


def attendees_of(session_ids: list[str], principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    """Several sessions' attendees, each checked as `attendees` checks one, in the order asked (once each)."""
    return {"items": [{"session_id": session_id, **attendees(session_id, principal, uow)}
                      for session_id in dict.fromkeys(session_ids)]}


def series_view(series_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    series = uow.series.get(series_id)
    if series is None:
        raise NotFound(NO_SUCH_SERIES)
    upcoming, _ = uow.group_sessions.upcoming(now(), series_id=series.id, limit=500, offset=0)
    standing = uow.audiences.standing(principal.staff_id)
    return {**_series_fields(series, principal),
            "occurrences": [_described(s, principal, standing) for s in upcoming]}


def series_listing(principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    return {"items": [_series_fields(s, principal) for s in uow.series.all()]}


def describe(session: GroupSession, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    """A session as anyone signed in sees it: places left, whether it is open to them (its audience) and their
    own booking, nobody else's."""
    return _described(session, principal, uow.audiences.standing(principal.staff_id))


def _described(session: GroupSession, principal: Principal, standing: Standing | None) -> dict[str, Any]:
    mine = session.booking_of(principal.staff_id)
    position = next((n for n, b in enumerate(session.waiting, start=1) if b.staff_id == principal.staff_id), None)
    holding = mine is not None and mine.holds_place
    return {
        "id": session.id, "series_id": session.series_id, "facilitator_id": session.facilitator_id,
        "theme": session.theme, "starts_at": session.starts_at, "ends_at": session.ends_at,
        "capacity": session.capacity, "places_left": session.places_left, "waiting": len(session.waiting),
        "audience": session.audience, "open_to_you": in_audience(session.audience, standing),
        "link": session.link if policy.may_see_joining_link(session.facilitator_id, holding, principal) else None,
        "room": session.room, "status": session.status,
        "moved": session.occurs_at is not None and session.occurs_at != session.starts_at,
        "sequence": session.sequence,
        "your_booking": None if mine is None or not mine.active else {
            "status": mine.status, "waiting_place": position, "attended": mine.attended},
    }


def _series_fields(series: Series, principal: Principal) -> dict[str, Any]:
    """A series' link is its facilitator's and the coordinator's: each occurrence gives it to those with a place."""
    return {
        "id": series.id, "facilitator_id": series.facilitator_id, "theme": series.theme, "rule": series.rule,
        "timezone": series.timezone, "first_starts_at": series.first_starts_at,
        "duration_minutes": int(series.duration.total_seconds() // 60), "capacity": series.capacity,
        "audience": series.audience, "room": series.room, "ended_at": series.ended_at,
        "link": series.link if policy.may_run(series.facilitator_id, principal) else None,
        "generated_until": series.generated_until,
    }


def _involves(session: GroupSession, staff_id: str) -> bool:
    booking = session.booking_of(staff_id)
    return session.facilitator_id == staff_id or (booking is not None and booking.active)


def _get(session_id: str, uow: SessionsUnitOfWork) -> GroupSession:
    session = uow.group_sessions.get(session_id)
    if session is None:
        raise NotFound(NO_SUCH_SESSION)
    return session


def _run_by(session_id: str, principal: Principal, uow: SessionsUnitOfWork) -> GroupSession:
    session = _get(session_id, uow)
    if not policy.may_run(session.facilitator_id, principal):
        raise Forbidden(ONLY_ITS_FACILITATOR)
    return session


def _serve_waiting_list(session: GroupSession, at: datetime, uow: SessionsUnitOfWork) -> None:
    """Places that came free go to the first waiting who are free then; whoever was passed over is told."""
    served = session.fill_places(at, lambda staff_id: _free(session, staff_id, uow))
    for booking in served.promoted:
        uow.publish(published.group_session_promoted(session, booking))
    for booking in served.passed_over:
        uow.publish(published.group_session_passed_over(session, booking))


def _free(session: GroupSession, staff_id: str, uow: SessionsUnitOfWork) -> bool:
    return not uow.busy_times.busy([staff_id], session.starts_at, session.ends_at, excluding=session.id)


def _refuse_if_busy(session: GroupSession, staff_id: str, uow: SessionsUnitOfWork, field: str) -> None:
    busy = uow.busy_times.busy([staff_id], session.starts_at, session.ends_at, excluding=session.id)
    refuse_if_busy(Slot(session.starts_at, session.ends_at), busy, staff_id, field=field)
