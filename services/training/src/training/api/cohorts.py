"""Cohorts: scheduled runs of a course; their state, trainers, attendance, sign-offs and completions."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.http.preconditions import CONDITIONAL_EDIT, if_match
from psn_shared.roles import COORDINATORS
from training.adapters import course_calendar
from training.api.context import policy
from training.api.schemas.cohorts import (
    AttendanceIn,
    CohortChangeIn,
    CohortIn,
    CohortOut,
    CohortPage,
    CohortQuery,
    CohortStateIn,
    CourseCompletionIn,
    PlaceOut,
    SignOffIn,
    TrainersIn,
)
from training.api.schemas.records import CompletionOut
from training.domain.cohorts import Cohort, Place
from training.domain.levels import LevelCompletion
from training.service_layer import cohorts

blp = Blueprint("cohorts", __name__, description="Cohorts, attendance, competence sign-off and course completion")


@blp.route("/api/v1/cohorts")
class Cohorts(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(CohortIn)
    @blp.response(201, CohortOut)
    def post(self, body: dict) -> Cohort:
        """Schedule a cohort with its course days, open (default) or planned (coordinator, admin)"""
        days = [cohorts.Day(**day) for day in body.pop("days")]
        cmd = cohorts.CreateCohort(**body, days=days, created_by=current_principal().staff_id)
        with unit_of_work() as uow:
            return cohorts.create_cohort(cmd, uow)

    @authenticated()
    @blp.arguments(CohortQuery, location="query")
    @blp.response(200, CohortPage)
    def get(self, query: dict) -> dict[str, Any]:
        """Cohorts by name, to find one to book"""
        with unit_of_work() as uow:
            items, total = cohorts.list_cohorts(query["level"], query["state"], query["limit"], query["offset"], uow)
        return {"items": items, "total": total, "limit": query["limit"], "offset": query["offset"]}


@blp.route("/api/v1/cohorts/<string:cohort_id>")
class CohortItem(MethodView):
    @authenticated()
    @blp.response(200, CohortOut)
    def get(self, cohort_id: str) -> Cohort:
        """One cohort: its days, trainers, places booked and waiting, and state"""
        with unit_of_work() as uow:
            return cohorts.get_cohort(cohort_id, uow)

    @authenticated(*COORDINATORS)
    @blp.arguments(CohortChangeIn)
    @blp.response(200, CohortOut)
    @blp.doc(**CONDITIONAL_EDIT)
    def patch(self, body: dict, cohort_id: str) -> Cohort:
        """Change a planned or open cohort's capacity or days (coordinator, admin)

        A raised capacity moves the waiting list into the new places at once (each told); a lower one
        stops at the places booked. Moved days are announced to everyone booked
        (`training.cohort.rescheduled`) and refused if they would clash with anyone's other course.
        """
        days = [cohorts.Day(**day) for day in body["days"]] if "days" in body else None
        cmd = cohorts.ChangeCohort(cohort_id=cohort_id, capacity=body.get("capacity"), days=days)
        with unit_of_work() as uow:
            return cohorts.change_cohort(cmd, uow, precondition=if_match(CohortOut()))


@blp.route("/api/v1/cohorts/<string:cohort_id>/state")
class CohortState(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(CohortStateIn)
    @blp.response(200, CohortOut)
    def post(self, body: dict, cohort_id: str) -> Cohort:
        """Open, start (running), finish or cancel a cohort (coordinator, admin)"""
        with unit_of_work() as uow:
            return cohorts.change_state(cohorts.ChangeState(cohort_id, body["state"]), uow)


@blp.route("/api/v1/cohorts/<string:cohort_id>/trainers")
class CohortTrainers(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(TrainersIn)
    @blp.response(200, CohortOut)
    def put(self, body: dict, cohort_id: str) -> Cohort:
        """Assign the cohort's trainers; each must hold the trainer role (coordinator, admin)"""
        with unit_of_work() as uow:
            return cohorts.assign_trainers(cohorts.AssignTrainers(cohort_id, body["trainer_ids"]), uow)


