"""Coordinators keep the network's shape: the organisations in it (a health board, a local authority), each one's
services and teams (identity's), and each one's training policy (training's: its grade ladder, the lowest grades
nominated for Level 2 and eligible for Level 3, and the supporters each team should have)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, idempotency_key, only_for, submitted_key

blp = Blueprint("organisations", __name__)
only_for(blp, {"coordinator", "admin"},
         lazy_gettext("The network's organisations and teams are kept by its coordinators."))
KINDS = {"health_board": lazy_gettext("Health board"), "local_authority": lazy_gettext("Local authority")}
POLICY_INPUTS = {"grade_ladder": "grade-ladder", "level_2_min_grade": "level-2-min-grade",
                 "level_3_min_grade": "level-3-min-grade", "supporters_per_team": "supporters-per-team"}
MOST_SUPPORTERS = 50  # a team's target, as training bounds it


def _organisations() -> list[dict[str, Any]]:
    return sorted(api().get("identity", "/api/v1/organisations"), key=lambda o: o["name"].lower())


@blp.get("/coordinate/organisations")
def organisations() -> Any:
    return _list_page()


def _list_page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    return render_template("organisations.html", organisations=_organisations(), kinds=KINDS,
                           errors=errors or FormErrors(), answers=answers or {}, key=idempotency_key()), status


@blp.post("/coordinate/organisations")
def add_organisation() -> Any:
    answers = {key: value.strip() for key, value in request.form.items()}
    errors = FormErrors()
    if not answers.get("name"):
        errors.add("organisation-name", _("Enter the organisation's name"))
    if answers.get("kind") not in KINDS:
        errors.add("organisation-kind", _("Choose what kind of organisation it is"))
    if not errors:
        try:
            api().post("identity", "/api/v1/organisations", {"name": answers["name"], "kind": answers["kind"]},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"name": "organisation-name", "kind": "organisation-kind"})
    if errors:
        return _list_page(errors, answers, 422)
    flash(_("%(name)s is in the network", name=answers["name"]))
    return redirect(url_for("organisations.organisations"))


@blp.get("/coordinate/organisations/<uuid:organisation_id>")
def organisation(organisation_id: Any) -> Any:
    return _page(str(organisation_id))


def _page(organisation_id: str, errors: FormErrors | None = None, answers: dict[str, str] | None = None,
          status: int = 200) -> Any:
    found = next((o for o in _organisations() if o["id"] == organisation_id), None)
    if found is None:
        abort(404)
    services = sorted(api().get("identity", "/api/v1/services", organisation_id=organisation_id),
                      key=lambda s: s["name"].lower())
    teams = api().get("identity", "/api/v1/teams", organisation_id=organisation_id)
    policy = api().get("training", f"/api/v1/training-policies/{organisation_id}")
    return render_template(
        "organisation.html", organisation=found, kinds=KINDS, services=services, policy=policy,
        teams_by_service={s["id"]: sorted((t for t in teams if t["service_id"] == s["id"]),
                                          key=lambda t: t["name"].lower()) for s in services},
        answers={**_policy_answers(policy), **(answers or {})}, errors=errors or FormErrors(), key=idempotency_key(),
        most_supporters=MOST_SUPPORTERS), status


def _policy_answers(policy: dict[str, Any]) -> dict[str, str]:
    return {"grade-ladder": "\n".join(policy["grade_ladder"]), "level-2-min-grade": policy["level_2_min_grade"] or "",
            "level-3-min-grade": policy["level_3_min_grade"] or "",
            "supporters-per-team": str(policy["supporters_per_team"])}


@blp.post("/coordinate/organisations/<uuid:organisation_id>/training-policy")
def set_policy(organisation_id: Any) -> Any:
    """The whole policy is sent: the ladder a grade a line, lowest first; a minimum left empty is none."""
    organisation_id = str(organisation_id)
    # Training keeps a policy for any id it is given (it has no list of organisations): one nobody has is refused here.
    if not any(o["id"] == organisation_id for o in _organisations()):
        abort(404)
    answers = dict(request.form)
    ladder = [grade.strip() for grade in answers.get("grade-ladder", "").splitlines() if grade.strip()]
    errors = FormErrors()
    if not ladder:
        errors.add("grade-ladder", _("Enter the organisation's grades, one a line, lowest first"))
    target = answers.get("supporters-per-team", "").strip()
    if not target.isdigit() or not 1 <= int(target) <= MOST_SUPPORTERS:
        errors.add("supporters-per-team", _("Enter a number from %(least)s to %(most)s", least=1, most=MOST_SUPPORTERS))
    if not errors:
        body = {"grade_ladder": ladder, "supporters_per_team": int(target),
                **{field: answers.get(POLICY_INPUTS[field], "").strip() or None
                   for field in ("level_2_min_grade", "level_3_min_grade")}}
        try:
            api().put("training", f"/api/v1/training-policies/{organisation_id}", body)
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, POLICY_INPUTS)
    if errors:
        return _page(organisation_id, errors, answers, 422)
    flash(_("The training policy is saved: nominations and coverage follow it from now"))
    return redirect(url_for("organisations.organisation", organisation_id=organisation_id))


@blp.post("/coordinate/organisations/<uuid:organisation_id>/services")
def add_service(organisation_id: Any) -> Any:
    organisation_id = str(organisation_id)
    name = request.form.get("service-name", "").strip()
    return _added(organisation_id, "service-name", name, _("Enter the service's name"), "/api/v1/services",
                  {"name": name, "organisation_id": organisation_id}, {"name": "service-name"})


@blp.post("/coordinate/organisations/<uuid:organisation_id>/teams")
def add_team(organisation_id: Any) -> Any:
    organisation_id = str(organisation_id)
    name = request.form.get("team-name", "").strip()
    service_id = request.form.get("team-service", "")
    if not service_id:
        errors = FormErrors()
        errors.add("team-service", _("Choose the service the team is in"))
        return _page(organisation_id, errors, dict(request.form), 422)
    return _added(organisation_id, "team-name", name, _("Enter the team's name"), "/api/v1/teams",
                  {"name": name, "service_id": service_id}, {"name": "team-name", "service_id": "team-service"})


def _added(organisation_id: str, input_id: str, name: str, missing: str, path: str, body: dict[str, str],
           inputs: dict[str, str]) -> Any:
    errors = FormErrors()
    if not name:
        errors.add(input_id, missing)
    else:
        try:
            api().post("identity", path, body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, inputs)
    if errors:
        return _page(organisation_id, errors, dict(request.form), 422)
    flash(_("%(name)s is added", name=name))
    return redirect(url_for("organisations.organisation", organisation_id=organisation_id))
