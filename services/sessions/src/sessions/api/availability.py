"""A supporter's weekly availability windows and leave."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.http.preconditions import CONDITIONAL_EDIT, if_match
from sessions.api.schemas_conversations import AvailabilityOut, LeaveIn, LeaveOut, WindowsIn
from sessions.domain.availability import Leave
from sessions.service_layer import availability

blp = Blueprint("availability", __name__, description="When supporters can meet")


@blp.route("/api/v1/supporters/<string:staff_id>/availability")
class SupporterAvailability(MethodView):
    @authenticated()
    @blp.response(200, AvailabilityOut)
    def get(self, staff_id: str) -> dict[str, Any]:
        """A supporter's weekly windows (Europe/London) and leave not yet over (the supporter, coordinator)"""
        with unit_of_work() as uow:
            return availability.availability_of(staff_id, current_principal(), uow)

    @authenticated()
    @blp.arguments(WindowsIn)
    @blp.response(200, AvailabilityOut)
    @blp.doc(**CONDITIONAL_EDIT)
    def put(self, body: dict[str, Any], staff_id: str) -> dict[str, Any]:
        """Replace the weekly windows (the supporter, coordinator); an empty list means any time"""
        with unit_of_work() as uow:
            return availability.set_windows(staff_id, body["windows"], current_principal(), uow,
                                            precondition=if_match(AvailabilityOut()))


@blp.route("/api/v1/supporters/<string:staff_id>/leave")
class SupporterLeave(MethodView):
    @authenticated()
    @blp.arguments(LeaveIn)
    @blp.response(201, LeaveOut)
    def post(self, body: dict[str, Any], staff_id: str) -> Leave:
        """Record leave: days (both included) when no time may be proposed to them (the supporter, coordinator)"""
        with unit_of_work() as uow:
            return availability.add_leave(staff_id, body["first_day"], body["last_day"], current_principal(), uow)


@blp.route("/api/v1/supporters/<string:staff_id>/leave/<string:leave_id>")
class SupporterLeaveItem(MethodView):
    @authenticated()
    @blp.response(204)
    def delete(self, staff_id: str, leave_id: str) -> None:
        """Remove leave (the supporter, coordinator)"""
        with unit_of_work() as uow:
            availability.remove_leave(staff_id, leave_id, current_principal(), uow)
