"""The staff directory: people, leavers and returners, roles with their history, delegations."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from flask import current_app
from flask.views import MethodView

from identity.api.limits import limit_directory, limiter, user_key
from identity.api.schemas import (
    ColleagueOut,
    ColleagueQuery,
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
from identity.domain.model import RoleGrant, Staff
from identity.service_layer import auth, delegations, queries, roles, staff
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.http.preconditions import CONDITIONAL_EDIT, if_match
from psn_shared.roles import COORDINATORS, MANAGER_ROLES

blp = Blueprint("staff", __name__, description="Staff directory, roles and delegations")


@blp.route("/api/v1/staff")
class StaffCollection(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(StaffIn)
    @blp.response(201, StaffOut)
    def post(self, body: dict) -> Staff:
        """Register a member of staff (admin, coordinator)

        Someone registered without a password is emailed a welcome with a single-use link to choose
        their first one (`identity.staff.welcomed`), valid `WELCOME_TOKEN_TTL_S` (7 days).
        """
        with unit_of_work() as uow:
            return staff.register_staff(staff.RegisterStaff(**body, welcome=_welcome_link()), uow)

    @authenticated(*COORDINATORS)
    @limiter.limit(limit_directory, key_func=user_key)
    @blp.arguments(StaffPageQuery, location="query")
    @blp.response(200, StaffPage)
    @blp.alt_response(429, description="Too many directory searches by this caller")
    def get(self, query: dict) -> dict:
        """List staff a page at a time (admin, coordinator)

        Filter by team, service, organisation, role and status; `q` searches names.
        """
        page = {"limit": query.pop("limit"), "offset": query.pop("offset")}
        with unit_of_work() as uow:
            items, total = queries.staff_page(query, page["limit"], page["offset"], uow)
            return {"items": items, "total": total, **page}


def _welcome_link() -> auth.PasswordLink:
    return auth.PasswordLink(current_app.config["RESET_LINK"],
                             timedelta(seconds=current_app.config["WELCOME_TOKEN_TTL_S"]))


@blp.route("/api/v1/staff/<string:staff_id>")
class StaffItem(MethodView):
    @authenticated()
    @blp.response(200, StaffOut)
    def get(self, staff_id: str) -> Staff:
        """One member of staff (themselves, their managers, admin, coordinator)"""
        with unit_of_work() as uow:
            return queries.member(staff_id, current_principal(), uow)

    @authenticated()
    @blp.arguments(StaffPatch)
    @blp.response(200, StaffOut)
    @blp.doc(**CONDITIONAL_EDIT)
    def patch(self, body: dict, staff_id: str) -> Staff:
        """Edit a record: directory fields (admin, coordinator), profile fields (the person themselves)"""
        with unit_of_work() as uow:
            return staff.update_staff(staff.UpdateStaff(staff_id, body, current_principal()), uow,
                                      precondition=if_match(StaffOut()))


@blp.route("/api/v1/staff/<string:staff_id>/leave")
class Leave(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(LeaveIn)
    @blp.response(200, StaffOut)
    def post(self, body: dict, staff_id: str) -> Staff:
        """Record a leaver: roles end, logins end, the record and its history stay (admin, coordinator)"""
        cmd = staff.LeaveStaff(staff_id, body["left_on"], body["reason"], current_principal().staff_id)
        with unit_of_work() as uow:
            return staff.leave(cmd, uow)


@blp.route("/api/v1/staff/<string:staff_id>/reinstate")
class Reinstate(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, StaffOut)
    def post(self, staff_id: str) -> Staff:
        """Reinstate a leaver; roles they held are not restored by themselves (admin, coordinator)"""
        with unit_of_work() as uow:
            return staff.reinstate(staff.ReinstateStaff(staff_id), uow)


@blp.route("/api/v1/staff/<string:staff_id>/welcome")
class Welcome(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, StaffOut)
    def post(self, staff_id: str) -> Staff:
        """Send the welcome again, or a first one to someone the HR import registered: a fresh link to choose
        their first password (`identity.staff.welcomed`); the link sent before stops working. Only for someone
        who has never had a password and has not left: otherwise 409 (admin, coordinator)"""
        with unit_of_work() as uow:
            return staff.welcome_again(staff.WelcomeAgain(staff_id, _welcome_link()), uow)


@blp.route("/api/v1/staff/<string:staff_id>/roles")
class StaffRoles(MethodView):
    @authenticated()
    @blp.response(200, RoleGrantOut(many=True))
    def get(self, staff_id: str) -> list[RoleGrant]:
        """A person's role history: every grant, who granted it, when and why, and how it ended"""
        with unit_of_work() as uow:
            return queries.role_history(staff_id, current_principal(), uow)

    @authenticated()
    @blp.arguments(RoleGrantIn)
    @blp.response(201, RoleGrantOut)
    def post(self, body: dict, staff_id: str) -> RoleGrant:
        """Grant a role, as the access matrix allows (never to yourself)"""
        cmd = roles.GrantRole(staff_id, body["role"], body["reason"], current_principal())
        with unit_of_work() as uow:
            return roles.grant_by_person(cmd, uow)


