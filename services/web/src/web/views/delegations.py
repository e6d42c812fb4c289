"""Managers: who stands in for me while I am away (a delegation), so my nominations are still decided. Found by
name among active colleagues, for a period and a reason; ended early, or cancelled before it begins. Identity keeps
the delegations and decides who may make them; training and sessions hear of them by events."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import (
    FormErrors,
    api,
    day_asked,
    idempotency_key,
    only_for,
    submitted_key,
    team_names,
    uuid_or_404,
)

blp = Blueprint("delegations", __name__)
only_for(blp, {"line_manager", "senior_manager"},
         lazy_gettext("This page is for managers: it names who stands in for you while you are away."))
INPUTS = {"delegate_id": "delegate", "starts_on": "starts-on", "ends_on": "ends-on", "reason": "reason"}


def _page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    me, errors = session["me"], errors or FormErrors()
    name = (answers.get("name", "") if answers else request.args.get("name", "")).strip()
    colleagues = _colleagues(name, me["id"], errors)
    today = date.today().isoformat()
    delegations = api().get("identity", f"/api/v1/staff/{me['id']}/delegations")
    current = [d for d in delegations if not d["ended_at"] and d["ends_on"] >= today]
    past = [d for d in delegations if d not in current][-10:]
    return render_template(
        "delegations.html", current=sorted(current, key=lambda d: d["starts_on"]), past=past[::-1],
        colleagues=colleagues, teams=team_names() if colleagues else {}, name=name, today=today,
        answers=answers or {}, errors=errors, key=idempotency_key(),
    ), status


def _colleagues(name: str, me: str, errors: FormErrors) -> list[dict[str, Any]]:
    if not name:
        return []
    if len(name) < 2:
        errors.add("name", _("Enter at least 2 letters of their name"))
        return []
    return [c for c in api().get("identity", "/api/v1/colleagues", q=name) if c["id"] != me]


@blp.get("/delegations")
def delegations() -> Any:
    return _page()


@blp.post("/delegations")
def delegate() -> Any:
    answers = dict(request.form)
    body, errors = _delegation(answers)
    if not errors:
        try:
            api().post("identity", f"/api/v1/staff/{session['me']['id']}/delegations", body,
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        return _page(errors, answers, 422)
    flash(_("They will stand in for you, and decide your nominations, for that period"))
    return redirect(url_for("delegations.delegations"))


@blp.post("/delegations/<delegation_id>/ending")
def end(delegation_id: str) -> Any:
    delegation_id = uuid_or_404(delegation_id)
    reason = request.form.get("reason", "").strip()
    errors = FormErrors()
    if not reason:
        errors.add(f"end-reason-{delegation_id}", _("Enter why it ends early"))
    else:
        try:
            api().post("identity", f"/api/v1/staff/{session['me']['id']}/delegations/{delegation_id}/ending",
                       {"reason": reason}, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"reason": f"end-reason-{delegation_id}"})
    if errors:
        return _page(errors, status=422)
    flash(_("The delegation has ended"))
    return redirect(url_for("delegations.delegations"))


def _delegation(answers: dict[str, str]) -> tuple[dict[str, Any], FormErrors]:
    errors, body = FormErrors(), {}
    delegate_id = answers.get("delegate_id", "")
    if not delegate_id:
        errors.add("delegate", _("Choose who will stand in for you"))
    else:
        body["delegate_id"] = uuid_or_404(delegate_id)
    for field, missing in (("starts-on", _("Enter the first day")), ("ends-on", _("Enter the last day"))):
        if day := day_asked(answers, field, errors, missing):
            body[field.replace("-", "_")] = day.isoformat()
    body["reason"] = answers.get("reason", "").strip()
    if not body["reason"]:
        errors.add("reason", _("Enter why, for example annual leave"))
    return body, errors