@blp.route("/api/v1/cohorts/<string:cohort_id>/places")
class CohortPlaces(MethodView):
    @authenticated()
    @blp.response(200, PlaceOut(many=True))
    def get(self, cohort_id: str) -> list[cohorts.Participant]:
        """Who is booked and waiting, by name, with attendance and sign-offs (the cohort's trainers, coordinator)"""
        with unit_of_work() as uow:
            return cohorts.named_participants(cohort_id, current_principal(), uow)


@blp.route("/api/v1/cohorts/<string:cohort_id>/calendar")
class CohortCalendar(MethodView):
    @authenticated()
    @blp.doc(responses={"200": {"description": "The course days (RFC 5545), one event a day",
                                "content": {"text/calendar": {"schema": {"type": "string"}}}}})
    def get(self, cohort_id: str) -> Response:
        """The cohort's course days as a calendar file to import (those booked on it, its trainers, coordinator)

        Each day keeps its UID (the cohort and the day's place in the course), so importing the file again
        updates the days rather than adding them twice; a cancelled cohort's days are STATUS:CANCELLED.
        """
        with unit_of_work() as uow:
            cohort = cohorts.days_for_calendar(cohort_id, current_principal(), uow)
            body = course_calendar.course_days(cohort, uow.now())
        return Response(body, mimetype="text/calendar", headers={
            "Content-Disposition": f'attachment; filename="{course_calendar.filename(cohort)}"',
            "Cache-Control": "private, no-store"})


@blp.route("/api/v1/cohorts/<string:cohort_id>/attendance")
class CohortAttendance(MethodView):
    @authenticated()
    @blp.arguments(AttendanceIn)
    @blp.response(200, PlaceOut)
    def put(self, body: dict, cohort_id: str) -> Place:
        """Record whether a booked participant attended a course day (the cohort's trainers, coordinator)"""
        cmd = cohorts.RecordAttendance(cohort_id=cohort_id, principal=current_principal(), **body)
        with unit_of_work() as uow:
            return cohorts.record_attendance(cmd, uow)


@blp.route("/api/v1/cohorts/<string:cohort_id>/sign-offs")
class CohortSignOffs(MethodView):
    @authenticated()
    @blp.arguments(SignOffIn)
    @blp.response(200, PlaceOut)
    def post(self, body: dict, cohort_id: str) -> Place:
        """Sign off one competence for a booked participant (the cohort's trainers, coordinator)"""
        cmd = cohorts.SignOffCompetence(cohort_id=cohort_id, principal=current_principal(), **body)
        with unit_of_work() as uow:
            return cohorts.sign_off(cmd, uow)


@blp.route("/api/v1/cohorts/<string:cohort_id>/sign-offs/<string:staff_id>/<string:competence_id>")
class CohortSignOff(MethodView):
    @authenticated()
    @blp.response(200, PlaceOut)
    def delete(self, cohort_id: str, staff_id: str, competence_id: str) -> Place:
        """Take back a competence signed off by mistake, before the course is completed (the cohort's trainers,
        coordinator); one not signed off changes nothing"""
        cmd = cohorts.WithdrawSignOff(cohort_id=cohort_id, staff_id=staff_id, competence_id=competence_id,
                                      principal=current_principal())
        with unit_of_work() as uow:
            return cohorts.withdraw_sign_off(cmd, uow)


@blp.route("/api/v1/cohorts/<string:cohort_id>/completions")
class CourseCompletions(MethodView):
    @authenticated()
    @blp.arguments(CourseCompletionIn)
    @blp.response(201, CompletionOut)
    def post(self, body: dict, cohort_id: str) -> LevelCompletion:
        """Complete the course for a participant: every day attended, every competence signed off

        Issues the certificate and announces `training.level.completed`. The confirmations
        `attended_all_days: true` and `competences_signed_off: "all"` record what is still missing
        as the final sign-off (the cohort's trainers, coordinator, admin).
        """
        cmd = cohorts.RecordCourseCompletion(
            cohort_id=cohort_id, staff_id=body["staff_id"], principal=current_principal(), policy=policy(),
            attended_all_days=body["attended_all_days"],
            all_competences_signed_off=body["competences_signed_off"] == "all",
        )
        with unit_of_work() as uow:
            return cohorts.record_course_completion(cmd, uow)
