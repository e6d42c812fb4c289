"""The delivery log: whether each email went, for the people who run the network."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from notifications.api.schemas import DeliveryPage, DeliveryQuery
from notifications.domain import policy
from notifications.service_layer import queries
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint

blp = Blueprint("deliveries", __name__, description="The delivery log")


@blp.route("/api/v1/deliveries")
class Deliveries(MethodView):
    @authenticated()
    @blp.arguments(DeliveryQuery, location="query")
    @blp.response(200, DeliveryPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Deliveries, newest first, optionally for one recipient or in one status: anyone's for a
        coordinator or admin; one's own for everyone else (recipient_id left out, or theirs)"""
        principal = current_principal()
        recipient_id = query["recipient_id"]
        if not principal.has_role(*policy.DELIVERY_LOG_READERS):
            recipient_id = recipient_id or principal.staff_id
            principal.require_self_or_role(recipient_id, *policy.DELIVERY_LOG_READERS)
        with unit_of_work() as uow:
            items, total = queries.delivery_log(
                recipient_id, query["status"], query["limit"], query["offset"], uow,
                reader_id=principal.staff_id, reader_roles=set(principal.roles),
            )
            return {"items": items, "total": total, "limit": query["limit"], "offset": query["offset"]}
