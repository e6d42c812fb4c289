"""Cohorts: a trainer's register (attendance each course day, competences signed off, the course completed);
coordinators see every cohort, and (views/planning.py) schedule them, choose their trainers and move them on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext

from web.adapters.api import ApiProblem
from web.views.forms import LONDON, FormErrors, api, idempotency_key, submitted_key, uuid_or_404
from web.views.training import LEVELS, course_days

blp = Blueprint("cohorts", __name__)
COORDINATING = {"coordinator", "admin"}
STATES = {"planned": lazy_gettext("Planned"), "open": lazy_gettext("Open for booking"),
          "running": lazy_gettext("Running"), "finished": lazy_gettext("Finished"),
          "cancelled": lazy_gettext("Cancelled")}
LISTED = 500
# Where a coordinator may move each state, and what its button says.
MOVES = {"planned": {"open": lazy_gettext("Open it for booking"), "cancelled": lazy_gettext("Cancel the cohort")},
         "open": {"running": lazy_gettext("Start the cohort (its first day has come)"),
                  "cancelled": lazy_gettext("Cancel the cohort")},
         "running": {"finished": lazy_gettext("Finish the cohort")}}
TRAINERS_READ = 200
RESIZABLE = ("planned", "open")  # training changes the places and days of a cohort not yet begun
# The day rows a form offers at first (a course runs one to three days, a refresher one); "Add another day" gives
# one more each time, up to as many as training takes.
DAY_ROWS = 4
MOST_DAYS = 30  # training's most course days of a cohort


def _roles() -> set[str]:
    return set(session["me"]["roles"])


@blp.get("/cohorts")
def cohorts() -> Any:
    roles = _roles()
    if not roles & (COORDINATING | {"trainer"}):
        abort(403, _("Cohorts are for trainers and coordinators."))
    items = api().get("training", "/api/v1/cohorts", limit=LISTED)["items"]
    if not roles & COORDINATING:
        items = [c for c in items if session["me"]["id"] in c["trainer_ids"]]
    current = [c for c in items if c["state"] in ("open", "running", "planned")]
    past = [c for c in items if c not in current]
    return render_template("cohorts.html", current=current, past=past, levels=LEVELS, states=STATES)


def register_view(cohort_id: str, errors: FormErrors | None = None, status: int = 200,
                  answers: dict[str, str] | None = None) -> Any:
    # Its ETag: a coordinator's change of places is sent with the version the page showed (If-Match).
    cohort, etag = api().get_versioned("training", f"/api/v1/cohorts/{cohort_id}")
    places = api().get("training", f"/api/v1/cohorts/{cohort_id}/places")
    level = next((lv for lv in api().get("training", "/api/v1/levels") if lv["level"] == cohort["level"]),
                 {"competences": []})
    competences = [c for c in level["competences"] if not c["retired"]]
    now = datetime.now(LONDON)
    started = [d["date"] for d in cohort["days"] if datetime.fromisoformat(d["starts_at"]) <= now]
    booked = []
    for place in places:
        if place["status"] != "booked":
            continue
        attended = {a["date"]: a["attended"] for a in place["attendance"]}
        signed = {s["competence_id"] for s in place["sign_offs"]}
        booked.append({**place, "attended": attended, "signed": signed,
                       "ready": all(attended.get(d["date"]) for d in cohort["days"])
                       and all(c["id"] in signed for c in competences)})
    waiting = [p for p in places if p["status"] != "booked"]
    coordinating = bool(_roles() & COORDINATING)
    resizable = coordinating and cohort["state"] in RESIZABLE
    return render_template("cohort.html", cohort=cohort, booked=booked, waiting=waiting, course_days=course_days,
                           competences=competences, started=started, levels=LEVELS, states=STATES,
                           moves=MOVES.get(cohort["state"], {}) if coordinating else {},
                           trainers=_trainer_choices() if coordinating else [],
                           general_list=general_list(cohort) if coordinating else [],
                           resizable=resizable,
                           day_rows=day_rows(answers or {}, len(cohort["days"])) if resizable else 0,
                           most_days=MOST_DAYS,
                           etag=etag, answers=answers or days_answered(cohort),
                           errors=errors or FormErrors(), key=idempotency_key()), status


def day_rows(answers: dict[str, str], held: int = 0) -> int:
    """How many day rows the form shows: as many as it showed when sent (its `day_rows`), or at first enough for the
    `held` days and never fewer than DAY_ROWS; never more than training takes."""
    shown = answers.get("day_rows", "")
    return min(int(shown) if shown.isdigit() and int(shown) >= 1 else max(held, DAY_ROWS), MOST_DAYS)


def another_day(answers: dict[str, str]) -> bool:
    """"Add another day" was pressed (the form works without JavaScript): `answers` shows one row more, and nothing
    is sent."""
    if "add_day" not in answers:
        return False
    answers["day_rows"] = str(min(day_rows(answers) + 1, MOST_DAYS))
    return True


def days_answered(cohort: dict[str, Any]) -> dict[str, str]:
    """The day rows as the cohort's days fill them, for changing them."""
    answers: dict[str, str] = {}
    for n, day in enumerate(cohort["days"], 1):
        year, month, on = day["date"].split("-")
        answers |= {f"day-{n}[day]": str(int(on)), f"day-{n}[month]": str(int(month)), f"day-{n}[year]": year,
                    f"day-{n}-starts": (day.get("start_time") or "")[:5],
                    f"day-{n}-ends": (day.get("end_time") or "")[:5],
                    f"day-{n}-place": day.get("location") or day.get("virtual_link") or ""}
    return answers


