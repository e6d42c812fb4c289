"""What the conversation, availability, feedback and calendar endpoints accept and return.

Times come in with a UTC offset and go out in Europe/London time with its offset
(`2027-03-30T10:00:00+01:00`), so people read the wall-clock time they will meet at.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from marshmallow import ValidationError, fields, post_load, validate

from psn_shared.http.schemas import Schema
from sessions.api.schemas import SuppressedCount
from sessions.domain.availability import MAX_WINDOWS, WEEKDAYS
from sessions.domain.conversations import LINK_LENGTH, MAX_SLOTS, REASON_LENGTH, london
from sessions.domain.feedback import COMMENT_LENGTH, Helped
from sessions.domain.model import PLACE_LENGTH, Mode

OFFSET_NEEDED = "A time with its UTC offset, e.g. 2027-03-30T10:00:00+01:00"


class LondonDateTime(fields.DateTime):
    """Shown in Europe/London time, with that moment's offset (+00:00 in winter, +01:00 in summer)."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else london(value).isoformat()


def _wall_clock(value: time) -> None:
    if value.tzinfo is not None:
        raise ValidationError("A wall-clock time (Europe/London), without an offset.")


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


class SlotIn(Schema):
    starts_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})


class VenueFields(Schema):
    mode = fields.String(required=True, validate=validate.OneOf(list(Mode)))
    link = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=LINK_LENGTH),
                         metadata={"description": "https:// link, required for video"})
    room = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=PLACE_LENGTH),
                         metadata={"description": "Where to meet, required in person"})

    @post_load
    def _as_mode(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {**data, "mode": Mode(data["mode"])} if data.get("mode") else data


class ProposalIn(VenueFields):
    slots = fields.List(fields.Nested(SlotIn), required=True, validate=validate.Length(min=1, max=MAX_SLOTS),
                        metadata={"description": f"1 to {MAX_SLOTS} times to choose from"})


class AcceptIn(Schema):
    slot = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=MAX_SLOTS - 1),
                          metadata={"description": "Which proposed time, counting from 0"})


class RescheduleIn(VenueFields):
    mode = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(Mode)),
                         metadata={"description": "A new mode (with its link or room); unchanged when left out"})
    starts_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": OFFSET_NEEDED})
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=REASON_LENGTH), _not_blank])


class CancelIn(Schema):
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=REASON_LENGTH), _not_blank])


class OutcomeIn(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(["attended", "no_show"]))


class SlotOut(Schema):
    starts_at = LondonDateTime()
    ends_at = LondonDateTime()


class ConversationOut(Schema):
    id = fields.String()
    request_id = fields.String()
    requester_id = fields.String()
    supporter_id = fields.String()
    status = fields.String(metadata={"description": "proposed, booked, cancelled, attended or no_show"})
    proposed_by = fields.String(metadata={"description": "Who made the latest proposal (the other person answers)"})
    proposals = fields.Integer()
    slots = fields.List(fields.Nested(SlotOut), metadata={"description": "The latest proposed times"})
    mode = fields.String()
    link = fields.String(allow_none=True)
    room = fields.String(allow_none=True)
    starts_at = LondonDateTime(allow_none=True)
    ends_at = LondonDateTime(allow_none=True)
    reschedules = fields.Integer()
    reschedule_reason = fields.String(allow_none=True)
    sequence = fields.Integer(metadata={"description": "Changes since booking (the calendar's SEQUENCE)"})
    cancelled_by = fields.String(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    late_cancellation = fields.Boolean()
    created_at = LondonDateTime()
    updated_at = LondonDateTime()


class ConversationList(Schema):
    items = fields.List(fields.Nested(ConversationOut))


class WindowIn(Schema):
    weekday = fields.String(required=True, validate=validate.OneOf(WEEKDAYS))
    starts = fields.Time(required=True, validate=_wall_clock, metadata={"description": "HH:MM, Europe/London"})
    ends = fields.Time(required=True, validate=_wall_clock, metadata={"description": "HH:MM, Europe/London"})


class WindowsIn(Schema):
    windows = fields.List(fields.Nested(WindowIn), required=True, validate=validate.Length(max=MAX_WINDOWS),
                          metadata={"description": "The whole week (replaces what was held); none overlapping"})

    @post_load
    def _as_tuples(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        return {"windows": [(WEEKDAYS.index(w["weekday"]), w["starts"], w["ends"]) for w in data["windows"]]}


class WindowOut(Schema):
    id = fields.String()
    weekday = fields.Function(lambda w: WEEKDAYS[w.weekday])
    starts = fields.Function(lambda w: f"{w.starts:%H:%M}")
    ends = fields.Function(lambda w: f"{w.ends:%H:%M}")
    label = fields.String()


class LeaveIn(Schema):
    first_day = fields.Date(required=True)
    last_day = fields.Date(required=True)


class LeaveOut(Schema):
    id = fields.String()
    first_day = fields.Date()
    last_day = fields.Date()


class AvailabilityOut(Schema):
    staff_id = fields.String()
    time_zone = fields.String()
    windows = fields.List(fields.Nested(WindowOut))
    leave = fields.List(fields.Nested(LeaveOut), metadata={"description": "Leave not yet over"})


class FeedbackIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    helped = fields.String(required=True, validate=validate.OneOf(list(Helped)),
                           metadata={"description": "Did it help: yes, partly or no"})
    comment = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=COMMENT_LENGTH))


class HelpedCounts(Schema):
    yes = SuppressedCount()
    partly = SuppressedCount()
    no = SuppressedCount()


class SupporterFeedbackOut(Schema):
    staff_id = fields.String()
    responses = SuppressedCount()
    average_rating = fields.Float(allow_none=True, metadata={"description": "Shown from 5 responses"})
    helped = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    comments = fields.List(fields.String(), metadata={"description": "Shown from 5 responses, sorted, undated"})


def _rating_count(rating: str) -> fields.Raw:
    counted = SuppressedCount()
    counted.data_key = counted.attribute = rating
    return counted


class RatingCounts(Schema):
    """How many rated 1, 2, 3, 4 and 5."""

    one = _rating_count("1")
    two = _rating_count("2")
    three = _rating_count("3")
    four = _rating_count("4")
    five = _rating_count("5")


class NetworkFeedbackOut(Schema):
    responses = SuppressedCount()
    supporters_rated = SuppressedCount()
    average_rating = fields.Float(allow_none=True, metadata={"description": "Shown from 5 responses"})
    by_rating = fields.Nested(RatingCounts)
    helped = fields.Nested(HelpedCounts)


class CalendarFeedOut(Schema):
    url = fields.String(metadata={"description": "The secret address, shown only when made or rotated"})
    rotated_at = LondonDateTime()


class CalendarFeedState(Schema):
    rotated_at = LondonDateTime()
