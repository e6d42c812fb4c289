"""Supporters: my cases, pausing and resuming, my supervision and what colleagues said of my support, my weekly
availability and leave, and my preferences."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, day_entered, idempotency_key, submitted_key, uuid_or_404
from web.views.support import MODES, URGENCIES, WEEKDAYS

blp = Blueprint("supporting", __name__)
MAX_PLACES = 50
# A request's status as the sessions service names it, said to its supporter.
STATUSES = {"waiting": lazy_gettext("Waiting"), "allocated": lazy_gettext("Allocated"),
            "closed": lazy_gettext("Closed")}


def _me() -> str:
    return session["me"]["id"]


def _profile() -> dict[str, Any]:
    """My supporter profile; someone who is not a peer supporter has none, and these pages are not theirs."""
    try:
        return api().get("sessions", f"/api/v1/supporters/{_me()}")
    except ApiProblem as problem:
        if problem.status in (403, 404):
            abort(403, _("These pages are for peer supporters."))
        raise


@blp.get("/supporting")
def cases() -> Any:
    profile = _profile()
    page = api().get("sessions", "/api/v1/support-requests", limit=50)
    mine = [r for r in page["items"] if r.get("supporter_id") == _me() and r["requester_id"] != _me()]
    open_cases = [r for r in mine if r["status"] == "allocated"]
    return render_template("supporting.html", profile=profile, open_cases=open_cases,
                           closed=[r for r in mine if r not in open_cases], modes=MODES, urgencies=URGENCIES,
                           statuses=STATUSES, supervision=_supervision(), feedback=_feedback(), key=idempotency_key())


def _feedback() -> dict[str, Any] | None:
    """What colleagues said after talking to me, shown from 5 answers; the cases show without it."""
    try:
        return api().get("sessions", f"/api/v1/supporters/{_me()}/feedback")
    except ApiProblem:
        return None


def _supervision() -> dict[str, Any] | None:
    """When the supporter was last supervised and when next it is due; the cases show without it."""
    try:
        return api().get("sessions", f"/api/v1/supporters/{_me()}/supervision")
    except ApiProblem:
        return None


@blp.post("/supporting/pause")
def pause() -> Any:
    return _pause_or_resume("pause", _("You are paused: no new colleagues will be matched with you"))


@blp.post("/supporting/resume")
def resume() -> Any:
    return _pause_or_resume("resume", _("You are taking new colleagues again"))


def _pause_or_resume(action: str, done: str) -> Any:
    try:
        api().post("sessions", f"/api/v1/supporters/{_me()}/{action}", idempotency_key=submitted_key())
    except ApiProblem as problem:
        if problem.status != 409:  # already paused, or already taking colleagues: the page shows which
            raise
    flash(done)
    return redirect(url_for("supporting.cases"))


# --- availability -----------------------------------------------------------------------------
def _availability_page(errors: FormErrors | None = None, answers: dict[str, str] | None = None,
                       status: int = 200) -> Any:
    _profile()
    availability = api().get("sessions", f"/api/v1/supporters/{_me()}/availability")
    return render_template("availability.html", availability=availability, weekdays=WEEKDAYS,
                           errors=errors or FormErrors(), answers=answers or {}, key=idempotency_key()), status


@blp.get("/supporting/availability")
def availability() -> Any:
    return _availability_page()


def _clock(value: str) -> str | None:
    """'9:30', '09.30' or '0930' as HH:MM; None when it is not a time of day."""
    digits = value.strip().replace(".", ":")
    if ":" not in digits and digits.isdigit() and len(digits) in (3, 4):
        digits = f"{digits[:-2]}:{digits[-2:]}"
    hours, _, minutes = digits.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        return None
    return f"{int(hours):02d}:{minutes}"


def _windows_now() -> tuple[list[dict[str, str]], str]:
    """The week as held now, and its version: the whole week is replaced, so a change made meanwhile (by the
    coordinator, say) is refused (412) rather than lost."""
    held, version = api().get_versioned("sessions", f"/api/v1/supporters/{_me()}/availability")
    return [{"id": w["id"], "weekday": w["weekday"], "starts": w["starts"], "ends": w["ends"]}
            for w in held["windows"]], version


def _replace_windows(windows: list[dict[str, str]], version: str, answers: dict[str, str]) -> Any:
    body = {"windows": [{k: w[k] for k in ("weekday", "starts", "ends")} for w in windows]}
    try:
        api().put("sessions", f"/api/v1/supporters/{_me()}/availability", body, if_match=version or None)
    except ApiProblem as problem:
        inputs = {"windows": "window-starts", **{f"windows.{i}": "window-starts" for i in range(len(windows))}}
        return _availability_page(FormErrors.from_problem(problem, inputs), answers, status=422)
    flash(_("Your weekly availability has been saved"))
    return redirect(url_for("supporting.availability"))


@blp.post("/supporting/availability/windows")
def add_window() -> Any:
    answers, errors = dict(request.form), FormErrors()
    weekday = answers.get("weekday", "")
    starts, ends = _clock(answers.get("starts", "")), _clock(answers.get("ends", ""))
    if weekday not in WEEKDAYS:
        errors.add("window-weekday", _("Select a day of the week"))
    if starts is None:
        errors.add("window-starts", _("Enter the time you are free from, for example 09:30"))
    if ends is None:
        errors.add("window-ends", _("Enter the time you are free until, for example 12:00"))
    if starts and ends and ends <= starts:
        errors.add("window-ends", _("The time you are free until must be after the time you are free from"))
    if errors:
        return _availability_page(errors, answers, status=422)
    held, version = _windows_now()
    return _replace_windows([*held, {"weekday": weekday, "starts": starts, "ends": ends}], version, answers)


@blp.post("/supporting/availability/windows/<window_id>/remove")
def remove_window(window_id: str) -> Any:
    window_id = uuid_or_404(window_id)
    held, version = _windows_now()
    if not any(w["id"] == window_id for w in held):
        abort(404)
    return _replace_windows([w for w in held if w["id"] != window_id], version, {})


@blp.post("/supporting/leave")
def add_leave() -> Any:
    answers, errors, days = dict(request.form), FormErrors(), {}
    asked = {"first-day": (_("Enter the first day of your leave"),
                           _("Enter the first day of your leave as a real date, for example 27 3 2027")),
             "last-day": (_("Enter the last day of your leave"),
                          _("Enter the last day of your leave as a real date, for example 27 3 2027"))}
    for prefix, (missing, unreal) in asked.items():
        try:
            days[prefix] = day_entered(answers, prefix)
        except ValueError:
            errors.add(prefix, unreal)
            continue
        if days[prefix] is None:
            errors.add(prefix, missing)
    if not errors and days["last-day"] < days["first-day"]:
        errors.add("last-day", _("The last day of your leave must be the same as or after the first day"))
    if not errors:
        body = {"first_day": days["first-day"].isoformat(), "last_day": days["last-day"].isoformat()}
        try:
            api().post("sessions", f"/api/v1/supporters/{_me()}/leave", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"first_day": "first-day", "last_day": "last-day"})
    if errors:
        return _availability_page(errors, answers, status=422)
    flash(_("Your leave has been added: no times will be offered to you on those days"))
    return redirect(url_for("supporting.availability"))


@blp.post("/supporting/leave/<leave_id>/remove")
def remove_leave(leave_id: str) -> Any:
    api().delete("sessions", f"/api/v1/supporters/{_me()}/leave/{uuid_or_404(leave_id)}")
    flash(_("Your leave has been removed"))
    return redirect(url_for("supporting.availability"))


# --- preferences ------------------------------------------------------------------------------
@blp.route("/supporting/preferences", methods=["GET", "POST"])
def preferences() -> Any:
    _profile()
    errors = FormErrors()
    if request.method == "GET":
        held = api().get("sessions", f"/api/v1/supporters/{_me()}/preferences")
        return render_template("preferences.html", modes=MODES, chosen=held["modes"], places="\n".join(held["places"]),
                               errors=errors)
    chosen = [m for m in request.form.getlist("modes") if m in MODES]
    places_text = request.form.get("places", "")
    places = [line.strip() for line in places_text.splitlines() if line.strip()]
    if not chosen:
        errors.add("modes", _("Select at least one way you offer support"))
    if len(places) > MAX_PLACES:
        errors.add("places", _("Enter at most %(most)s places", most=MAX_PLACES))
    if not errors:
        try:
            api().put("sessions", f"/api/v1/supporters/{_me()}/preferences", {"modes": chosen, "places": places})
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"modes": "modes", "places": "places"})
    if errors:
        return render_template("preferences.html", modes=MODES, chosen=chosen, places=places_text,
                               errors=errors), 422
    flash(_("Your preferences have been saved"))
    return redirect(url_for("supporting.cases"))
