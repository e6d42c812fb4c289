"""Coordinators plan the courses: a cohort of Level 2 or Level 3 (or a refresher) scheduled with its days, its
trainers chosen among those who hold the trainer role, and moved through its states: opened for booking, started,
finished, or cancelled (those booked are told and go back to the list). Training keeps the cohorts and decides what
each change may do; the page says what it answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext

from web.adapters.api import ApiProblem
from web.views.cohorts import MOST_DAYS, MOVES, another_day, day_rows, register_view
from web.views.forms import FormErrors, api, day_entered, idempotency_key, only_for, submitted_key, uuid_or_404
from web.views.training import LEVELS

blp = Blueprint("planning", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("Cohorts are scheduled by the network's coordinators."))
MOST_PLACES = 200  # training's largest cohort
KINDS = {"course": lazy_gettext("A course: it teaches the level"),
         "refresher": lazy_gettext("A refresher: it renews the certificates of those who hold the level")}
OPENINGS = {"open": lazy_gettext("Open for booking now"), "planned": lazy_gettext("Planned: open it for booking later")}
MOVED = {"open": lazy_gettext("The cohort is open for booking"), "running": lazy_gettext("The cohort has started"),
         "finished": lazy_gettext("The cohort is finished"),
         "cancelled": lazy_gettext("The cohort is cancelled: those booked are told")}


def _inputs(rows: list[int]) -> dict[str, str]:
    """The API's field names (`days.0.date`) to the form's inputs (`day-2`): `rows` are the form's rows sent, in
    order, as the rows left empty are not."""
    inputs = {"name": "name", "level": "level", "kind": "kind", "capacity": "capacity", "state": "opening",
              "days": "day-1"}
    for index, n in enumerate(rows):
        inputs.update({f"days.{index}.date": f"day-{n}", f"days.{index}.start_time": f"day-{n}-starts",
                       f"days.{index}.end_time": f"day-{n}-ends", f"days.{index}.location": f"day-{n}-place",
                       f"days.{index}.virtual_link": f"day-{n}-place", f"days.{index}": f"day-{n}"})
    return inputs


def _new_page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    answers = answers or {}
    return render_template("cohort_new.html", answers=answers, errors=errors or FormErrors(), days=day_rows(answers),
                           most_days=MOST_DAYS,
                           levels={lv: LEVELS[lv] for lv in (2, 3)}, kinds=KINDS, openings=OPENINGS,
                           key=idempotency_key()), status


@blp.get("/cohorts/new")
def new() -> Any:
    return _new_page()


@blp.post("/cohorts/new")
def schedule() -> Any:
    answers = dict(request.form)
    if another_day(answers):
        return _new_page(answers=answers)
    body, errors = _cohort(answers)
    if not errors:
        try:
            made = api().post("training", "/api/v1/cohorts", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, _inputs(_filled_rows(answers)))
    if errors:
        return _new_page(errors, answers, 422)
    flash(_("The cohort is scheduled: staff can be nominated for it") if body["state"] == "open" else
          _("The cohort is scheduled"))
    return redirect(url_for("cohorts.register", cohort_id=made["id"]))


@blp.post("/cohorts/<cohort_id>/state")
def move(cohort_id: str) -> Any:
    cohort_id = uuid_or_404(cohort_id)
    state = request.form.get("state", "")
    if state not in {s for moves in MOVES.values() for s in moves}:
        abort(404)
    try:
        api().post("training", f"/api/v1/cohorts/{cohort_id}/state", {"state": state}, idempotency_key=submitted_key())
    except ApiProblem as problem:
        return register_view(cohort_id, FormErrors.from_problem(problem, {"state": "state"}), 422)
    flash(str(MOVED[state]))
    return redirect(url_for("cohorts.register", cohort_id=cohort_id))


@blp.post("/cohorts/<cohort_id>/capacity")
def resize(cohort_id: str) -> Any:
    """More places (those waiting move into them at once, each told) or fewer, down to the places booked; sent
    with the version the page showed, so a change made meanwhile is seen first."""
    cohort_id = uuid_or_404(cohort_id)
    answers, errors = dict(request.form), FormErrors()
    capacity = answers.get("capacity", "").strip()
    if not capacity.isdigit() or not 1 <= int(capacity) <= MOST_PLACES:
        errors.add("new-capacity", _("Enter the number of places, a whole number from 1 to %(most)s", most=MOST_PLACES))
    else:
        try:
            api().patch("training", f"/api/v1/cohorts/{cohort_id}", {"capacity": int(capacity)},
                        if_match=answers.get("etag", ""))
        except ApiProblem as problem:
            if problem.status == 412:
                errors.add(None, _("The cohort was changed meanwhile: here it is now. Change its places again"))
                return register_view(cohort_id, errors, 409)
            errors = FormErrors.from_problem(problem, {"capacity": "new-capacity"})
    if errors:
        return register_view(cohort_id, errors, 422, answers)
    flash(ngettext("The cohort has %(num)s place now: anyone waiting for a new place has it, and is told",
                   "The cohort has %(num)s places now: anyone waiting for a new place has it, and is told",
                   int(capacity)))
    return redirect(url_for("cohorts.register", cohort_id=cohort_id))


@blp.post("/cohorts/<cohort_id>/days")
def reschedule(cohort_id: str) -> Any:
    """The whole new set of days, sent with the version the page showed; training tells everyone booked."""
    cohort_id = uuid_or_404(cohort_id)
    answers, errors = {**request.form, "changing_days": "yes"}, FormErrors()
    if another_day(answers):
        return register_view(cohort_id, answers=answers)
    days = _days(answers, errors)
    if not errors:
        try:
            api().patch("training", f"/api/v1/cohorts/{cohort_id}", {"days": days}, if_match=answers.get("etag", ""))
        except ApiProblem as problem:
            if problem.status == 412:
                errors.add(None, _("The cohort was changed meanwhile: here it is now. Change its days again"))
                return register_view(cohort_id, errors, 409)
            errors = FormErrors.from_problem(problem, _inputs(_filled_rows(answers)))
    if errors:
        return register_view(cohort_id, errors, 422, answers)
    flash(_("The days are changed: everyone booked is told"))
    return redirect(url_for("cohorts.register", cohort_id=cohort_id))


@blp.post("/cohorts/<cohort_id>/general-list")
def book_from_general_list(cohort_id: str) -> Any:
    """Each nominee ticked is booked onto the cohort, or its waiting list once full; one refused is named, the rest
    are booked all the same."""
    cohort_id, errors = uuid_or_404(cohort_id), FormErrors()
    chosen = [uuid_or_404(n) for n in request.form.getlist("nomination_ids")]
    if not chosen:
        errors.add("general-list", _("Select whom to book"))
        return register_view(cohort_id, errors, 422)
    outcomes = []
    for nomination_id in chosen:
        try:
            booked = api().post("training", f"/api/v1/nominations/{nomination_id}/booking", {"cohort_id": cohort_id},
                                idempotency_key=f"{submitted_key()}-{nomination_id}")
        except ApiProblem as problem:
            errors.add("general-list", problem.detail or problem.title)
        else:
            outcomes.append(booked["status"])
    if outcomes:
        flash(_("%(booked)s booked, %(waiting)s on the waiting list", booked=outcomes.count("booked"),
                waiting=outcomes.count("waiting_list")))
    if errors:
        return register_view(cohort_id, errors, 422)
    return redirect(url_for("cohorts.register", cohort_id=cohort_id))


@blp.post("/cohorts/<cohort_id>/trainers")
def trainers(cohort_id: str) -> Any:
    cohort_id = uuid_or_404(cohort_id)
    chosen = [uuid_or_404(t) for t in request.form.getlist("trainer_ids")]
    try:
        api().put("training", f"/api/v1/cohorts/{cohort_id}/trainers", {"trainer_ids": chosen})
    except ApiProblem as problem:
        return register_view(cohort_id, FormErrors.from_problem(problem, {"trainer_ids": "trainers"}), 422)
    flash(_("The trainers are saved") if chosen else _("The cohort has no trainer now"))
    return redirect(url_for("cohorts.register", cohort_id=cohort_id) + "#trainers")


def _cohort(answers: dict[str, str]) -> tuple[dict[str, Any], FormErrors]:
    errors = FormErrors()
    body: dict[str, Any] = {"name": answers.get("name", "").strip(), "state": answers.get("opening", ""),
                            "kind": answers.get("kind", "")}
    if not body["name"]:
        errors.add("name", _("Enter the cohort's name, for example Level 2, spring, Newport"))
    level = answers.get("level", "")
    if level not in ("2", "3"):
        errors.add("level", _("Choose the level"))
    if body["kind"] not in KINDS:
        errors.add("kind", _("Choose a course or a refresher"))
    capacity = answers.get("capacity", "").strip()
    if not capacity.isdigit() or int(capacity) < 1:
        errors.add("capacity", _("Enter how many places, a whole number such as 16"))
    if body["state"] not in OPENINGS:
        errors.add("opening", _("Choose whether it opens for booking now"))
    body["days"] = _days(answers, errors)
    if not errors:
        body.update(level=int(level), capacity=int(capacity))
    return body, errors


def _filled_rows(answers: dict[str, str]) -> list[int]:
    """The day rows with a date, in order: those `_days` sends."""
    return [n for n in range(1, day_rows(answers) + 1) if any(answers.get(f"day-{n}[{part}]", "").strip()
                                                 for part in ("day", "month", "year"))]


def _days(answers: dict[str, str], errors: FormErrors) -> list[dict[str, Any]]:
    """Each day row filled in, as the API's day: a room, or a video link when the place starts https://."""
    days = []
    for n in range(1, day_rows(answers) + 1):
        place = answers.get(f"day-{n}-place", "").strip()
        try:
            on = day_entered(answers, f"day-{n}")
        except ValueError:
            errors.add(f"day-{n}", _("Enter a real date, for example 27 3 2027"))
            continue
        if on is None:
            if place:
                errors.add(f"day-{n}", _("Enter the day's date, or leave its place empty too"))
            continue
        if not place:
            errors.add(f"day-{n}-place", _("Enter the room, or the video link starting https://"))
            continue
        where = {"virtual_link": place} if place.startswith(("https://", "http://")) else {"location": place}
        days.append({"date": on.isoformat(), "start_time": answers.get(f"day-{n}-starts", "").strip() or "09:30",
                     "end_time": answers.get(f"day-{n}-ends", "").strip() or "16:30", **where})
    if not days and not errors:
        errors.add("day-1", _("Enter the first course day"))
    return days
