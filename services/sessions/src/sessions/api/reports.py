"""Aggregate reports: counts only, small numbers suppressed."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS
from sessions.api.schemas import DemandReport
from sessions.service_layer import queries

blp = Blueprint("reports", __name__, description="Aggregate reports")


@blp.route("/api/v1/reports/demand")
class Demand(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, DemandReport)
    def get(self) -> dict[str, Any]:
        """Support demand against capacity (coordinator, admin); counts under 5 shown as <5"""
        with unit_of_work() as uow:
            return queries.demand_report(uow)
