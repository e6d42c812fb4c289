"""A peer supporter's monthly hours: lowered at once, raised by one manager and agreed by the other."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView

from identity.api.schemas import RaiseRefusalIn, SupporterHoursIn, SupporterHoursOut
from identity.service_layer import supporter_hours
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint

blp = Blueprint("supporter_hours", __name__, description="A peer supporter's monthly hours")


@blp.route("/api/v1/staff/<string:staff_id>/supporter-hours")
class SupporterHours(MethodView):
    @authenticated()
    @blp.response(200, SupporterHoursOut)
    def get(self, staff_id: str) -> dict[str, Any]:
        """The hours in force, a raise awaiting agreement and every change (the supporter, their managers,
        admin, coordinator)"""
        with unit_of_work() as uow:
            return supporter_hours.read(staff_id, current_principal(), uow)

    @authenticated()
    @blp.arguments(SupporterHoursIn)
    @blp.response(200, SupporterHoursOut)
    def put(self, body: dict, staff_id: str) -> dict[str, Any]:
        """Change the hours: lower ones take effect at once (the supporter, their managers, admin, coordinator);
        higher ones are proposed by one manager and wait for the other's agreement

        A raise replaces any raise still waiting, and so does a lowering.
        """
        cmd = supporter_hours.ChangeHours(staff_id, body["monthly_hours"], body["reason"], current_principal())
        with unit_of_work() as uow:
            return supporter_hours.change(cmd, uow)


@blp.route("/api/v1/staff/<string:staff_id>/supporter-hours/raises/<uuid:change_id>/agreement")
class RaiseAgreement(MethodView):
    @authenticated()
    @blp.response(200, SupporterHoursOut)
    def post(self, staff_id: str, change_id: uuid.UUID) -> dict[str, Any]:
        """Agree to a raise waiting for you: it takes effect now (the other manager; a coordinator for a
        vacant post)"""
        cmd = supporter_hours.DecideRaise(staff_id, str(change_id), current_principal())
        with unit_of_work() as uow:
            return supporter_hours.agree(cmd, uow)


@blp.route("/api/v1/staff/<string:staff_id>/supporter-hours/raises/<uuid:change_id>/withdrawal")
class RaiseWithdrawal(MethodView):
    @authenticated()
    @blp.response(200, SupporterHoursOut)
    def post(self, staff_id: str, change_id: uuid.UUID) -> dict[str, Any]:
        """Withdraw a raise you proposed, before it is agreed (its proposer)"""
        cmd = supporter_hours.DecideRaise(staff_id, str(change_id), current_principal())
        with unit_of_work() as uow:
            return supporter_hours.withdraw(cmd, uow)


@blp.route("/api/v1/staff/<string:staff_id>/supporter-hours/raises/<uuid:change_id>/refusal")
class RaiseRefusal(MethodView):
    @authenticated()
    @blp.arguments(RaiseRefusalIn)
    @blp.response(200, SupporterHoursOut)
    def post(self, body: dict, staff_id: str, change_id: uuid.UUID) -> dict[str, Any]:
        """Decline a raise waiting for you, with an optional reason: the hours stay as they are and its proposer is
        told (the other manager; a coordinator for a vacant post)"""
        cmd = supporter_hours.DeclineRaise(staff_id, str(change_id), body["reason"], current_principal())
        with unit_of_work() as uow:
            return supporter_hours.decline(cmd, uow)
