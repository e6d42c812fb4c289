"""The staff directory and teams."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from identity.api.schemas import RoleGrantOut, StaffIn, StaffOut, StaffPage, StaffPageQuery, TeamIn, TeamOut
from identity.service_layer import services
from psn_shared.errors import Forbidden, NotFound
from psn_shared.http import authenticated, current_principal, unit_of_work

blp = Blueprint("staff", __name__, description="Staff directory and teams")

DIRECTORY_ADMINS = ("admin", "coordinator")


@blp.route("/api/v1/teams")
class Teams(MethodView):
    @authenticated(*DIRECTORY_ADMINS)
    @blp.arguments(TeamIn)
    @blp.response(201, TeamOut)
    def post(self, body: dict):
        """Create a team (admin, coordinator)"""
        with unit_of_work() as uow:
            return services.create_team(services.CreateTeam(**body), uow)

    @authenticated()
    @blp.response(200, TeamOut(many=True))
    def get(self):
        """List teams"""
        with unit_of_work() as uow:
            return uow.teams.list()


@blp.route("/api/v1/staff")
class StaffCollection(MethodView):
    @authenticated(*DIRECTORY_ADMINS)
    @blp.arguments(StaffIn)
    @blp.response(201, StaffOut)
    def post(self, body: dict):
        """Register a member of staff (admin, coordinator)"""
        with unit_of_work() as uow:
            return services.register_staff(services.RegisterStaff(**body), uow)

    @authenticated(*DIRECTORY_ADMINS)
    @blp.arguments(StaffPageQuery, location="query")
    @blp.response(200, StaffPage)
    def get(self, query: dict):
        """List staff, a page at a time (admin, coordinator)"""
        with unit_of_work() as uow:
            items, total = uow.staff.list(team_id=query["team_id"], limit=query["limit"], offset=query["offset"])
            return {"items": items, "total": total, **query}


def _readable_member(staff_id: str, uow):
    """A record is readable by its owner, their managers, and directory administrators."""
    principal = current_principal()
    member = uow.staff.get(staff_id)
    if member is None:
        raise NotFound("no such member of staff")
    allowed = (
        principal.staff_id in (member.id, member.line_manager_id, member.senior_manager_id)
        or principal.has_role(*DIRECTORY_ADMINS)
    )
    if not allowed:
        raise Forbidden("you may read only your own record and those of the people you manage")
    return member


@blp.route("/api/v1/staff/<string:staff_id>")
class StaffItem(MethodView):
    @blp.response(200, StaffOut)
    def get(self, staff_id: str):
        """One member of staff (themselves, their managers, admin, coordinator)"""
        with unit_of_work() as uow:
            return _readable_member(staff_id, uow)


@blp.route("/api/v1/staff/<string:staff_id>/roles")
class StaffRoles(MethodView):
    @blp.response(200, RoleGrantOut(many=True))
    def get(self, staff_id: str):
        """A person's role history: every grant, who granted it, when and why"""
        with unit_of_work() as uow:
            member = _readable_member(staff_id, uow)
            return member.role_grants
