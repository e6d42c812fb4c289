"""Group reflective sessions and recurring series: run them, book them, see who came (facilitator, coordinator)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import Role
from sessions.api.schemas_reflective import (
    AttendanceIn,
    AttendeeList,
    AttendeesOfSessions,
    AttendeesQuery,
    GroupSessionChangeIn,
    GroupSessionIn,
    GroupSessionOut,
    GroupSessionPage,
    SeriesIn,
    SeriesList,
    SeriesOut,
    SessionsQuery,
    SupervisionList,
    SupervisionOut,
)
from sessions.service_layer import reflective, supervision

blp = Blueprint("reflective", __name__, description="Group reflective sessions, series and supervision")


def _horizon() -> Any:
    return current_app.config["SESSIONS_REFLECTIVE"].series_horizon


@blp.route("/api/v1/group-sessions")
class GroupSessions(MethodView):
    @authenticated()
    @blp.arguments(SessionsQuery, location="query")
    @blp.response(200, GroupSessionPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Coming group sessions (and, with `past_days`, recent ones), soonest first, with places left and the
        caller's own booking (anyone signed in)"""
        with unit_of_work() as uow:
            return reflective.sessions_listing(current_principal(), uow, series_id=query["series_id"],
                                               mine=query["mine"], limit=query["limit"], offset=query["offset"],
                                               past_days=query["past_days"])

    @authenticated(Role.FACILITATOR, Role.TRAINER)
    @blp.arguments(GroupSessionIn)
    @blp.response(201, GroupSessionOut)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Arrange a group reflective session (a facilitator or a Level 3 trainer, who facilitates it)"""
        principal = current_principal()
        with unit_of_work() as uow:
            session = reflective.create_session(reflective.NewSession(**body), principal, uow)
            return reflective.describe(session, principal, uow)


@blp.route("/api/v1/group-sessions/<string:session_id>")
class GroupSessionItem(MethodView):
    @authenticated()
    @blp.response(200, GroupSessionOut)
    def get(self, session_id: str) -> dict[str, Any]:
        """One group session (anyone signed in; never who else is booked)"""
        with unit_of_work() as uow:
            return reflective.session_view(session_id, current_principal(), uow)

    @authenticated()
    @blp.arguments(GroupSessionChangeIn)
    @blp.response(200, GroupSessionOut)
    def patch(self, body: dict[str, Any], session_id: str) -> dict[str, Any]:
        """Move it, change its place, theme or capacity (its facilitator, coordinator); one occurrence of a series
        alone"""
        principal = current_principal()
        with unit_of_work() as uow:
            session = reflective.change_session(session_id, reflective.SessionChange(**body), principal, uow)
            return reflective.describe(session, principal, uow)


@blp.route("/api/v1/group-sessions/<string:session_id>/cancel")
class GroupSessionCancel(MethodView):
    @authenticated()
    @blp.response(200, GroupSessionOut)
    def post(self, session_id: str) -> dict[str, Any]:
        """Cancel it; everyone booked or waiting is told (its facilitator, coordinator)"""
        principal = current_principal()
        with unit_of_work() as uow:
            return reflective.describe(reflective.cancel_session(session_id, principal, uow), principal, uow)


@blp.route("/api/v1/group-sessions/<string:session_id>/booking")
class GroupSessionBooking(MethodView):
    @authenticated()
    @blp.response(201, GroupSessionOut)
    def post(self, session_id: str) -> dict[str, Any]:
        """Book yourself: a place, or the waiting list when full (anyone in the session's audience)"""
        principal = current_principal()
        with unit_of_work() as uow:
            session, _ = reflective.book(session_id, principal, uow)
            return reflective.describe(session, principal, uow)

    @authenticated()
    @blp.response(200, GroupSessionOut)
    def delete(self, session_id: str) -> dict[str, Any]:
        """Cancel your booking; your place goes to the first on the waiting list who is free then"""
        principal = current_principal()
        with unit_of_work() as uow:
            return reflective.describe(reflective.cancel_booking(session_id, principal, uow), principal, uow)


@blp.route("/api/v1/group-sessions/attendees")
class AttendeesOfSessionsView(MethodView):
    @authenticated()
    @blp.arguments(AttendeesQuery, location="query")
    @blp.response(200, AttendeesOfSessions)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Several sessions' attendees in one read, each as `…/<id>/attendees` gives it (its facilitator,
        coordinator): a facilitator's list of coming sessions. One refused or unknown refuses the whole read"""
        with unit_of_work() as uow:
            return reflective.attendees_of(query["session_id"], current_principal(), uow)


