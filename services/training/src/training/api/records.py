"""Level 1 completions and each person's training record."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from psn_shared.http import authenticated, current_principal, unit_of_work
from training.api.schemas import CompletionOut, Level1In, TrainingRecordOut
from training.service_layer import services
from training.service_layer.services import COORDINATORS

blp = Blueprint("records", __name__, description="Level 1 completions and training records")


@blp.route("/api/v1/level1-completions")
class Level1Completions(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(Level1In)
    @blp.response(201, CompletionOut)
    @blp.alt_response(200, schema=CompletionOut, description="Already recorded: the existing record, unchanged")
    def post(self, body: dict):
        """Record that someone completed Level 1 (coordinator, admin); recording it again changes nothing"""
        cmd = services.RecordLevel1(**body, recorded_by=current_principal().staff_id)
        with unit_of_work() as uow:
            completion, created = services.record_level_1(cmd, uow)
        return completion, 201 if created else 200


@blp.route("/api/v1/people/<string:staff_id>")
class Person(MethodView):
    @authenticated()
    @blp.response(200, TrainingRecordOut)
    def get(self, staff_id: str):
        """A person's training record (themselves, their managers, coordinator, admin); 404 until known here"""
        with unit_of_work() as uow:
            return services.training_record(staff_id, current_principal(), uow)
