"""Support requests: ask for support, see where it stands, close it."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from sessions.api.referral_schemas import ReadReasonQuery
from sessions.api.schemas import (
    CloseIn,
    RequestPage,
    RequestPageQuery,
    SupportRequestIn,
    SupportRequestOut,
    support_request_out,
)
from sessions.domain.model import SupportRequest
from sessions.service_layer import audit, commands, queries

blp = Blueprint("support_requests", __name__, description="Support requests and their allocation")


@blp.route("/api/v1/support-requests")
class SupportRequests(MethodView):
    @authenticated()
    @blp.arguments(SupportRequestIn)
    @blp.response(201, SupportRequestOut)
    def post(self, body: dict[str, Any]) -> SupportRequest:
        """Ask for support; it is allocated to a supporter at once, or waits for one"""
        cmd = commands.RequestSupport(requester_id=current_principal().staff_id, **body)
        with unit_of_work() as uow:
            return commands.request_support(cmd, uow)

    @authenticated()
    @blp.arguments(RequestPageQuery, location="query")
    @blp.response(200, RequestPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The caller's own requests and those allocated to them (coordinator: all)"""
        with unit_of_work(reading=True) as uow:
            items, total = queries.list_requests(
                current_principal(), query["status"], query["limit"], query["offset"], uow
            )
            return {"items": items, "total": total, **query}


# webargs makes a schema given as a class anew for every request; this, the API's busiest read, is given one made once.
READ_REASON = ReadReasonQuery()


@blp.route("/api/v1/support-requests/<string:request_id>")
class SupportRequestItem(MethodView):
    @authenticated()
    @blp.arguments(READ_REASON, location="query")
    @blp.response(200, SupportRequestOut)
    def get(self, query: dict[str, Any], request_id: str) -> Response:
        """One request (the requester, their supporter, the coordinator: a reason, recorded; anyone else: 404)"""
        with unit_of_work(reading=True) as uow:
            view = audit.open_request(request_id, query["reason"], current_principal(), uow)
        # Serialised here rather than by the schema above, which documents it (see support_request_out).
        return jsonify(support_request_out(view))


@blp.route("/api/v1/support-requests/<string:request_id>/close")
class CloseSupportRequest(MethodView):
    @authenticated()
    @blp.arguments(CloseIn)
    @blp.response(200, SupportRequestOut)
    def post(self, body: dict[str, Any], request_id: str) -> SupportRequest:
        """Close a request (the requester, their supporter, the coordinator); frees the supporter's hour.
        The supporter may mark it heavy: a cool-down before their next case"""
        with unit_of_work() as uow:
            return commands.close_request(request_id, current_principal(), uow, heavy=body["heavy"])
