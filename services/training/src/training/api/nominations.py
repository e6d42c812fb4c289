"""Nominations for a course, and the managers' decisions on them."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from psn_shared.http import authenticated, current_principal, unit_of_work
from training.api.schemas import DecisionIn, NominationIn, NominationOut
from training.service_layer import services

blp = Blueprint("nominations", __name__, description="Nominations and approvals")


@blp.route("/api/v1/nominations")
class Nominations(MethodView):
    @authenticated()
    @blp.arguments(NominationIn)
    @blp.response(201, NominationOut)
    def post(self, body: dict):
        """Nominate yourself or a colleague for a cohort"""
        cmd = services.Nominate(**body, nominated_by=current_principal().staff_id)
        with unit_of_work() as uow:
            return services.nominate(cmd, uow)


@blp.route("/api/v1/nominations/<string:nomination_id>")
class NominationItem(MethodView):
    @authenticated()
    @blp.response(200, NominationOut)
    def get(self, nomination_id: str):
        """One nomination (the nominee, their line and senior managers, coordinator, admin)"""
        with unit_of_work() as uow:
            return services.readable_nomination(nomination_id, current_principal(), uow)


@blp.route("/api/v1/nominations/<string:nomination_id>/approvals")
class Decisions(MethodView):
    @authenticated()
    @blp.arguments(DecisionIn)
    @blp.response(200, NominationOut)
    def post(self, body: dict, nomination_id: str):
        """Approve (confirming monthly hours) or refuse: the line manager first, then the senior manager"""
        cmd = services.Decide(nomination_id=nomination_id, approver_id=current_principal().staff_id, **body)
        with unit_of_work() as uow:
            return services.decide(cmd, uow)
