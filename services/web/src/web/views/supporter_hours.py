"""A peer supporter's monthly hours for peer support: seen and changed by the supporter, their managers and the
coordinators. Lower hours take effect at once; higher ones are proposed by one manager and wait for the other's
agreement, given (or declined) here too. Identity decides who may do what (decisions 83 and 85); this page offers
what fits the reader and shows identity's refusal otherwise."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, uuid_or_404
from web.views.people import name_of

blp = Blueprint("supporter_hours", __name__)
INPUTS = {"monthly_hours": "monthly-hours", "reason": "reason", "change_id": "pending"}
# A refusal's reason is the decline form's own, apart from the change form's.
REFUSAL_INPUTS = {**INPUTS, "reason": "decline-reason"}
# Who made or agreed a change, as the page names them: by their part, not their name.
ACTING_AS = {
    "supporter": lazy_gettext("The peer supporter"), "line_manager": lazy_gettext("Their line manager"),
    "senior_manager": lazy_gettext("Their senior manager"), "coordinator": lazy_gettext("A coordinator"),
}
STATES = {
    "pending": lazy_gettext("Waiting for agreement"), "in_force": lazy_gettext("In force"),
    "withdrawn": lazy_gettext("Withdrawn"), "replaced": lazy_gettext("Replaced by a newer change"),
    "declined": lazy_gettext("Declined"),
}
DECIDED = {
    "agreement": lazy_gettext("The new hours are agreed and in force"),
    "refusal": lazy_gettext("The proposal is declined: the hours stay as they are, and the manager who proposed it "
                            "is told"),
    "withdrawal": lazy_gettext("The proposal is withdrawn"),
}
POSTS = {"line_manager": lazy_gettext("their line manager"), "senior_manager": lazy_gettext("their senior manager")}


@blp.get("/supporter-hours")
def mine() -> Any:
    """Where the reader starts: their own hours if they are a peer supporter, and those of the supporters they
    manage."""
    me = session["me"]
    supporters = [p for p in api().get("identity", "/api/v1/me/reports") if "peer_supporter" in p.get("roles", [])]
    return render_template("supporter_hours_list.html", own="peer_supporter" in me["roles"],
                           supporters=sorted(supporters, key=lambda p: p["name"]))


@blp.get("/supporter-hours/<staff_id>")
def hours(staff_id: str) -> Any:
    return _page(uuid_or_404(staff_id))


@blp.post("/supporter-hours/<staff_id>")
def change(staff_id: str) -> Any:
    """Lower the hours (at once) or propose a raise (for the other manager to agree)."""
    staff_id = uuid_or_404(staff_id)
    answers, errors = dict(request.form), FormErrors()
    asked = answers.get("monthly_hours", "").strip()
    reason = answers.get("reason", "").strip() or None
    if not asked.isdigit():
        errors.add("monthly-hours", _("Enter the hours a month as a whole number, for example 4"))
    else:
        try:
            held = api().put("identity", f"/api/v1/staff/{staff_id}/supporter-hours",
                             {"monthly_hours": int(asked), "reason": reason})
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        return _page(staff_id, errors, answers, 422)
    if held["monthly_hours"] == int(asked):
        flash(_("The hours are changed, and the peer supporter and their managers are told"))
    else:
        flash(_("The new hours are proposed: they take effect when the other manager agrees"))
    return redirect(url_for("supporter_hours.hours", staff_id=staff_id))


@blp.post("/supporter-hours/<staff_id>/raises/<change_id>/<decision>")
def decide(staff_id: str, change_id: str, decision: str) -> Any:
    """The other manager agrees to a pending raise or declines it (with an optional reason); its proposer
    withdraws it."""
    staff_id, change_id = uuid_or_404(staff_id), uuid_or_404(change_id)
    if decision not in DECIDED:
        abort(404)
    answers: dict[str, str] = {}
    body, inputs = None, INPUTS
    if decision == "refusal":
        answers["decline_reason"] = request.form.get("decline_reason", "").strip()
        body, inputs = {"reason": answers["decline_reason"] or None}, REFUSAL_INPUTS
    try:
        api().post("identity", f"/api/v1/staff/{staff_id}/supporter-hours/raises/{change_id}/{decision}", body)
    except ApiProblem as problem:
        return _page(staff_id, FormErrors.from_problem(problem, inputs), answers, 422)
    flash(str(DECIDED[decision]))
    return redirect(url_for("supporter_hours.hours", staff_id=staff_id))


def _page(staff_id: str, errors: FormErrors | None = None, answers: dict[str, str] | None = None,
          status: int = 200) -> Any:
    held = api().get("identity", f"/api/v1/staff/{staff_id}/supporter-hours")
    me = session["me"]["id"]
    pending = held["pending_raise"]
    return render_template(
        "supporter_hours.html", held=held, person=name_of(staff_id), pending=pending, own=me == staff_id,
        proposer=pending is not None and pending["proposed_by"] == me,
        acting_as=ACTING_AS, states=STATES, posts=POSTS, errors=errors or FormErrors(), answers=answers or {},
    ), status
