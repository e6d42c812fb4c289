"""Cohorts: scheduled runs of a course, and who completed them."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from psn_shared.http import authenticated, current_principal, unit_of_work
from training.api.schemas import CohortIn, CohortOut, CompletionOut, CourseCompletionIn
from training.service_layer import services
from training.service_layer.services import COORDINATORS

blp = Blueprint("cohorts", __name__, description="Cohorts and course completions")


@blp.route("/api/v1/cohorts")
class Cohorts(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(CohortIn)
    @blp.response(201, CohortOut)
    def post(self, body: dict):
        """Schedule a cohort with its course days (coordinator, admin)"""
        cmd = services.CreateCohort(**body, created_by=current_principal().staff_id)
        with unit_of_work() as uow:
            return services.create_cohort(cmd, uow)


@blp.route("/api/v1/cohorts/<string:cohort_id>")
class CohortItem(MethodView):
    @authenticated()
    @blp.response(200, CohortOut)
    def get(self, cohort_id: str):
        """One cohort: its days, places booked and waiting"""
        with unit_of_work() as uow:
            return services.get_cohort(cohort_id, uow)


@blp.route("/api/v1/cohorts/<string:cohort_id>/completions")
class CourseCompletions(MethodView):
    @authenticated("trainer", *COORDINATORS)
    @blp.arguments(CourseCompletionIn)
    @blp.response(201, CompletionOut)
    def post(self, body: dict, cohort_id: str):
        """Record that a booked, approved nominee completed the course (trainer, coordinator, admin)"""
        cmd = services.RecordCourseCompletion(
            cohort_id=cohort_id, staff_id=body["staff_id"], recorded_by=current_principal().staff_id
        )
        with unit_of_work() as uow:
            return services.record_course_completion(cmd, uow)
