"""Each service's part of the board's quarterly evaluation report, served the same way by all of them:
`GET /api/v1/reports/board/<service>?quarter=2026Q4`, for the governance group, coordinators and admins.
A quarter that has not begun is refused (422, field `quarter`); one under way gives its figures so far."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.views import MethodView
from marshmallow import fields

from psn_shared.board_report import Measure
from psn_shared.http.api import Blueprint
from psn_shared.http.app import unit_of_work
from psn_shared.http.caller import authenticated
from psn_shared.http.schemas import QUARTER_DESCRIPTION, Clock, Schema, begun_quarter, system_clock
from psn_shared.quarters import Quarter
from psn_shared.roles import BOARD_REPORT_READERS

Compute = Callable[[Quarter, Any], list[Measure]]


def quarter_query(clock: Clock) -> type[Schema]:
    """The arguments of a board part: a `quarter` begun by `clock()`."""
    return Schema.from_dict({"quarter": fields.String(required=True, validate=begun_quarter(clock),
                                                      metadata={"description": QUARTER_DESCRIPTION})},
                            name="QuarterQuery")


class MeasureOut(Schema):
    measure = fields.String()
    label = fields.String()
    group = fields.String(allow_none=True)
    unit = fields.String(metadata={"description": "count, hours, share or score"})
    value = fields.Raw(allow_none=True, metadata={
        "description": 'a count of 5 or more, "<5", "withheld" (so a suppressed count cannot be worked out), '
                       "a number of hours, a share or a score, or null where too few to show",
    })


class BoardPartOut(Schema):
    source = fields.String()
    quarter = fields.String()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    measures = fields.List(fields.Nested(MeasureOut))


def board_report_blueprint(source: str, compute: Compute, clock: Clock = system_clock) -> Blueprint:
    """The endpoint for `source`'s aggregates: `compute(quarter, uow)` gives its measures, suppressed;
    `clock` says what has begun (a test sets it)."""
    blp = Blueprint(f"board_report_{source}", __name__, description="The board's quarterly evaluation report")

    @blp.route(f"/api/v1/reports/board/{source}")
    class BoardPart(MethodView):
        @authenticated(*BOARD_REPORT_READERS)
        @blp.arguments(quarter_query(clock), location="query")
        @blp.response(200, BoardPartOut)
        def get(self, query: dict) -> dict[str, Any]:
            """This service's aggregates for a quarter, small counts suppressed (governance, coordinator, admin)"""
            quarter = Quarter.parse(query["quarter"])
            with unit_of_work() as uow:
                measures = compute(quarter, uow)
            return {"source": source, "quarter": str(quarter), "starts_at": quarter.starts_at,
                    "ends_at": quarter.ends_at, "measures": [m.dump() for m in measures]}

    BoardPart.__doc__ = f"{source}'s part of the board's quarterly evaluation report"
    return blp
