"""Organisations (the health board and partner local authorities), their services, and teams."""

from __future__ import annotations

from flask.views import MethodView

from identity.api.schemas import (
    OrganisationIn,
    OrganisationOut,
    ServiceIn,
    ServiceOut,
    ServiceQuery,
    TeamIn,
    TeamOut,
    TeamPatch,
    TeamQuery,
)
from identity.domain.model import Organisation, Service, Team
from identity.service_layer import organisations, queries
from psn_shared.http import authenticated, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.http.preconditions import CONDITIONAL_EDIT, if_match
from psn_shared.roles import COORDINATORS

blp = Blueprint("directory", __name__, description="Organisations, services and teams")


@blp.route("/api/v1/organisations")
class Organisations(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(OrganisationIn)
    @blp.response(201, OrganisationOut)
    def post(self, body: dict) -> Organisation:
        """Add an organisation: the health board or a partner local authority (admin, coordinator)"""
        with unit_of_work() as uow:
            return organisations.create_organisation(organisations.CreateOrganisation(**body), uow)

    @authenticated()
    @blp.response(200, OrganisationOut(many=True))
    def get(self) -> list[Organisation]:
        """List organisations"""
        with unit_of_work() as uow:
            return queries.organisations(uow)


@blp.route("/api/v1/services")
class Services(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(ServiceIn)
    @blp.response(201, ServiceOut)
    def post(self, body: dict) -> Service:
        """Add a service (directorate) to an organisation (admin, coordinator)"""
        with unit_of_work() as uow:
            return organisations.create_service(organisations.CreateService(**body), uow)

    @authenticated()
    @blp.arguments(ServiceQuery, location="query")
    @blp.response(200, ServiceOut(many=True))
    def get(self, query: dict) -> list[Service]:
        """List services, of one organisation if asked"""
        with unit_of_work() as uow:
            return queries.services(query["organisation_id"], uow)


@blp.route("/api/v1/teams")
class Teams(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(TeamIn)
    @blp.response(201, TeamOut)
    def post(self, body: dict) -> Team:
        """Create a team (admin, coordinator)"""
        with unit_of_work() as uow:
            return organisations.create_team(organisations.CreateTeam(**body), uow)

    @authenticated()
    @blp.arguments(TeamQuery, location="query")
    @blp.response(200, TeamOut(many=True))
    def get(self, query: dict) -> list[Team]:
        """List teams, of one service or organisation if asked"""
        with unit_of_work() as uow:
            return queries.teams(query["service_id"], query["organisation_id"], uow)


@blp.route("/api/v1/teams/<string:team_id>")
class TeamItem(MethodView):
    @authenticated()
    @blp.response(200, TeamOut)
    def get(self, team_id: str) -> Team:
        """One team"""
        with unit_of_work() as uow:
            return queries.team(team_id, uow)

    @authenticated(*COORDINATORS)
    @blp.arguments(TeamPatch)
    @blp.response(200, TeamOut)
    @blp.doc(**CONDITIONAL_EDIT)
    def patch(self, body: dict, team_id: str) -> Team:
        """Rename a team or move it to another service (admin, coordinator)"""
        with unit_of_work() as uow:
            return organisations.update_team(organisations.UpdateTeam(team_id, body), uow,
                                             precondition=if_match(TeamOut()))
