"""What the cohort endpoints accept and return: cohorts, their places, attendance and sign-offs."""

from __future__ import annotations

from datetime import time
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from psn_shared.http.schemas import Id, Page, PageQuery, Schema, Text
from training.domain.cohorts import DEFAULT_DAY_ENDS, DEFAULT_DAY_STARTS, MAX_COHORT_CAPACITY, CohortKind, CohortStatus
from training.domain.levels import COURSE_LEVELS


class LocalTime(fields.Time):
    """A wall-clock time in London, as HH:MM: the zone is the board's, so none is given."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> time:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if parsed.tzinfo is not None:
            raise ValidationError("a local time in London, without a zone")
        return parsed


class CohortDayIn(Schema):
    on = fields.Date(required=True, data_key="date")
    location = Text(load_default=None, allow_none=True)
    virtual_link = fields.Url(load_default=None, allow_none=True, validate=validate.Length(max=500))
    starts = LocalTime(load_default=DEFAULT_DAY_STARTS, data_key="start_time", metadata={
        "description": "local time in Europe/London, HH:MM (default 09:30)"})
    ends = LocalTime(load_default=DEFAULT_DAY_ENDS, data_key="end_time", metadata={
        "description": "local time in Europe/London, HH:MM (default 16:30)"})

    @validates_schema
    def _room_or_link(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not (data.get("location") or data.get("virtual_link")):
            raise ValidationError("each day is in a room (location) or virtual (virtual_link)", field_name="location")
        if "starts" in data and "ends" in data and data["ends"] <= data["starts"]:
            raise ValidationError("a course day ends after it starts", field_name="end_time")


class CohortIn(Schema):
    name = Text(required=True)
    level = fields.Integer(required=True, validate=validate.OneOf(COURSE_LEVELS))
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_COHORT_CAPACITY))
    days = fields.List(fields.Nested(CohortDayIn), required=True, validate=validate.Length(min=1, max=30))
    state = fields.String(load_default=CohortStatus.OPEN,
                          validate=validate.OneOf([CohortStatus.PLANNED, CohortStatus.OPEN]))
    kind = fields.String(load_default=CohortKind.COURSE, validate=validate.OneOf(list(CohortKind)), metadata={
        "description": "course (teaches the level), or refresher (renews the certificates of those who hold it)"})
    trainer_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=20))
    backfill_reason = Text(2000, load_default=None, metadata={
        "description": "a historic course recorded after the fact: why (days may then be in the past)"})


class CohortChangeIn(Schema):
    capacity = fields.Integer(validate=validate.Range(min=1, max=MAX_COHORT_CAPACITY), metadata={
        "description": "raise it (the waiting list moves up at once) or lower it, down to the places booked"})
    days = fields.List(fields.Nested(CohortDayIn), validate=validate.Length(min=1, max=30), metadata={
        "description": "the whole new set of days; everyone booked is told"})

    @validates_schema
    def _something(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if not data:
            raise ValidationError("give the capacity, the days, or both", field_name="capacity")


class CohortDayOut(Schema):
    on = fields.Date(data_key="date")
    starts = fields.Time(data_key="start_time")
    ends = fields.Time(data_key="end_time")
    starts_at = fields.AwareDateTime(metadata={"description": "the start in UTC"})
    ends_at = fields.AwareDateTime(metadata={"description": "the end in UTC"})
    location = fields.String(allow_none=True)
    virtual_link = fields.String(allow_none=True)


class CohortOut(Schema):
    id = fields.String()
    name = fields.String()
    level = fields.Integer()
    kind = fields.String()
    capacity = fields.Integer()
    days = fields.List(fields.Nested(CohortDayOut))
    trainer_ids = fields.List(fields.String())
    booked_count = fields.Integer()
    waiting_count = fields.Integer()
    state = fields.String(metadata={"description": "planned, open, full, running, finished or cancelled"})
    created_by = fields.String()
    created_at = fields.AwareDateTime(allow_none=True)
    backfill_reason = fields.String(allow_none=True)


class CohortQuery(PageQuery):
    level = fields.Integer(load_default=None, validate=validate.OneOf(COURSE_LEVELS))
    state = fields.String(load_default=None, validate=validate.OneOf(list(CohortStatus)))


class CohortPage(Page):
    items = fields.List(fields.Nested(CohortOut))


class CohortStateIn(Schema):
    state = fields.String(required=True, validate=validate.OneOf(
        [CohortStatus.OPEN, CohortStatus.RUNNING, CohortStatus.FINISHED, CohortStatus.CANCELLED]))


class TrainersIn(Schema):
    trainer_ids = fields.List(Id(), required=True, validate=validate.Length(max=20))


class AttendanceIn(Schema):
    staff_id = Id(required=True)
    on = fields.Date(required=True, data_key="date")
    attended = fields.Boolean(required=True)


class SignOffIn(Schema):
    staff_id = Id(required=True)
    competence_id = Id(required=True)


class AttendanceOut(Schema):
    on = fields.Date(data_key="date")
    attended = fields.Boolean()
    recorded_by = fields.String()


class SignOffOut(Schema):
    competence_id = fields.String()
    signed_off_by = fields.String()
    signed_off_at = fields.DateTime()


class PlaceOut(Schema):
    staff_id = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "the participant's name (in the list of places)"})
    completed = fields.Boolean(metadata={"description": "completed the course on this cohort (in the list of places)"})
    nomination_id = fields.String()
    status = fields.String(metadata={"description": "booked, or waiting (the cohort's waiting list)"})
    placed_at = fields.DateTime()
    attendance = fields.List(fields.Nested(AttendanceOut))
    sign_offs = fields.List(fields.Nested(SignOffOut))


class CourseCompletionIn(Schema):
    staff_id = Id(required=True)
    attended_all_days = fields.Boolean(load_default=False, metadata={
        "description": "true: record attendance on every course day, as the one completing"})
    competences_signed_off = fields.String(load_default=None, validate=validate.OneOf(["all"]), metadata={
        "description": "\"all\": sign off every current competence of the level, as the one completing"})