def general_list(cohort: dict[str, Any]) -> list[dict[str, Any]]:
    """Whom both managers approved for this level with no course yet: an open course's coordinator books them."""
    if cohort["state"] != "open" or cohort.get("kind", "course") != "course":
        return []
    return api().get("training", "/api/v1/nominations/general-list", level=cohort["level"])


def _trainer_choices() -> list[dict[str, Any]]:
    """Everyone who holds the trainer role, by name: whom a coordinator chooses a cohort's trainers from."""
    return api().get("identity", "/api/v1/staff", role="trainer", status="active", limit=TRAINERS_READ)["items"]


@blp.get("/cohorts/<cohort_id>")
def register(cohort_id: str) -> Any:
    return register_view(uuid_or_404(cohort_id))


def _staff_id() -> str:
    return uuid_or_404(request.form.get("staff_id", ""))


def _refused(cohort_id: str, problem: ApiProblem, staff_id: str) -> Any:
    return register_view(cohort_id, FormErrors.from_problem(problem, {"staff_id": f"person-{staff_id}",
                                                                 "date": f"attendance-{staff_id}",
                                                                 "competence_id": f"competences-{staff_id}"}), 422)


@blp.post("/cohorts/<cohort_id>/attendance")
def attendance(cohort_id: str) -> Any:
    """Each started day ticked is attended, each left unticked is not: only the days that change are sent."""
    cohort_id, staff_id = uuid_or_404(cohort_id), _staff_id()
    ticked = set(request.form.getlist("attended"))
    shown = set(request.form.getlist("shown"))
    recorded = {d: v == "yes" for d, v in (item.split("=", 1) for item in request.form.getlist("was") if "=" in item)}
    try:
        for day in sorted(shown):
            now_attended = day in ticked
            if recorded.get(day) is not now_attended:
                api().put("training", f"/api/v1/cohorts/{cohort_id}/attendance",
                          {"staff_id": staff_id, "date": day, "attended": now_attended})
    except ApiProblem as problem:
        return _refused(cohort_id, problem, staff_id)
    flash(_("Attendance has been saved"))
    return redirect(url_for("cohorts.register", cohort_id=cohort_id) + f"#person-{staff_id}")


@blp.post("/cohorts/<cohort_id>/sign-offs")
def sign_off(cohort_id: str) -> Any:
    cohort_id, staff_id = uuid_or_404(cohort_id), _staff_id()
    chosen = [uuid_or_404(c) for c in request.form.getlist("competences")]
    if not chosen:
        errors = FormErrors()
        errors.add(f"competences-{staff_id}", _("Select the competences to sign off"))
        return register_view(cohort_id, errors, 422)
    try:
        for competence_id in chosen:
            api().post("training", f"/api/v1/cohorts/{cohort_id}/sign-offs",
                       {"staff_id": staff_id, "competence_id": competence_id})
    except ApiProblem as problem:
        return _refused(cohort_id, problem, staff_id)
    flash(ngettext("%(num)s competence signed off", "%(num)s competences signed off", len(chosen)))
    return redirect(url_for("cohorts.register", cohort_id=cohort_id) + f"#person-{staff_id}")


@blp.post("/cohorts/<cohort_id>/sign-offs/withdrawals")
def withdraw_sign_offs(cohort_id: str) -> Any:
    """Competences signed off by mistake, each taken back; training refuses once the course is completed."""
    cohort_id, staff_id = uuid_or_404(cohort_id), _staff_id()
    chosen = [uuid_or_404(c) for c in request.form.getlist("competences")]
    if not chosen:
        errors = FormErrors()
        errors.add(f"withdraw-{staff_id}", _("Select the sign-offs to undo"))
        return register_view(cohort_id, errors, 422)
    try:
        for competence_id in chosen:
            api().delete("training", f"/api/v1/cohorts/{cohort_id}/sign-offs/{staff_id}/{competence_id}")
    except ApiProblem as problem:
        return register_view(cohort_id, FormErrors.from_problem(problem, {"staff_id": f"person-{staff_id}",
                                                                          "competence_id": f"withdraw-{staff_id}"}),
                             422)
    flash(ngettext("%(num)s sign-off undone", "%(num)s sign-offs undone", len(chosen)))
    return redirect(url_for("cohorts.register", cohort_id=cohort_id) + f"#person-{staff_id}")


@blp.post("/cohorts/<cohort_id>/completions")
def complete(cohort_id: str) -> Any:
    cohort_id, staff_id = uuid_or_404(cohort_id), _staff_id()
    try:
        api().post("training", f"/api/v1/cohorts/{cohort_id}/completions", {"staff_id": staff_id},
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _refused(cohort_id, problem, staff_id)
    name = request.form.get("name")
    flash(_("%(name)s has completed the course", name=name) if name else _("The participant has completed the course"))
    return redirect(url_for("cohorts.register", cohort_id=cohort_id) + f"#person-{staff_id}")
