"""Managers: the nominations awaiting my decision, approved with monthly hours or refused with a reason; my teams'
coverage (for a coordinator, the network's, with the training pipeline)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, idempotency_key, submitted_key, uuid_or_404
from web.views.training import LEVELS, course_days, courses_named

blp = Blueprint("manage", __name__)


def _awaiting() -> list[dict[str, Any]]:
    """The nominations waiting for my decision, each named by training (a stand-in may not read the nominee's
    record in the directory), with the course each names."""
    items = api().get("training", "/api/v1/nominations/awaiting-my-decision")
    courses = courses_named([item["nomination"] for item in items])
    for item in items:
        item["nominee_name"] = item.get("nominee_name") or "A colleague"
        item["course"] = courses.get(item["nomination"].get("cohort_id") or "")
    return items


@blp.get("/nominations")
def nominations() -> Any:
    return _page()


def _page(errors: FormErrors | None = None, failed: str = "", answers: dict[str, str] | None = None,
          status: int = 200) -> Any:
    return render_template("nominations.html", items=_awaiting(), levels=LEVELS, course_days=course_days,
                           errors=errors or FormErrors(),
                           failed=failed, answers=answers or {}, key=idempotency_key()), status


@blp.post("/nominations/<nomination_id>/decision")
def decide(nomination_id: str) -> Any:
    nomination_id = uuid_or_404(nomination_id)
    form, errors = dict(request.form), FormErrors()
    decision = form.get("decision", "")
    body: dict[str, Any] = {"decision": decision}
    if decision == "approve":
        hours = form.get("monthly_hours", "").strip()
        if not hours.isdigit() or not 1 <= int(hours) <= 40:
            errors.add(f"hours-{nomination_id}", _("Enter the hours a month for peer support, from 1 to 40"))
        else:
            body["monthly_hours"] = int(hours)
    elif decision == "refuse":
        body["reason"] = form.get("reason", "").strip()
        if not body["reason"]:
            errors.add(f"reason-{nomination_id}", _("Enter why you are not supporting this nomination"))
    else:
        errors.add(f"decision-{nomination_id}", _("Select whether you support this nomination"))
    if not errors:
        try:
            api().post("training", f"/api/v1/nominations/{nomination_id}/approvals", body,
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {
                "monthly_hours": f"hours-{nomination_id}", "reason": f"reason-{nomination_id}",
                "decision": f"decision-{nomination_id}"})
    if errors:
        return _page(errors, nomination_id, form, status=422)
    flash(_("Your decision has been recorded") if decision == "approve" else _("The nomination has been refused"))
    return redirect(url_for("manage.nominations"))


@blp.get("/coverage")
def coverage() -> Any:
    return _coverage_page()


def _coverage_page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    """My teams' training and champions (never anyone's use of support): Level 1 from training, champions and
    peer supporters from identity, each team once, by name; whom of my reports I may appoint a champion. A
    coordinator sees every team (identity and training decide the scope by role), and the training pipeline."""
    coordinating = "coordinator" in session["me"]["roles"]
    level_1 = api().get("training", "/api/v1/reports/level-1-coverage" if coordinating else
                        "/api/v1/reports/my-teams/level-1-coverage")
    champions = api().get("identity", "/api/v1/reports/champion-coverage")
    teams: dict[str, dict[str, Any]] = {}
    for row in champions["teams"]:
        teams[row["team_id"]] = {"name": row["team"], "service": row["service"], "champions": row["champions"],
                                 "peer_supporters": row["peer_supporters"]}
    for row in level_1["teams"]:
        # Training counts the staff in no team on a row of their own: no team has them, so no champion or
        # supporter of theirs is counted (identity's rows are teams).
        no_team = not row.get("team_id")
        team = teams.setdefault(row.get("team_id") or "", {
            "name": _("No team") if no_team else row.get("team_name") or "", "service": row.get("service") or "",
            "no_team": no_team})
        team.update(staff=row["staff"], with_level_1=row["with_level_1"], share=row["share"])
    rows = sorted(teams.values(), key=lambda t: (t.get("no_team", False), t["service"], t["name"]))
    return render_template("coverage.html", teams=rows, overall=level_1["overall"], coordinating=coordinating,
                           pipeline=api().get("training", "/api/v1/reports/pipeline") if coordinating else [],
                           without_champion=sum(1 for t in rows if t.get("champions") == 0),
                           without_supporter=sum(1 for t in rows if t.get("peer_supporters") == 0),
                           candidates=_champion_candidates(), errors=errors or FormErrors(), answers=answers or {},
                           key=idempotency_key()), status


def _champion_candidates() -> list[dict[str, Any]]:
    """Those I manage, in a team, who are not its champion already: whom I may appoint."""
    return [p for p in api().get("identity", "/api/v1/me/reports")
            if p.get("team_id") and "wellbeing_champion" not in p.get("roles", [])]


@blp.post("/coverage/champions")
def appoint_champion() -> Any:
    """A manager appoints one of the people they manage a wellbeing champion for that person's team."""
    answers, errors = dict(request.form), FormErrors()
    chosen = next((p for p in _champion_candidates() if p["id"] == answers.get("staff_id")), None)
    reason = answers.get("reason", "").strip()
    if chosen is None:
        errors.add("champion", _("Choose who will be a wellbeing champion"))
    if not reason:
        errors.add("champion-reason", _("Enter why, for example: volunteered at the team meeting"))
    if not errors:
        try:
            api().post("identity", f"/api/v1/teams/{chosen['team_id']}/champions",
                       {"staff_id": chosen["id"], "reason": reason}, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"staff_id": "champion", "reason": "champion-reason"})
    if errors:
        return _coverage_page(errors, answers, 422)
    flash(_("%(name)s is a wellbeing champion for their team, and is told so", name=chosen["name"]))
    return redirect(url_for("manage.coverage"))
