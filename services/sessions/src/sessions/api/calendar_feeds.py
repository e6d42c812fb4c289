"""Calendar feeds: a person's conversations in their calendar app, at a secret address they can rotate."""

from __future__ import annotations

from flask import Response, request
from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from sessions.adapters import ical
from sessions.api.schemas_conversations import CalendarFeedOut, CalendarFeedState
from sessions.domain.calendar import CalendarFeed
from sessions.service_layer import calendars
from sessions.service_layer.common import now

blp = Blueprint("calendar", __name__, description="iCalendar feeds of conversations")
FEED_PATH = "/api/v1/calendar-feeds/{secret}.ics"


@blp.route("/api/v1/me/calendar-feed")
class MyCalendarFeed(MethodView):
    @authenticated()
    @blp.response(200, CalendarFeedState)
    def get(self) -> CalendarFeed:
        """Whether the caller has a feed, and when its address was last made (the address itself is not kept)"""
        with unit_of_work() as uow:
            return calendars.feed_of(current_principal(), uow)

    @authenticated()
    @blp.response(201, CalendarFeedOut)
    def post(self) -> dict[str, object]:
        """Make the caller's feed address, or rotate it (the old one stops working); shown this once"""
        with unit_of_work() as uow:
            feed, secret = calendars.rotate(current_principal(), uow)
            url = request.host_url.rstrip("/") + FEED_PATH.format(secret=secret)
            return {"url": url, "rotated_at": feed.rotated_at}

    @authenticated()
    @blp.response(204)
    def delete(self) -> None:
        """Stop the caller's feed"""
        with unit_of_work() as uow:
            calendars.stop(current_principal(), uow)


@blp.route("/api/v1/calendar-feeds/<string:secret>.ics")
class CalendarFeedFile(MethodView):
    # The secret in the address is the credential: calendar apps cannot send bearer tokens.
    @blp.doc(security=[], responses={"200": {
        "description": "The feed (RFC 5545)", "content": {"text/calendar": {"schema": {"type": "string"}}}}})
    def get(self, secret: str) -> Response:
        """A person's conversations as iCalendar, neutral titles only (anyone holding the secret address)"""
        with unit_of_work() as uow:
            _, entries = calendars.entries(secret, uow)
            body = ical.feed(entries, now())
        return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, no-store"})