@blp.route("/api/v1/staff/<string:staff_id>/roles/<string:role>/revocations")
class RoleRevocations(MethodView):
    @authenticated()
    @blp.arguments(RoleEndIn)
    @blp.response(200, RoleGrantOut)
    def post(self, body: dict, staff_id: str, role: str) -> RoleGrant:
        """Suspend or withdraw a role, with a reason, as the access matrix allows"""
        cmd = roles.EndRole(staff_id, role, body["reason"], body["ending"], current_principal())
        with unit_of_work() as uow:
            return roles.end_by_person(cmd, uow)


@blp.route("/api/v1/staff/<string:staff_id>/delegations")
class Delegations(MethodView):
    @authenticated()
    @blp.arguments(DelegationIn)
    @blp.response(201, DelegationOut)
    def post(self, body: dict, staff_id: str) -> dict[str, Any]:
        """Name a temporary manager for a period (the manager themselves, admin, coordinator)"""
        cmd = delegations.Delegate(manager_id=staff_id, actor=current_principal(), **body)
        with unit_of_work() as uow:
            [delegation] = queries.named([delegations.delegate(cmd, uow)], uow)
            return delegation

    @authenticated()
    @blp.response(200, DelegationOut(many=True))
    def get(self, staff_id: str) -> list[dict[str, Any]]:
        """A manager's delegations (the manager themselves, admin, coordinator)"""
        with unit_of_work() as uow:
            return queries.delegations(staff_id, current_principal(), uow)


# A uuid converter: any other id is a 404 before it reaches the database (which refuses a NUL in text).
@blp.route("/api/v1/staff/<string:staff_id>/delegations/<uuid:delegation_id>/ending")
class DelegationEnding(MethodView):
    @authenticated()
    @blp.arguments(DelegationEndIn)
    @blp.response(200, DelegationOut)
    def post(self, body: dict, staff_id: str, delegation_id: uuid.UUID) -> dict[str, Any]:
        """End a delegation now, or cancel one not yet begun, with a reason (the manager, admin, coordinator)"""
        cmd = delegations.EndDelegation(staff_id, str(delegation_id), body["reason"], current_principal())
        with unit_of_work() as uow:
            [delegation] = queries.named([delegations.end_delegation(cmd, uow)], uow)
            return delegation


@blp.route("/api/v1/colleagues")
class Colleagues(MethodView):
    @authenticated(*COORDINATORS, *MANAGER_ROLES)
    @limiter.limit(limit_directory, key_func=user_key)
    @blp.arguments(ColleagueQuery, location="query")
    @blp.response(200, ColleagueOut(many=True))
    @blp.alt_response(429, description="Too many directory searches by this caller")
    def get(self, query: dict) -> list[Staff]:
        """Active colleagues by name, the first 20: name, job title and team, no contact details (managers, for
        naming a delegate; admin, coordinator)"""
        with unit_of_work() as uow:
            return queries.colleagues(query["q"], uow)


@blp.route("/api/v1/me/reports")
class MyReports(MethodView):
    @authenticated()
    @blp.response(200, StaffOut(many=True))
    def get(self) -> list[Staff]:
        """The people you line-manage or senior-manage, and those of any manager you stand in for today"""
        with unit_of_work() as uow:
            return queries.reports(current_principal().staff_id, uow)
