"""The support journey after allocation: accept, ask for another supporter, hand back, re-allocate by hand,
and a supporter's pause and resume."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from sessions.api.schemas import HandBackIn, ReallocateIn, SupporterOut, SupportRequestOut
from sessions.service_layer import journey, queries

blp = Blueprint("support_journey", __name__, description="Accepting, changing and handing back a supporter")


@blp.route("/api/v1/support-requests/<string:request_id>/accept")
class Accept(MethodView):
    @authenticated()
    @blp.response(200, SupportRequestOut)
    def post(self, request_id: str) -> queries.RequestView:
        """The requester accepts their supporter (409 unless allocated and not yet accepted)"""
        principal = current_principal()
        with unit_of_work() as uow:
            return queries.with_contact(journey.accept(request_id, principal, uow), principal, uow)


@blp.route("/api/v1/support-requests/<string:request_id>/another-supporter")
class AnotherSupporter(MethodView):
    @authenticated()
    @blp.response(200, SupportRequestOut)
    def post(self, request_id: str) -> queries.RequestView:
        """The requester asks for a different supporter; the present one is never given this request again"""
        principal = current_principal()
        with unit_of_work() as uow:
            return queries.with_contact(journey.ask_for_another(request_id, principal, uow), principal, uow)


@blp.route("/api/v1/support-requests/<string:request_id>/hand-back")
class HandBack(MethodView):
    @authenticated()
    @blp.arguments(HandBackIn)
    @blp.response(200, SupportRequestOut)
    def post(self, body: dict[str, Any], request_id: str) -> queries.RequestView:
        """The supporter hands the case back with a reason; it goes to someone else or waits"""
        principal = current_principal()
        cmd = journey.HandBack(request_id=request_id, principal=principal, **body)
        with unit_of_work() as uow:
            return queries.with_contact(journey.hand_back(cmd, uow), principal, uow)


@blp.route("/api/v1/support-requests/<string:request_id>/reallocate")
class Reallocate(MethodView):
    @authenticated()
    @blp.arguments(ReallocateIn)
    @blp.response(200, SupportRequestOut)
    def post(self, body: dict[str, Any], request_id: str) -> queries.RequestView:
        """The coordinator gives the request to a named supporter, within every rule (422 naming the rule)"""
        principal = current_principal()
        cmd = journey.Reallocate(request_id=request_id, principal=principal, **body)
        with unit_of_work() as uow:
            return queries.with_contact(journey.reallocate_by_hand(cmd, uow), principal, uow)


@blp.route("/api/v1/supporters/<string:staff_id>/pause")
class Pause(MethodView):
    @authenticated()
    @blp.response(200, SupporterOut)
    def post(self, staff_id: str) -> dict[str, Any]:
        """The supporter (or coordinator) pauses new allocations; the cases held stay (409 if paused)"""
        principal = current_principal()
        with unit_of_work() as uow:
            journey.pause(staff_id, principal, uow)
            return queries.supporter_view(staff_id, principal, uow)


@blp.route("/api/v1/supporters/<string:staff_id>/resume")
class Resume(MethodView):
    @authenticated()
    @blp.response(200, SupporterOut)
    def post(self, staff_id: str) -> dict[str, Any]:
        """Resume new allocations (409 if not paused); serves the waiting list"""
        principal = current_principal()
        with unit_of_work() as uow:
            journey.resume(staff_id, principal, uow)
            return queries.supporter_view(staff_id, principal, uow)
