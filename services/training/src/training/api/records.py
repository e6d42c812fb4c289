"""Level 1 completions (recorded, imported, self-reported) and each person's training record."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from werkzeug.datastructures import FileStorage

from psn_shared.errors import InvalidInput
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS
from training.api.context import policy
from training.api.schemas.records import (
    MAX_IMPORT_BYTES,
    ClaimDecisionIn,
    ClaimIn,
    ClaimOut,
    ClaimPage,
    ClaimQuery,
    CompletionOut,
    EligibilityOut,
    ImportFile,
    ImportForm,
    ImportReportOut,
    Level1In,
    TrainingRecordOut,
)
from training.domain.eligibility import Eligibility
from training.domain.levels import Level1Claim, LevelCompletion
from training.service_layer import records

blp = Blueprint("records", __name__, description="Level 1 completions and training records")


@blp.route("/api/v1/level1-completions")
class Level1Completions(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(Level1In)
    @blp.response(201, CompletionOut)
    @blp.alt_response(200, schema=CompletionOut, description="Already recorded: the existing record, unchanged")
    def post(self, body: dict) -> tuple[LevelCompletion, int]:
        """Record that someone completed Level 1 (coordinator, admin, platform); again changes nothing"""
        cmd = records.RecordLevel1(**body, recorded_by=current_principal().staff_id)
        with unit_of_work() as uow:
            completion, created = records.record_level_1(cmd, uow)
        return completion, 201 if created else 200


@blp.route("/api/v1/level1-imports")
class Level1Imports(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(ImportForm, location="form")
    @blp.arguments(ImportFile, location="files")
    @blp.response(200, ImportReportOut)
    def post(self, form: dict, files: dict) -> records.ImportReport:
        """Import a learning platform's CSV export; every row is reported (coordinator, admin)

        Columns: employee_number, course_code, completion_date (YYYY-MM-DD, or DD/MM/YYYY day first; never
        month first: a file with a date that can only be month first is refused whole). Rows already recorded change
        nothing, so a file may be imported again.
        """
        cmd = records.ImportLevel1(source=form["source"], content=_text_of(files["file"]),
                                   recorded_by=current_principal().staff_id, policy=policy())
        with unit_of_work() as uow:
            return records.import_level_1(cmd, uow)


@blp.route("/api/v1/level1-claims")
class Level1Claims(MethodView):
    @authenticated()
    @blp.arguments(ClaimIn)
    @blp.response(201, ClaimOut)
    def post(self, body: dict) -> Level1Claim:
        """Report your own Level 1 with evidence; a coordinator verifies it"""
        cmd = records.ClaimLevel1(staff_id=current_principal().staff_id, **body)
        with unit_of_work() as uow:
            return records.claim_level_1(cmd, uow)

    @authenticated(*COORDINATORS)
    @blp.arguments(ClaimQuery, location="query")
    @blp.response(200, ClaimPage)
    def get(self, query: dict) -> dict[str, Any]:
        """Self-reported Level 1 claims, oldest first (coordinator, admin)"""
        with unit_of_work() as uow:
            items, total = records.list_claims(query["status"], query["limit"], query["offset"], uow)
        return {"items": items, "total": total, "limit": query["limit"], "offset": query["offset"]}


@blp.route("/api/v1/level1-claims/<string:claim_id>/decision")
class ClaimDecision(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(ClaimDecisionIn)
    @blp.response(200, ClaimOut)
    def post(self, body: dict, claim_id: str) -> Level1Claim:
        """Verify a claim (recording Level 1) or reject it with a reason (coordinator, admin)"""
        cmd = records.DecideClaim(claim_id=claim_id, decided_by=current_principal().staff_id, **body)
        with unit_of_work() as uow:
            return records.decide_claim(cmd, uow)


@blp.route("/api/v1/people/<string:staff_id>")
class Person(MethodView):
    @authenticated()
    @blp.response(200, TrainingRecordOut)
    def get(self, staff_id: str) -> records.TrainingRecord:
        """A person's training record (themselves, their managers, coordinator, admin); 404 until known here"""
        with unit_of_work() as uow:
            return records.training_record(staff_id, current_principal(), uow)


@blp.route("/api/v1/people/<string:staff_id>/level-3-eligibility")
class Level3Eligibility(MethodView):
    @authenticated()
    @blp.response(200, EligibilityOut)
    def get(self, staff_id: str) -> Eligibility:
        """Whether someone may be nominated for Level 3 and, if not, every reason why"""
        with unit_of_work() as uow:
            return records.level_3_eligibility_of(staff_id, current_principal(), policy(), uow)


def _text_of(upload: Any) -> str:
    if not isinstance(upload, FileStorage):
        raise InvalidInput("send the file as multipart/form-data", field="file")
    raw = upload.stream.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise InvalidInput(f"the file is larger than {MAX_IMPORT_BYTES} bytes", field="file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text", field="file") from None
