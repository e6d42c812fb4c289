"""Coordinators keep the competence framework: what each level's trainers sign off before a course is
completed. A competence is added with its code, renamed or redescribed, and retired (never deleted: sign-offs
name it) or brought back."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, idempotency_key, only_for, submitted_key, uuid_or_404

blp = Blueprint("competences", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("The competence framework is kept by the network's coordinators."))
LEVELS = (1, 2, 3)


def _page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    return render_template("competences.html", levels=api().get("training", "/api/v1/levels"),
                           errors=errors or FormErrors(), answers=answers or {}, key=idempotency_key()), status


@blp.get("/coordinate/competences")
def competences() -> Any:
    return _page()


@blp.post("/coordinate/competences/<int:level>")
def add(level: int) -> Any:
    if level not in LEVELS:
        abort(404)
    answers = {key: value.strip() for key, value in request.form.items()} | {"adding": str(level)}
    errors = FormErrors()
    if not answers.get("code"):
        errors.add(f"code-{level}", _("Enter the competence's code, for example 2.8"))
    if not answers.get("title"):
        errors.add(f"title-{level}", _("Enter what the competence is"))
    if not errors:
        try:
            api().post("training", f"/api/v1/levels/{level}/competences",
                       {"code": answers["code"], "title": answers["title"], **_described(answers)},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"code": f"code-{level}", "title": f"title-{level}",
                                                       "description": f"description-{level}"})
    if errors:
        return _page(errors, answers, 422)
    flash(_("%(code)s is added to Level %(level)s: trainers sign it off from now", code=answers["code"], level=level))
    return redirect(url_for("competences.competences") + f"#level-{level}")


def _described(answers: dict[str, str]) -> dict[str, str]:
    """How a trainer recognises it, when given: training keeps no empty description (one left empty stays as it was)."""
    return {"description": answers["description"]} if answers.get("description") else {}


@blp.post("/coordinate/competences/change/<competence_id>")
def change(competence_id: str) -> Any:
    """Renamed and redescribed, or retired and brought back (the button sends `retired`)."""
    competence_id = uuid_or_404(competence_id)
    answers = {key: value.strip() for key, value in request.form.items()} | {"changing": competence_id}
    if "retired" in answers:
        body: dict[str, Any] = {"retired": answers["retired"] == "yes"}
    else:
        body = {"title": answers.get("title", ""), **_described(answers)}
    errors = FormErrors()
    if "title" in body and not body["title"]:
        errors.add(f"title-{competence_id}", _("Enter what the competence is"))
    if not errors:
        try:
            changed = api().patch("training", f"/api/v1/competences/{competence_id}", body)
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"title": f"title-{competence_id}",
                                                       "description": f"description-{competence_id}"})
    if errors:
        return _page(errors, answers, 422)
    if body.get("retired"):
        flash(_("%(code)s is retired: no course asks for it now", code=changed["code"]))
    else:
        flash(_("%(code)s is back in use", code=changed["code"]) if "retired" in body else
              _("%(code)s is changed", code=changed["code"]))
    return redirect(url_for("competences.competences") + f"#level-{changed['level']}")
