"""HR bulk import: the same rows as JSON or as a CSV file, checked whole, applied all or nothing."""

from __future__ import annotations

import csv
import io

from flask import request
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from identity.api.limits import limit_imports, limiter, user_key
from identity.api.schemas import ImportIn, ImportReportOut, ImportRow
from identity.domain.hr_import import ImportRejected
from identity.service_layer import hr_import
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS

blp = Blueprint("hr_import", __name__, description="Staff from the HR system")

# One allowance a caller, over both forms of the import: each can take seconds of the database.
per_user = limiter.shared_limit(limit_imports, scope="hr_import", key_func=user_key)


def _run(rows: list[dict]) -> hr_import.ImportReport:
    try:
        with unit_of_work() as uow:
            return hr_import.import_staff(hr_import.ImportStaff(rows, current_principal().staff_id), uow)
    except ImportRejected as rejected:
        abort(422, message="The file has errors; nothing was imported.", messages={"rows": rejected.errors})


@blp.route("/api/v1/hr-imports")
class JsonImport(MethodView):
    @authenticated(*COORDINATORS)
    @per_user
    @blp.arguments(ImportIn)
    @blp.response(200, ImportReportOut)
    @blp.alt_response(429, description="Too many imports by this caller")
    def post(self, body: dict) -> hr_import.ImportReport:
        """Import staff rows from the HR system, upserted by organisation and employee number (admin, coordinator)

        Every row is checked first; any error rejects the whole file with every row's errors
        (`rows.<index>.<column>`, counting from 0). The same rows twice change nothing.
        """
        return _run(body["rows"])


@blp.route("/api/v1/hr-imports/csv")
class CsvImport(MethodView):
    @authenticated(*COORDINATORS)
    @per_user
    @blp.response(200, ImportReportOut)
    @blp.alt_response(429, description="Too many imports by this caller")
    @blp.doc(requestBody={"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}})
    def post(self) -> hr_import.ImportReport:
        """Import the HR system's CSV file (a header row naming the columns, UTF-8) (admin, coordinator)

        Errors name `rows.<index>.<column>`, with the first row after the header as index 0.
        """
        # newline="": the csv module's own line handling, so a lone carriage return ends a line
        # rather than breaking the parse.
        reader = csv.DictReader(io.StringIO(_text(), newline=""))
        try:
            header, found = reader.fieldnames or [], list(reader)
        except csv.Error as unreadable:
            abort(422, message="The file is not CSV this import can read.", messages={"file": [str(unreadable)]})
        unknown = [c for c in header if c not in ImportRow._declared_fields]
        if not header or unknown:
            abort(422, message="The header row names columns this import does not know.",
                  messages={"header": {name: ["unknown column"] for name in unknown} or ["no header row"]})
        if misshapen := _misshapen(found, len(header)):
            abort(422, message="The file has errors; nothing was imported.", messages={"rows": misshapen})
        try:
            rows = ImportIn().load({"rows": found})["rows"]
        except ValidationError as invalid:
            abort(422, message="The file has errors; nothing was imported.", messages=invalid.messages)
        return _run(rows)


def _text() -> str:
    """The file as text. utf-8-sig: a spreadsheet's "CSV UTF-8" starts with a byte order mark, which would
    otherwise make the first column's name unknown."""
    try:
        return request.get_data().decode("utf-8-sig")
    except UnicodeDecodeError:
        abort(422, message="The file is not CSV this import can read.",
              messages={"file": ["the file is not UTF-8 text: save it as CSV UTF-8"]})


def _misshapen(rows: list[dict], columns: int) -> dict[int, list[str]]:
    """Rows with more or fewer values than the header has columns, by index: the csv reader files the extra
    values under None and fills the missing ones with None, which would otherwise be reported as an unknown
    column named 'None' or as a column that may not be null."""
    misshapen = {}
    for index, row in enumerate(rows):
        values = columns + len(row.get(None) or ()) - sum(value is None for value in row.values())
        if values != columns:
            misshapen[index] = [f"{values} values where the header names {columns} columns"]
    return misshapen
