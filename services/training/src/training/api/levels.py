"""The three levels and their competences: read by all, edited by the coordinator."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS
from training.api.schemas.levels import CompetenceEditIn, CompetenceIn, CompetenceOut, LevelOut
from training.domain.levels import Competence
from training.service_layer import framework

blp = Blueprint("levels", __name__, description="Levels and the competence framework")


@blp.route("/api/v1/levels")
class Levels(MethodView):
    @authenticated()
    @blp.response(200, LevelOut(many=True))
    def get(self) -> list[dict[str, Any]]:
        """The three levels, their prerequisites and their competences"""
        with unit_of_work() as uow:
            return framework.levels(uow)


@blp.route("/api/v1/levels/<int:level>/competences")
class LevelCompetences(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(CompetenceIn)
    @blp.response(201, CompetenceOut)
    def post(self, body: dict, level: int) -> Competence:
        """Add a competence to a level (coordinator, admin)"""
        with unit_of_work() as uow:
            return framework.add_competence(framework.AddCompetence(level=level, **body), uow)


@blp.route("/api/v1/competences/<string:competence_id>")
class CompetenceItem(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(CompetenceEditIn)
    @blp.response(200, CompetenceOut)
    def patch(self, body: dict, competence_id: str) -> Competence:
        """Rename, redescribe or retire a competence (coordinator, admin)"""
        with unit_of_work() as uow:
            return framework.edit_competence(framework.EditCompetence(competence_id, **body), uow)
