"""Each organisation's training policy: its grade ladder, minimum grades and supporters-per-team target."""

from __future__ import annotations

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS
from training.api.context import policy
from training.api.schemas.grading import OrganisationPolicyIn, OrganisationPolicyOut
from training.domain.grading import OrganisationPolicy
from training.service_layer import grading

blp = Blueprint("training-policies", __name__, description="Grade ladders and nomination rules per organisation")


@blp.route("/api/v1/training-policies/<uuid:organisation_id>")
class TrainingPolicy(MethodView):
    @authenticated()
    @blp.response(200, OrganisationPolicyOut)
    def get(self, organisation_id) -> OrganisationPolicy:
        """An organisation's grade ladder, minimum grades and team target (the board's defaults until set)"""
        with unit_of_work() as uow:
            return grading.organisation_policy(str(organisation_id), policy(), uow)

    @authenticated(*COORDINATORS)
    @blp.arguments(OrganisationPolicyIn)
    @blp.response(200, OrganisationPolicyOut)
    def put(self, body: dict, organisation_id) -> OrganisationPolicy:
        """Set an organisation's training policy (coordinator, admin); each minimum must be on the ladder"""
        cmd = grading.SetOrganisationPolicy(organisation_id=str(organisation_id), set_by=current_principal().staff_id,
                                            **body)
        with unit_of_work() as uow:
            return grading.set_organisation_policy(cmd, uow)
