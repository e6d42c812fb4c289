"""Wellbeing champions in every team, whom each member of staff can turn to, and the coverage report."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from identity.api.schemas import ChampionIn, ContactOut, CoverageOut, CoverageQuery, RoleGrantOut, SupportContactsOut
from identity.domain.coverage import Contact
from identity.domain.model import RoleGrant
from identity.service_layer import champions
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint

blp = Blueprint("champions", __name__, description="Wellbeing champions, contacts and coverage")


@blp.route("/api/v1/teams/<string:team_id>/champions")
class TeamChampions(MethodView):
    @authenticated()
    @blp.response(200, ContactOut(many=True))
    def get(self, team_id: str) -> list[Contact]:
        """A team's wellbeing champions: name and work contact (anyone signed in)"""
        with unit_of_work() as uow:
            return champions.team_champions(team_id, uow)

    @authenticated()
    @blp.arguments(ChampionIn)
    @blp.response(201, RoleGrantOut)
    def post(self, body: dict, team_id: str) -> RoleGrant:
        """Appoint a member of the team as a wellbeing champion (their manager, coordinator, admin)"""
        cmd = champions.AppointChampion(team_id, body["staff_id"], body["reason"], current_principal())
        with unit_of_work() as uow:
            return champions.appoint_champion(cmd, uow)


@blp.route("/api/v1/me/support-contacts")
class MySupportContacts(MethodView):
    @authenticated()
    @blp.response(200, SupportContactsOut)
    def get(self) -> champions.SupportContacts:
        """Your team's wellbeing champions and your service's peer supporters, available ones first"""
        with unit_of_work() as uow:
            return champions.support_contacts(current_principal().staff_id, uow)


@blp.route("/api/v1/reports/champion-coverage")
class ChampionCoverage(MethodView):
    @authenticated()
    @blp.arguments(CoverageQuery, location="query")
    @blp.response(200, CoverageOut)
    def get(self, query: dict) -> dict[str, Any]:
        """Teams without a champion or peer supporter, or with only one, per service and organisation
        (coordinator, admin, governance; a line manager sees their own teams)"""
        with unit_of_work() as uow:
            return champions.champion_coverage(current_principal(), query["organisation_id"], query["service_id"], uow)
