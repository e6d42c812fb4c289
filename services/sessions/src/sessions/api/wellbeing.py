"""Annual wellbeing reviews, personal wellbeing plans (their owner's, shared as they choose) and the coverage report."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.http.preconditions import CONDITIONAL_EDIT, if_match
from psn_shared.roles import COORDINATORS
from sessions.api.schemas_reflective import (
    CoverageReport,
    PlanIn,
    PlanOut,
    ReviewIn,
    ReviewList,
    ReviewMoveIn,
    ReviewOut,
    ReviewsDue,
    SharedPlanList,
    SharedPlanOut,
)
from sessions.domain.wellbeing import WellbeingPlan, WellbeingReview
from sessions.service_layer import wellbeing

blp = Blueprint("wellbeing", __name__, description="Annual wellbeing reviews and personal wellbeing plans")


@blp.route("/api/v1/wellbeing-reviews")
class Reviews(MethodView):
    @authenticated()
    @blp.response(200, ReviewList)
    def get(self) -> dict[str, Any]:
        """Your reviews, those you hold as reviewer, and that those who report to you had theirs (newest first)"""
        with unit_of_work() as uow:
            return {"items": wellbeing.reviews(current_principal(), uow)}

    @authenticated()
    @blp.arguments(ReviewIn)
    @blp.response(201, ReviewOut)
    def post(self, body: dict[str, Any]) -> WellbeingReview:
        """Arrange a wellbeing review: yours (with your line manager or someone you choose), or, as a line
        manager, one with you for someone who reports to you"""
        with unit_of_work() as uow:
            return wellbeing.arrange(wellbeing.Arrange(**body), current_principal(), uow)


@blp.route("/api/v1/wellbeing-reviews/due")
class ReviewsDueView(MethodView):
    @authenticated()
    @blp.response(200, ReviewsDue)
    def get(self) -> dict[str, Any]:
        """For a line manager: who reports to you, when their last review was held, and whose is due"""
        with unit_of_work() as uow:
            return wellbeing.reports_due(current_principal(), uow)


@blp.route("/api/v1/wellbeing-reviews/<string:review_id>")
class ReviewItem(MethodView):
    @authenticated()
    @blp.response(200, ReviewOut)
    def get(self, review_id: str) -> WellbeingReview | dict[str, Any]:
        """One review (the two who meet; the member of staff's line manager when and whether held; anyone else: 404)"""
        with unit_of_work() as uow:
            return wellbeing.review(review_id, current_principal(), uow)


@blp.route("/api/v1/wellbeing-reviews/<string:review_id>/reschedule")
class ReviewMove(MethodView):
    @authenticated()
    @blp.arguments(ReviewMoveIn)
    @blp.response(200, ReviewOut)
    def post(self, body: dict[str, Any], review_id: str) -> WellbeingReview:
        """Move it, before it starts (the two who meet)"""
        with unit_of_work() as uow:
            return wellbeing.move(review_id, body["starts_at"], body["ends_at"], body["link"], body["room"],
                                  current_principal(), uow)


@blp.route("/api/v1/wellbeing-reviews/<string:review_id>/cancel")
class ReviewCancel(MethodView):
    @authenticated()
    @blp.response(200, ReviewOut)
    def post(self, review_id: str) -> WellbeingReview:
        """Cancel it, before it starts (the two who meet)"""
        with unit_of_work() as uow:
            return wellbeing.cancel(review_id, current_principal(), uow)


@blp.route("/api/v1/wellbeing-reviews/<string:review_id>/held")
class ReviewHeld(MethodView):
    @authenticated()
    @blp.response(200, ReviewOut)
    def post(self, review_id: str) -> WellbeingReview:
        """Record that it took place, once it has started (the two who meet)"""
        with unit_of_work() as uow:
            return wellbeing.hold(review_id, current_principal(), uow)


@blp.route("/api/v1/wellbeing-plans/mine")
class OwnPlan(MethodView):
    @authenticated()
    @blp.response(200, PlanOut)
    def get(self) -> WellbeingPlan:
        """Your wellbeing plan, with whom you share it"""
        with unit_of_work() as uow:
            return wellbeing.own_plan(current_principal(), uow)

    @authenticated()
    @blp.arguments(PlanIn)
    @blp.response(200, PlanOut)
    @blp.doc(**CONDITIONAL_EDIT)
    def put(self, body: dict[str, Any]) -> WellbeingPlan:
        """Write or rewrite your plan: what keeps you well, early signs, what helps, agreed adjustments,
        when to look at it again"""
        with unit_of_work() as uow:
            return wellbeing.write_plan(wellbeing.PlanContent(**body), current_principal(), uow,
                                        precondition=if_match(PlanOut()))


@blp.route("/api/v1/wellbeing-plans/mine/shares/<string:staff_id>")
class PlanShare(MethodView):
    @authenticated()
    @blp.response(200, PlanOut)
    def put(self, staff_id: str) -> WellbeingPlan:
        """Share your plan with a colleague (your manager, say)"""
        with unit_of_work() as uow:
            return wellbeing.share(staff_id, current_principal(), uow)

    @authenticated()
    @blp.response(200, PlanOut)
    def delete(self, staff_id: str) -> WellbeingPlan:
        """Stop sharing it with them"""
        with unit_of_work() as uow:
            return wellbeing.revoke(staff_id, current_principal(), uow)


@blp.route("/api/v1/wellbeing-plans/shared-with-me")
class SharedWithMe(MethodView):
    @authenticated()
    @blp.response(200, SharedPlanList)
    def get(self) -> dict[str, Any]:
        """The plans colleagues share with you"""
        with unit_of_work() as uow:
            return wellbeing.shared_with_me(current_principal(), uow)


@blp.route("/api/v1/wellbeing-plans/<string:owner_id>")
class PlanOf(MethodView):
    @authenticated()
    @blp.response(200, SharedPlanOut)
    def get(self, owner_id: str) -> dict[str, Any]:
        """A colleague's plan, when they share it with you (anyone else, their manager included: 404)"""
        with unit_of_work() as uow:
            return wellbeing.plan_of(owner_id, current_principal(), uow)


@blp.route("/api/v1/reports/wellbeing-reviews")
class Coverage(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, CoverageReport)
    def get(self) -> dict[str, Any]:
        """The share of staff with a wellbeing review in the last 12 months, per team and service; counts under 5
        shown as <5 (coordinator, admin)"""
        with unit_of_work() as uow:
            return wellbeing.coverage(uow)
