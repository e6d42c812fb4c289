"""Reports for the network coordinator, and the administrator's hand on the scheduler."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS, Role
from training.api.context import policy
from training.api.schemas.reports import CoverageOut, JobReportOut, PipelineOut, SupporterCoverageOut, TeamOut
from training.service_layer import jobs, reports, team_reports

blp = Blueprint("reports", __name__, description="Coverage and pipeline reports; due jobs")


@blp.route("/api/v1/reports/level-1-coverage")
class Level1Coverage(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, CoverageOut)
    def get(self) -> dict[str, Any]:
        """Share of active staff with Level 1, per team, per service and overall"""
        with unit_of_work() as uow:
            return reports.level_1_coverage(uow)


@blp.route("/api/v1/reports/my-teams/level-1-coverage")
class MyTeamsLevel1Coverage(MethodView):
    @authenticated()
    @blp.response(200, CoverageOut)
    def get(self) -> dict[str, Any]:
        """Level 1 coverage of the teams of the people you manage (anyone; nothing when you manage nobody)"""
        with unit_of_work() as uow:
            return team_reports.my_teams_coverage(current_principal().staff_id, uow)


@blp.route("/api/v1/reports/pipeline")
class Pipeline(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, PipelineOut(many=True))
    def get(self) -> list[dict[str, int]]:
        """Levels 2 and 3: nominated, approved, waiting, booked, completed, lapsed"""
        with unit_of_work() as uow:
            return reports.pipeline(uow)


@blp.route("/api/v1/reports/supporter-coverage")
class SupporterCoverage(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, SupporterCoverageOut)
    def get(self) -> dict[str, Any]:
        """Each team's current peer supporters against its organisation's target (more than one, by default)"""
        with unit_of_work() as uow:
            return reports.supporter_coverage(uow)


@blp.route("/api/v1/reports/teams-without-supporters")
class TeamsWithoutSupporters(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, TeamOut(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Teams where nobody is a peer supporter with a certificate that stands"""
        with unit_of_work() as uow:
            return reports.teams_without_supporters(uow)


@blp.route("/api/v1/jobs/run")
class RunJobs(MethodView):
    @authenticated(Role.ADMIN)
    @blp.response(200, JobReportOut)
    def post(self) -> jobs.JobReport:
        """Run the reminders, expiries and lapses due now, without waiting for the scheduler (admin)"""
        with unit_of_work() as uow:
            return jobs.run_due_jobs(uow.now(), policy(), uow)


