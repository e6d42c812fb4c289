"""The staff directory: people, leavers and returners, roles with their history, delegations."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from identity.api.schemas import (
    DelegationEndIn,
    DelegationIn,
    DelegationOut,
    LeaveIn,
    RoleEndIn,
    RoleGrantIn,
    RoleGrantOut,
    StaffIn,
    StaffOut,
    StaffPage,
    StaffPageQuery,
    StaffPatch,
)
from identity.domain.model import Staff
from identity.service_layer import directory, roles
from identity.service_layer.directory import DIRECTORY_ADMINS, today
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.errors import Forbidden, NotFound
from psn_shared.http import authenticated, current_principal, unit_of_work

blp = Blueprint("staff", __name__, description="Staff directory, roles and delegations")


@blp.route("/api/v1/staff")
class StaffCollection(MethodView):
    @authenticated(*DIRECTORY_ADMINS)
    @blp.arguments(StaffIn)
    @blp.response(201, StaffOut)
    def post(self, body: dict):
        """Register a member of staff (admin, coordinator)"""
        with unit_of_work() as uow:
            return directory.register_staff(directory.RegisterStaff(**body), uow)

    @authenticated(*DIRECTORY_ADMINS)
    @blp.arguments(StaffPageQuery, location="query")
    @blp.response(200, StaffPage)
    def get(self, query: dict):
        """List staff a page at a time (admin, coordinator)

        Filter by team, service, organisation, role and status; `q` searches names.
        """
        page = {"limit": query.pop("limit"), "offset": query.pop("offset")}
        with unit_of_work() as uow:
            items, total = uow.staff.list(**page, **query)
            return {"items": items, "total": total, **page}


def _readable_member(staff_id: str, uow: IdentityUnitOfWork) -> Staff:
    """A record is readable by its owner, their managers (and a delegate standing in), and directory administrators."""
    principal = current_principal()
    member = uow.staff.get(staff_id)
    if member is None:
        raise NotFound("no such member of staff")
    allowed = (
        principal.staff_id == member.id
        or principal.has_role(*DIRECTORY_ADMINS)
        or directory.manages(principal.staff_id, member, uow)
    )
    if not allowed:
        raise Forbidden("you may read only your own record and those of the people you manage")
    return member


@blp.route("/api/v1/staff/<string:staff_id>")
class StaffItem(MethodView):
    @authenticated()
    @blp.response(200, StaffOut)
    def get(self, staff_id: str):
        """One member of staff (themselves, their managers, admin, coordinator)"""
        with unit_of_work() as uow:
            return _readable_member(staff_id, uow)

    @authenticated()
    @blp.arguments(StaffPatch)
    @blp.response(200, StaffOut)
    def patch(self, body: dict, staff_id: str):
        """Edit a record: directory fields (admin, coordinator), profile fields (the person themselves)"""
        with unit_of_work() as uow:
            return directory.update_staff(directory.UpdateStaff(staff_id, body, current_principal()), uow)


@blp.route("/api/v1/staff/<string:staff_id>/leave")
class Leave(MethodView):
    @authenticated(*DIRECTORY_ADMINS)
    @blp.arguments(LeaveIn)
    @blp.response(200, StaffOut)
    def post(self, body: dict, staff_id: str):
        """Record a leaver: roles end, logins end, the record and its history stay (admin, coordinator)"""
        cmd = directory.LeaveStaff(staff_id, body["left_on"] or today(), body["reason"], current_principal().staff_id)
        with unit_of_work() as uow:
            return directory.leave(cmd, uow)


@blp.route("/api/v1/staff/<string:staff_id>/reinstate")
class Reinstate(MethodView):
    @authenticated(*DIRECTORY_ADMINS)
    @blp.response(200, StaffOut)
    def post(self, staff_id: str):
        """Reinstate a leaver; roles they held are not restored by themselves (admin, coordinator)"""
        with unit_of_work() as uow:
            return directory.reinstate(directory.ReinstateStaff(staff_id), uow)


@blp.route("/api/v1/staff/<string:staff_id>/roles")
class StaffRoles(MethodView):
    @authenticated()
    @blp.response(200, RoleGrantOut(many=True))
    def get(self, staff_id: str):
        """A person's role history: every grant, who granted it, when and why, and how it ended"""
        with unit_of_work() as uow:
            return _readable_member(staff_id, uow).role_grants

    @authenticated()
    @blp.arguments(RoleGrantIn)
    @blp.response(201, RoleGrantOut)
    def post(self, body: dict, staff_id: str):
        """Grant a role, as the access matrix allows (never to yourself)"""
        with unit_of_work() as uow:
            return roles.grant_by_person(roles.GrantRole(staff_id, body["role"], body["reason"], current_principal()),
                                         uow)


@blp.route("/api/v1/staff/<string:staff_id>/roles/<string:role>/revocations")
class RoleRevocations(MethodView):
    @authenticated()
    @blp.arguments(RoleEndIn)
    @blp.response(200, RoleGrantOut)
    def post(self, body: dict, staff_id: str, role: str):
        """Suspend or withdraw a role, with a reason, as the access matrix allows"""
        cmd = roles.EndRole(staff_id, role, body["reason"], body["ending"], current_principal())
        with unit_of_work() as uow:
            return roles.end_by_person(cmd, uow)


@blp.route("/api/v1/staff/<string:staff_id>/delegations")
class Delegations(MethodView):
    @authenticated()
    @blp.arguments(DelegationIn)
    @blp.response(201, DelegationOut)
    def post(self, body: dict, staff_id: str):
        """Name a temporary manager for a period (the manager themselves, admin, coordinator)"""
        with unit_of_work() as uow:
            return directory.delegate(directory.Delegate(manager_id=staff_id, actor=current_principal(), **body), uow)

    @authenticated()
    @blp.response(200, DelegationOut(many=True))
    def get(self, staff_id: str):
        """A manager's delegations (the manager themselves, admin, coordinator)"""
        current_principal().require_self_or_role(staff_id, *DIRECTORY_ADMINS)
        with unit_of_work() as uow:
            return uow.delegations.of_manager(staff_id)


# A uuid converter: any other id is a 404 before it reaches the database (which refuses a NUL in text).
@blp.route("/api/v1/staff/<string:staff_id>/delegations/<uuid:delegation_id>/ending")
class DelegationEnding(MethodView):
    @authenticated()
    @blp.arguments(DelegationEndIn)
    @blp.response(200, DelegationOut)
    def post(self, body: dict, staff_id: str, delegation_id: uuid.UUID):
        """End a delegation now, or cancel one not yet begun, with a reason (the manager, admin, coordinator)"""
        cmd = directory.EndDelegation(staff_id, str(delegation_id), body["reason"], current_principal())
        with unit_of_work() as uow:
            return directory.end_delegation(cmd, uow)


@blp.route("/api/v1/me/reports")
class MyReports(MethodView):
    @authenticated()
    @blp.response(200, StaffOut(many=True))
    def get(self):
        """The people you line-manage or senior-manage, and those of any manager you stand in for today"""
        with unit_of_work() as uow:
            return uow.staff.reports_of(current_principal().staff_id, today())
