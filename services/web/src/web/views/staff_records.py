"""Coordinators and administrators: registering a member of staff the HR file has not brought in yet, and
changing a person's directory details (name, employee number, work email, job, grade, team, organisation, line
and senior manager, start date) as identity lets them (its directory administrators are both). A change is saved
with the version read (If-Match), so one made meanwhile, by someone else or by the HR import, is not overwritten
unseen. Managers are found by name with the form's own button, so it works without JavaScript; what was typed
stays on the form meanwhile. Leaving and returning have their own forms on the person's page."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, day_asked, idempotency_key, only_for, submitted_key, uuid_or_404
from web.views.people import name_of

blp = Blueprint("staff_records", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("These pages are for the network's coordinators."))
TEXTS = ("name", "employee_number", "email", "job_title", "grade")
OPTIONAL = ("job_title", "grade", "team_id", "organisation_id", "line_manager_id", "senior_manager_id")
INPUTS = {"name": "person-name", "employee_number": "person-employee-number", "email": "person-email",
          "job_title": "person-job-title", "grade": "person-grade", "team_id": "person-team",
          "organisation_id": "person-organisation", "line_manager_id": "person-line-manager",
          "senior_manager_id": "person-senior-manager", "start_date": "person-start-date"}
MANAGERS = ("line_manager", "senior_manager")
SHORTEST_SEARCH = 2  # identity's colleague search asks for 2 letters at least


def _form_page(person: dict[str, Any] | None, answers: dict[str, str], errors: FormErrors | None = None,
               etag: str = "", status: int = 200) -> Any:
    errors = errors or FormErrors()
    teams = sorted(api().get("identity", "/api/v1/teams"), key=lambda t: (t["name"].lower(), t["organisation"]))
    organisations = sorted(api().get("identity", "/api/v1/organisations"), key=lambda o: o["name"].lower())
    return render_template(
        "staff_record.html", person=person, answers=answers, teams=teams, organisations=organisations,
        choices={key: _manager_choices(key, answers, person, errors) for key in MANAGERS},
        etag=etag, errors=errors, key=idempotency_key(),
    ), status


def _manager_choices(key: str, answers: dict[str, str], person: dict[str, Any] | None,
                     errors: FormErrors) -> list[dict[str, str]]:
    """Whom the manager select offers: the one chosen now, then those found by the name searched for (never the
    person themselves, nor anyone who has left: identity takes active members of staff only)."""
    chosen = name_of(_uuid_or_none(answers.get(f"{key}_id", "")))
    found = [chosen] if chosen else []
    searched = answers.get(f"{key}-name", "").strip()
    # Any Find searches every name typed: Enter in a box presses the form's first button, whichever box it was.
    if request.method == "POST" and _searching(answers):
        found += [c for c in _colleagues(searched, f"{INPUTS[key + '_id']}-name", errors)
                  if c["id"] not in {person and person["id"], chosen and chosen["id"]}]
    return found


def _colleagues(name: str, input_id: str, errors: FormErrors) -> list[dict[str, str]]:
    if not name:
        return []
    if len(name) < SHORTEST_SEARCH:
        errors.add(input_id, _("Enter at least %(least)s letters of their name", least=SHORTEST_SEARCH))
        return []
    try:
        found = api().get("identity", "/api/v1/colleagues", q=name)
    except ApiProblem as problem:
        for error in FormErrors.from_problem(problem, {"q": input_id}).summary:
            errors.add(input_id, error["text"])
        return []
    if not found:
        errors.add(input_id, _("Nobody active has \"%(name)s\" in their name", name=name))
    return [{"id": c["id"], "name": c["name"], "job_title": c.get("job_title") or ""} for c in found]


def _answers_of(person: dict[str, Any]) -> dict[str, str]:
    """The form as the record fills it: the organisation is left to the team's, when they have one."""
    answers = {field: person.get(field) or "" for field in (*TEXTS, *OPTIONAL)}
    if person.get("team_id"):
        answers["organisation_id"] = ""
    if start := person.get("start_date"):
        year, month, day = start.split("-")
        answers |= {"person-start-date[day]": str(int(day)), "person-start-date[month]": str(int(month)),
                    "person-start-date[year]": year}
    return answers


