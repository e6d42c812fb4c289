"""What the group-session, series, supervision and wellbeing endpoints accept and return.

Times come in with a UTC offset and go out in Europe/London time with that moment's offset.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, post_load, validate

from psn_shared.http.schemas import Id, Page, Schema
from sessions.api.schemas import SuppressedCount
from sessions.api.schemas_conversations import OFFSET_NEEDED, LondonDateTime
from sessions.domain.conversations import LINK_LENGTH
from sessions.domain.model import PLACE_LENGTH
from sessions.domain.reflective import MAX_CAPACITY, THEME_LENGTH, Audience, BookingStatus, SessionStatus
from sessions.domain.series import DEFAULT_TIMEZONE, RULE_LENGTH
from sessions.domain.wellbeing import PLAN_TEXT_LENGTH, ReviewStatus

PLACE_HELP = "Give a link (virtual, https://) or a room (face to face): one of the two"


class PlaceFields(Schema):
    link = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=LINK_LENGTH),
                         metadata={"description": PLACE_HELP})
    room = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=PLACE_LENGTH),
                         metadata={"description": PLACE_HELP})


class _AudienceField(Schema):
    audience = fields.String(load_default=Audience.EVERYONE.value, validate=validate.OneOf(list(Audience)),
                             metadata={"description": "Who may book: everyone, middle_managers (people who "
                                                      "line-manage someone) or peer_supporters"})

    @post_load
    def _as_audience(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "audience": Audience(data["audience"])} if data.get("audience") else data


class GroupSessionIn(PlaceFields, _AudienceField):
    theme = fields.String(required=True, validate=validate.Length(min=1, max=THEME_LENGTH))
    starts_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_CAPACITY))


class GroupSessionChangeIn(PlaceFields):
    """Whatever is given changes; a new link or room replaces the place (give one of the two)."""

    theme = fields.String(load_default=None, validate=validate.Length(min=1, max=THEME_LENGTH))
    starts_at = fields.AwareDateTime(load_default=None, metadata={"description": OFFSET_NEEDED})
    ends_at = fields.AwareDateTime(load_default=None, metadata={"description": OFFSET_NEEDED})
    capacity = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1, max=MAX_CAPACITY))


class YourBooking(Schema):
    status = fields.String(validate=validate.OneOf(list(BookingStatus)))
    waiting_place = fields.Integer(allow_none=True, metadata={"description": "Your place on the waiting list"})
    attended = fields.Boolean(allow_none=True)


class GroupSessionOut(Schema):
    id = fields.String()
    series_id = fields.String(allow_none=True)
    facilitator_id = fields.String()
    theme = fields.String()
    starts_at = LondonDateTime()
    ends_at = LondonDateTime()
    capacity = fields.Integer()
    places_left = fields.Integer()
    waiting = fields.Integer(metadata={"description": "How many are on the waiting list"})
    audience = fields.String()
    open_to_you = fields.Boolean(metadata={
        "description": "You are in its audience, so you may book it (a place, or the waiting list when full)"})
    link = fields.String(allow_none=True, metadata={
        "description": "The video link: only for those with a place, its facilitator and the coordinator (null for "
                       "anyone else, so null with no room means a virtual session you hold no place on)"})
    room = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(list(SessionStatus)))
    moved = fields.Boolean(metadata={"description": "An occurrence of a series moved from its rule's time"})
    sequence = fields.Integer()
    your_booking = fields.Nested(YourBooking, allow_none=True)


class GroupSessionPage(Page):
    items = fields.List(fields.Nested(GroupSessionOut))


MAX_PAST_DAYS = 90  # as far back as the calendar feed goes


class SessionsQuery(Schema):
    series_id = Id(load_default=None)
    mine = fields.Boolean(load_default=False, metadata={
        "description": "Only those you are booked on (or waiting for) or facilitate"})
    past_days = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_PAST_DAYS), metadata={
        "description": "Also those that ended within this many days (a facilitator's register is taken after the "
                       "session, as often as during it)"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10_000_000))


class AttendeeOut(Schema):
    staff_id = fields.String()
    name = fields.String(allow_none=True)
    status = fields.String()
    booked_at = LondonDateTime()
    waiting_place = fields.Integer(allow_none=True)
    attended = fields.Boolean(allow_none=True)


class AttendeeList(Schema):
    items = fields.List(fields.Nested(AttendeeOut))


MAX_SESSIONS_READ = 100  # a facilitator's coming sessions, as the list gives them at most


class AttendeesQuery(Schema):
    session_id = fields.List(Id(), required=True, validate=validate.Length(min=1, max=MAX_SESSIONS_READ),
                             metadata={"description": "each session whose attendees to read (repeat the parameter)"})


class SessionAttendees(AttendeeList):
    session_id = fields.String()


class AttendeesOfSessions(Schema):
    items = fields.List(fields.Nested(SessionAttendees), metadata={"description": "in the order asked"})


class AttendanceIn(Schema):
    attended = fields.List(Id(), required=True, validate=validate.Length(max=MAX_CAPACITY),
                           metadata={"description": "Who came, of those booked; everyone else booked is absent"})


class SeriesIn(PlaceFields, _AudienceField):
    theme = fields.String(required=True, validate=validate.Length(min=1, max=THEME_LENGTH))
    rule = fields.String(required=True, validate=validate.Length(min=1, max=RULE_LENGTH),
                         metadata={"description": "RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=1TU"})
    timezone = fields.String(load_default=DEFAULT_TIMEZONE, validate=validate.Length(min=1, max=64),
                             metadata={"description": "IANA time zone the rule's wall-clock times are in"})
    first_starts_at = fields.AwareDateTime(required=True, metadata={
        "description": "The first start (DTSTART), " + OFFSET_NEEDED})
    duration_minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=15, max=480))
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_CAPACITY))


class SeriesSummary(Schema):
    id = fields.String()
    facilitator_id = fields.String()
    theme = fields.String()
    rule = fields.String()
    timezone = fields.String()
    first_starts_at = LondonDateTime()
    duration_minutes = fields.Integer()
    capacity = fields.Integer()
    audience = fields.String()
    link = fields.String(allow_none=True, metadata={
        "description": "The video link: for its facilitator and the coordinator (null for anyone else)"})
    room = fields.String(allow_none=True)
    ended_at = LondonDateTime(allow_none=True)
    generated_until = LondonDateTime(allow_none=True)


class SeriesOut(SeriesSummary):
    occurrences = fields.List(fields.Nested(GroupSessionOut))


class SeriesList(Schema):
    items = fields.List(fields.Nested(SeriesSummary))


class SupervisionOut(Schema):
    staff_id = fields.String()
    name = fields.String(allow_none=True)
    last_supervised_at = LondonDateTime(allow_none=True)
    due_at = LondonDateTime()
    overdue = fields.Boolean()
    reminded_at = LondonDateTime(allow_none=True)


class SupervisionList(Schema):
    interval_days = fields.Integer()
    items = fields.List(fields.Nested(SupervisionOut))


class ReviewIn(PlaceFields):
    staff_id = Id(load_default=None, metadata={
        "description": "Whose review: yourself (left out), or, for a line manager, someone who reports to you"})
    reviewer_id = Id(load_default=None, metadata={
        "description": "With whom: your line manager (left out) or another person you choose"})
    starts_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})


class ReviewMoveIn(PlaceFields):
    starts_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})


NOT_FOR_THE_MANAGER = "null for the member of staff's line manager when they are not the reviewer"


class ReviewOut(Schema):
    id = fields.String()
    staff_id = fields.String()
    reviewer_id = fields.String(allow_none=True, metadata={"description": NOT_FOR_THE_MANAGER})
    starts_at = LondonDateTime()
    ends_at = LondonDateTime()
    link = fields.String(allow_none=True, metadata={"description": NOT_FOR_THE_MANAGER})
    room = fields.String(allow_none=True, metadata={"description": NOT_FOR_THE_MANAGER})
    status = fields.String(validate=validate.OneOf(list(ReviewStatus)))
    held_at = LondonDateTime(allow_none=True)
    sequence = fields.Integer()


class ReviewList(Schema):
    items = fields.List(fields.Nested(ReviewOut))


class ReviewDue(Schema):
    staff_id = fields.String()
    name = fields.String()
    last_held_at = LondonDateTime(allow_none=True)
    arranged_for = LondonDateTime(allow_none=True)
    due = fields.Boolean(metadata={"description": "No review held in the last 12 months"})


class ReviewsDue(Schema):
    items = fields.List(fields.Nested(ReviewDue))


class PlanIn(Schema):
    keeps_me_well = fields.String(load_default="", validate=validate.Length(max=PLAN_TEXT_LENGTH))
    early_signs = fields.String(load_default="", validate=validate.Length(max=PLAN_TEXT_LENGTH))
    what_helps = fields.String(load_default="", validate=validate.Length(max=PLAN_TEXT_LENGTH))
    adjustments = fields.String(load_default="", validate=validate.Length(max=PLAN_TEXT_LENGTH),
                                metadata={"description": "Adjustments agreed at the review"})
    review_on = fields.Date(required=True, metadata={"description": "When to look at the plan again"})
    review_id = Id(load_default=None, metadata={"description": "The review it came from (one of yours, held)"})


class PlanOut(Schema):
    owner_id = fields.String()
    keeps_me_well = fields.String()
    early_signs = fields.String()
    what_helps = fields.String()
    adjustments = fields.String()
    review_on = fields.Date()
    review_id = fields.String(allow_none=True)
    shared_with = fields.List(fields.String(), metadata={"description": "Shown to its owner only"})
    updated_at = LondonDateTime()


class SharedPlanOut(Schema):
    owner_id = fields.String()
    owner_name = fields.String(allow_none=True)
    keeps_me_well = fields.String()
    early_signs = fields.String()
    what_helps = fields.String()
    adjustments = fields.String()
    review_on = fields.Date()
    updated_at = LondonDateTime()


class SharedPlanList(Schema):
    items = fields.List(fields.Nested(SharedPlanOut))


class CoverageLine(Schema):
    staff = SuppressedCount()
    reviewed = SuppressedCount()  # with a review held in the last 12 months
    share = fields.Float(allow_none=True, metadata={"description": "reviewed / staff; null when either is under 5"})


class TeamCoverage(CoverageLine):
    team_id = fields.String(allow_none=True)
    team = fields.String(allow_none=True)
    service = fields.String(allow_none=True)


class ServiceCoverage(CoverageLine):
    service = fields.String(allow_none=True)


class CoverageReport(Schema):
    since = LondonDateTime()
    overall = fields.Nested(CoverageLine)
    teams = fields.List(fields.Nested(TeamCoverage))
    services = fields.List(fields.Nested(ServiceCoverage))
