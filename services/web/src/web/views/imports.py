"""Coordinators bring people and their Level 1 in from the systems that hold them: the HR system's staff file
(identity checks every row first and applies all of it or none) and a learning platform's export of Level 1
completions (training records each row it can and reports every one). Either file may be sent again: rows
already there change nothing."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from werkzeug.datastructures import FileStorage

from web.adapters.api import ApiProblem, FieldError
from web.views.forms import FormErrors, api, only_for

blp = Blueprint("imports", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("Imports are made by the network's coordinators."))
UPLOADS = "/coordinate/imports/"  # the pages that take a file, and so a larger body than a form's
UPLOAD_BYTES = 20 * 1024 * 1024  # identity's own limit for an upload (MAX_UPLOAD_BYTES)
IMPORT_TIMEOUT_S = 28.0  # tens of thousands of rows take seconds; under the web worker's 30
ROWS_SHOWN = 100
PLATFORMS = {"learnpro": lazy_gettext("LearnPro, the health board's platform (course GCC 277)"),
             "local_authority": lazy_gettext("A local authority's platform (its own course code)")}
STAFF_COLUMNS = ("organisation", "employee_number", "name", "email", "job_title", "grade", "service", "team",
                 "line_manager", "senior_manager", "start_date", "status")
LEVEL_1_COLUMNS = ("employee_number", "course_code", "completion_date")
NOT_RECORDED = {"unknown_staff": lazy_gettext("Nobody with this employee number"),
                "wrong_course_code": lazy_gettext("Not the Level 1 course"),
                "invalid_row": lazy_gettext("The row cannot be read")}
_ROW_FIELD = re.compile(r"rows\.(\d+)(?:\.(\w+))?")  # no column: the whole row (too many or too few values)


@blp.get("/coordinate/imports")
def imports() -> Any:
    return _page()


def _page(status: int = 200, **shown: Any) -> Any:
    return render_template("imports.html", platform_items=[{"value": k, "text": v} for k, v in PLATFORMS.items()],
                           staff_columns=STAFF_COLUMNS, level_1_columns=LEVEL_1_COLUMNS, not_recorded=NOT_RECORDED,
                           rows_shown=ROWS_SHOWN, errors=shown.pop("errors", None) or FormErrors(), **shown), status


def _chosen(input_id: str, missing: str, errors: FormErrors) -> FileStorage | None:
    upload = request.files.get(input_id)
    if upload is None or not upload.filename:
        errors.add(input_id, missing)
        return None
    return upload


@blp.post("/coordinate/imports/staff")
def import_staff() -> Any:
    errors = FormErrors()
    upload = _chosen("staff-file", _("Choose the HR system's CSV file to import"), errors)
    if upload is None:
        return _page(422, errors=errors)
    try:
        report = api().upload("identity", "/api/v1/hr-imports/csv", timeout=IMPORT_TIMEOUT_S, data=upload.read(),
                              headers={"Content-Type": "text/csv"})
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        errors.add("staff-file", _("%(file)s has errors, so nothing was imported: put them right and send it again",
                                   file=upload.filename))
        return _page(422, errors=errors, staff_file=upload.filename, staff_problems=_staff_problems(problem.errors))
    return _page(staff_file=upload.filename, staff_report=report)


def _staff_problems(found: list[FieldError]) -> list[dict[str, str]]:
    """Each of the file's errors by the line it is on (the header is line 1), the column and what is wrong."""
    problems = []
    for error in found:
        where = _ROW_FIELD.fullmatch(error.field or "")
        if where:
            problems.append({"line": str(int(where[1]) + 2), "column": where[2] or "", "message": error.message})
        elif (error.field or "").startswith("header"):  # a column the header names, or no header at all
            problems.append({"line": "1", "column": (error.field or "").removeprefix("header").lstrip("."),
                             "message": error.message})
        else:  # the file as a whole: not UTF-8 text, or not CSV
            problems.append({"line": "", "column": "", "message": error.message})
    return problems


@blp.post("/coordinate/imports/level-1")
def import_level_1() -> Any:
    errors = FormErrors()
    source = request.form.get("source", "")
    if source not in PLATFORMS:
        errors.add("source", _("Choose the platform the file comes from"))
    upload = _chosen("level-1-file", _("Choose the learning platform's CSV export to import"), errors)
    if errors:
        return _page(422, errors=errors, source=source)
    try:
        report = api().upload("training", "/api/v1/level1-imports", timeout=IMPORT_TIMEOUT_S, data={"source": source},
                              files={"file": (upload.filename, upload.stream, "text/csv")})
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        return _page(422, errors=FormErrors.from_problem(problem, {"source": "source", "file": "level-1-file"}),
                     source=source)
    unrecorded = [row for row in report["rows"] if row["outcome"] in NOT_RECORDED]
    return _page(source=source, level_1_file=upload.filename, level_1_report=report, unrecorded=unrecorded)