def _record(answers: dict[str, str], teams: set[str]) -> tuple[dict[str, Any], FormErrors]:
    """The form as identity's record, every field sent: those left empty as none."""
    errors = FormErrors()
    body: dict[str, Any] = {field: answers.get(field, "").strip() for field in (*TEXTS, *OPTIONAL)}
    for field in OPTIONAL:
        body[field] = body[field] or None
    for field, asked in (("name", _("Enter their full name")), ("employee_number", _("Enter their employee number")),
                         ("email", _("Enter their work email address, like name@example.com"))):
        if not body[field]:
            errors.add(INPUTS[field], asked)
    if body["team_id"] and body["team_id"] not in teams:
        errors.add(INPUTS["team_id"], _("Choose their team from the list"))
    for key, unknown in (("line_manager", _("Choose their line manager from the list")),
                         ("senior_manager", _("Choose their senior manager from the list"))):
        if body[f"{key}_id"] and _uuid_or_none(body[f"{key}_id"]) is None:
            errors.add(INPUTS[f"{key}_id"], unknown)
    start = day_asked(answers, INPUTS["start_date"], errors)
    body["start_date"] = start.isoformat() if start else None
    return body, errors


def _uuid_or_none(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def _searching(answers: dict[str, str]) -> bool:
    """A Find button was pressed: the form comes back with whom it found, and nothing is saved."""
    return answers.get("find") in MANAGERS


def _team_ids() -> set[str]:
    return {team["id"] for team in api().get("identity", "/api/v1/teams")}


@blp.get("/coordinate/people/new")
def new() -> Any:
    return _form_page(None, {})


@blp.post("/coordinate/people/new")
def register() -> Any:
    answers = dict(request.form)
    if _searching(answers):
        return _form_page(None, answers)
    body, errors = _record(answers, _team_ids())
    if not errors:
        try:
            member = api().post("identity", "/api/v1/staff", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        return _form_page(None, answers, errors, status=422)
    flash(_("%(name)s is registered and emailed a link to choose their password", name=member["name"]))
    return redirect(url_for("people.person", staff_id=member["id"]))


@blp.get("/coordinate/people/<staff_id>/details")
def details(staff_id: str) -> Any:
    person, etag = api().get_versioned("identity", f"/api/v1/staff/{uuid_or_404(staff_id)}")
    return _form_page(person, _answers_of(person), etag=etag)


@blp.post("/coordinate/people/<staff_id>/details")
def change(staff_id: str) -> Any:
    """The whole form is sent as the change, with the version read; identity announces only what changed."""
    staff_id = uuid_or_404(staff_id)
    answers = dict(request.form)
    if _searching(answers):
        person = api().get_versioned("identity", f"/api/v1/staff/{staff_id}")[0]
        return _form_page(person, answers, etag=answers.get("etag", ""))
    body, errors = _record(answers, _team_ids())
    if not errors:
        try:
            api().patch("identity", f"/api/v1/staff/{staff_id}", body, if_match=answers.get("etag", ""))
        except ApiProblem as problem:
            if problem.status == 412:
                return _changed_meanwhile(staff_id)
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        person, etag = api().get_versioned("identity", f"/api/v1/staff/{staff_id}")
        return _form_page(person, answers, errors, answers.get("etag", "") or etag, 422)
    flash(_changed(staff_id, body, answers))
    return redirect(url_for("people.person", staff_id=staff_id))


def _changed(staff_id: str, body: dict[str, Any], answers: dict[str, str]) -> str:
    if staff_id == session["me"]["id"]:
        return _("Your details are changed")
    if "champion_of" in answers and body["team_id"] != (answers["champion_of"] or None):
        # Identity ends a champion's appointment as they leave its team (decision 37) and tells them (84).
        return _("%(name)s's details are changed. They are no longer their old team's wellbeing champion, and are "
                 "told so", name=body["name"])
    return _("%(name)s's details are changed", name=body["name"])


def _changed_meanwhile(staff_id: str) -> Any:
    person, etag = api().get_versioned("identity", f"/api/v1/staff/{staff_id}")
    errors = FormErrors()
    errors.add(None, _("Their record was changed meanwhile, here or by the HR file: here it is now. Make your change "
                       "again"))
    return _form_page(person, _answers_of(person), errors, etag, 409)
