"""Anonymous feedback: answering an invitation (by its token alone), and the aggregates."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from sessions.api.schemas_conversations import FeedbackIn, NetworkFeedbackOut, SupporterFeedbackOut
from sessions.domain.feedback import Helped
from sessions.service_layer import feedback

blp = Blueprint("feedback", __name__, description="Anonymous feedback on conversations")


@blp.route("/api/v1/feedback")
class Feedback(MethodView):
    # No bearer token on purpose: a signed-in answer would tie the response to the person.
    @blp.doc(security=[])
    @blp.arguments(FeedbackIn)
    @blp.response(204)
    def post(self, body: dict[str, Any]) -> None:
        """Answer a feedback invitation with its single-use token; stored without the person, by week only"""
        with unit_of_work() as uow:
            feedback.respond(body["token"], body["rating"], Helped(body["helped"]), body["comment"], uow)


@blp.route("/api/v1/supporters/<string:staff_id>/feedback")
class SupporterFeedback(MethodView):
    @authenticated()
    @blp.response(200, SupporterFeedbackOut)
    def get(self, staff_id: str) -> dict[str, Any]:
        """A supporter's own feedback aggregate, shown from 5 responses (the supporter alone)"""
        with unit_of_work() as uow:
            return feedback.own_feedback(staff_id, current_principal(), uow)


@blp.route("/api/v1/reports/feedback")
class NetworkFeedback(MethodView):
    @authenticated()
    @blp.response(200, NetworkFeedbackOut)
    def get(self) -> dict[str, Any]:
        """The network's feedback, counts under 5 shown as "<5" (coordinator, admin)"""
        with unit_of_work() as uow:
            return feedback.network_feedback(current_principal(), uow)
