"""Coordinators: the waiting list with why each request waits and a manual allocation to a named supporter,
the supporters and their load, every referral (urgent first), and Level 1 reported by staff to verify or reject.
The board's quarterly report is in board.py: the governance group reads it too."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.casework import REFERRAL_STATES
from web.views.forms import FormErrors, Paging, api, idempotency_key, only_for, submitted_key, team_names, uuid_or_404
from web.views.support import MODES, URGENCIES

blp = Blueprint("coordinate", __name__)
only_for(blp, {"coordinator"}, lazy_gettext("These pages are for the network's coordinators."))
PAGE = 50
CHOICES = 30  # supporters offered for a manual allocation at once; a name narrows them
CLAIMS_SHOWN = 20  # Level 1 claims to check, oldest first
SIDES = {"within_team": lazy_gettext("Someone in their own team"),
         "outside_team": lazy_gettext("Someone outside their team"), "any": lazy_gettext("Anyone")}


@blp.get("/coordinate/waiting")
def waiting() -> Any:
    paging = Paging.asked(PAGE)
    body = api().get("sessions", "/api/v1/support-requests", status="waiting", limit=PAGE, offset=paging.offset)
    return render_template("waiting.html", waiting=body, page=paging.page, pages=paging.pages(body["total"]),
                           modes=MODES, urgencies=URGENCIES)


def _by_load(supporters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Those who can take someone now first, then the least loaded, then by name."""
    return sorted(supporters, key=lambda s: (not s["allocatable"], s["paused"],
                                             s["open_cases"] / max(1, s["monthly_capacity"]), s.get("name") or ""))


def _allocation_page(request_id: str, errors: FormErrors | None = None, status: int = 200) -> Any:
    support = api().get("sessions", f"/api/v1/support-requests/{request_id}",
                        reason="manual allocation from the waiting list")
    words = request.values.get("name", "").strip().lower()
    supporters = [s for s in api().get("sessions", "/api/v1/supporters")
                  if s["staff_id"] != support["requester_id"] and words in (s.get("name") or "").lower()]
    teams = team_names()
    return render_template("allocate.html", support=support, supporters=_by_load(supporters)[:CHOICES],
                           matching=len(supporters), name=words, modes=MODES, urgencies=URGENCIES, sides=SIDES,
                           teams=teams, requester_team=teams.get(_team_of(support["requester_id"])),
                           errors=errors or FormErrors(), key=idempotency_key()), status


def _team_of(staff_id: str) -> str | None:
    try:
        return api().get("identity", f"/api/v1/staff/{staff_id}").get("team_id")
    except ApiProblem:
        return None


@blp.get("/coordinate/waiting/<request_id>/allocate")
def allocation(request_id: str) -> Any:
    return _allocation_page(uuid_or_404(request_id))


@blp.post("/coordinate/waiting/<request_id>/allocate")
def allocate(request_id: str) -> Any:
    request_id = uuid_or_404(request_id)
    supporter_id = request.form.get("supporter_id", "")
    if not supporter_id:
        errors = FormErrors()
        errors.add("supporter", _("Select the supporter to give this request to"))
        return _allocation_page(request_id, errors, 422)
    try:
        api().post("sessions", f"/api/v1/support-requests/{request_id}/reallocate",
                   {"supporter_id": uuid_or_404(supporter_id)}, idempotency_key=submitted_key())
    except ApiProblem as problem:
        # The rule broken (their cap, their own team's request, a cool-down...) is the API's to name.
        return _allocation_page(request_id, FormErrors.from_problem(problem, {"supporter_id": "supporter"}), 422)
    flash(_("The request has been given to the supporter you chose; both are told"))
    return redirect(url_for("coordinate.waiting"))


@blp.get("/coordinate/referrals")
def referrals() -> Any:
    """Every referral, urgent first, naming nobody: each opened on its request's page, where the read is recorded."""
    paging = Paging.asked(PAGE)
    state = request.args.get("status") if request.args.get("status") in REFERRAL_STATES else None
    found = api().get("sessions", "/api/v1/referrals", status=state, limit=PAGE, offset=paging.offset)
    return render_template("coordinate_referrals.html", found=found, state=state,
                           page=paging.page, pages=paging.pages(found["total"]))


@blp.get("/coordinate/wellbeing")
def wellbeing() -> Any:
    """What colleagues said of their support, and who had a wellbeing review in the last year: counts under 5
    suppressed by sessions, nobody named."""
    return render_template("wellbeing_report.html", feedback=api().get("sessions", "/api/v1/reports/feedback"),
                           reviews=api().get("sessions", "/api/v1/reports/wellbeing-reviews"))


@blp.get("/coordinate/level-1-claims")
def claims() -> Any:
    return _claims_page()


def _claims_page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    pending = api().get("training", "/api/v1/level1-claims", status="pending", limit=CLAIMS_SHOWN)
    return render_template("claims.html", claims=pending["items"], total=pending["total"],
                           errors=errors or FormErrors(), answers=answers or {}, key=idempotency_key()), status


@blp.post("/coordinate/level-1-claims/<claim_id>/decision")
def decide_claim(claim_id: str) -> Any:
    claim_id = uuid_or_404(claim_id)
    answers = {**request.form, "deciding": claim_id}
    decision, reason = answers.get("decision", ""), answers.get("reason", "").strip()
    errors = FormErrors()
    if decision not in ("verify", "reject"):
        errors.add(f"decision-{claim_id}", _("Choose whether to record Level 1 or reject the claim"))
    elif decision == "reject" and not reason:
        errors.add(f"reason-{claim_id}", _("Enter why the claim is rejected"))
    else:
        try:
            api().post("training", f"/api/v1/level1-claims/{claim_id}/decision",
                       {"decision": decision, **({"reason": reason} if reason else {})},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"decision": f"decision-{claim_id}",
                                                       "reason": f"reason-{claim_id}"})
    if errors:
        return _claims_page(errors, answers, 422)
    flash(_("Level 1 is recorded") if decision == "verify" else _("The claim is rejected"))
    return redirect(url_for("coordinate.claims"))


@blp.get("/coordinate/supporters")
def supporters() -> Any:
    words = request.args.get("name", "").strip().lower()
    everyone = api().get("sessions", "/api/v1/supporters")
    shown = [s for s in everyone if words in (s.get("name") or "").lower()]
    return render_template("supporters.html", supporters=_by_load(shown), total=len(everyone), name=words,
                           teams=team_names(), demand=_demand(), overdue=_supervision_overdue(),
                           taking=sum(1 for s in everyone if s["allocatable"]),
                           paused=sum(1 for s in everyone if s["paused"]))


def _demand() -> dict[str, Any] | None:
    """Demand against capacity, counts under 5 suppressed: beside the list, which still shows without it."""
    try:
        return api().get("sessions", "/api/v1/reports/demand")
    except ApiProblem:
        return None


def _supervision_overdue() -> dict[str, Any] | None:
    """Supporters with no supervision within the interval, longest overdue first; the list shows without it."""
    try:
        return api().get("sessions", "/api/v1/supervision/overdue")
    except ApiProblem:
        return None