@blp.route("/api/v1/group-sessions/<string:session_id>/attendees")
class GroupSessionAttendees(MethodView):
    @authenticated()
    @blp.response(200, AttendeeList)
    def get(self, session_id: str) -> dict[str, Any]:
        """Who is booked and waiting, and who came (its facilitator, coordinator; attendees never)"""
        with unit_of_work() as uow:
            return reflective.attendees(session_id, current_principal(), uow)


@blp.route("/api/v1/group-sessions/<string:session_id>/attendance")
class GroupSessionAttendance(MethodView):
    @authenticated()
    @blp.arguments(AttendanceIn)
    @blp.response(200, AttendeeList)
    def put(self, body: dict[str, Any], session_id: str) -> dict[str, Any]:
        """Record who came, once it has started (its facilitator)"""
        principal = current_principal()
        with unit_of_work() as uow:
            reflective.record_attendance(session_id, body["attended"], principal, uow)
        with unit_of_work() as uow:
            return reflective.attendees(session_id, principal, uow)


@blp.route("/api/v1/group-series")
class GroupSeriesList(MethodView):
    @authenticated()
    @blp.response(200, SeriesList)
    def get(self) -> dict[str, Any]:
        """Every series (anyone signed in)"""
        with unit_of_work() as uow:
            return reflective.series_listing(current_principal(), uow)

    @authenticated(Role.FACILITATOR, Role.TRAINER)
    @blp.arguments(SeriesIn)
    @blp.response(201, SeriesOut)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Start a recurring series (RFC 5545 RRULE in a time zone); its occurrences are made the horizon ahead"""
        principal = current_principal()
        with unit_of_work() as uow:
            series, _ = reflective.create_series(reflective.NewSeries(**body), _horizon(), principal, uow)
        with unit_of_work() as uow:
            return reflective.series_view(series.id, principal, uow)


@blp.route("/api/v1/group-series/<string:series_id>")
class GroupSeriesItem(MethodView):
    @authenticated()
    @blp.response(200, SeriesOut)
    def get(self, series_id: str) -> dict[str, Any]:
        """A series with its coming occurrences (anyone signed in)"""
        with unit_of_work() as uow:
            return reflective.series_view(series_id, current_principal(), uow)


@blp.route("/api/v1/group-series/<string:series_id>/end")
class GroupSeriesEnd(MethodView):
    @authenticated()
    @blp.response(200, SeriesOut)
    def post(self, series_id: str) -> dict[str, Any]:
        """No more occurrences are made; those made stay (its facilitator, coordinator)"""
        principal = current_principal()
        with unit_of_work() as uow:
            reflective.end_series(series_id, principal, uow)
        with unit_of_work() as uow:
            return reflective.series_view(series_id, principal, uow)


@blp.route("/api/v1/supervision/overdue")
class SupervisionOverdue(MethodView):
    @authenticated(Role.COORDINATOR)
    @blp.response(200, SupervisionList)
    def get(self) -> dict[str, Any]:
        """Peer supporters with no supervision attended within the interval, longest overdue first (coordinator)"""
        interval = current_app.config["SESSIONS_REFLECTIVE"].supervision_interval
        with unit_of_work() as uow:
            return supervision.overdue(interval, uow)


@blp.route("/api/v1/supporters/<string:staff_id>/supervision")
class SupporterSupervision(MethodView):
    @authenticated()
    @blp.response(200, SupervisionOut)
    def get(self, staff_id: str) -> dict[str, Any]:
        """A supporter's last supervision and when the next is due (the supporter, coordinator)"""
        interval = current_app.config["SESSIONS_REFLECTIVE"].supervision_interval
        with unit_of_work() as uow:
            return supervision.of_supporter(staff_id, interval, current_principal(), uow)
