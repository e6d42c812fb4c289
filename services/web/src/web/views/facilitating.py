"""Facilitators (and Level 3 trainers, who facilitate too): arranging a group reflective session, once or as a
series (the monthly middle-manager sessions: the first Tuesday of every month, say), who is coming to each of
theirs, the register once one has begun, moving one or changing its places, calling one off, and ending a series.
Sessions decides who may do each, makes a series' sessions ahead and tells everyone booked; the page says what it
answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, pgettext

from web.adapters.api import ApiProblem
from web.views.forms import (
    LONDON,
    FormErrors,
    api,
    begun,
    idempotency_key,
    meeting_entered,
    only_for,
    submitted_key,
    uuid_or_404,
)
from web.views.reflective import AUDIENCES

blp = Blueprint("facilitating", __name__)
only_for(blp, {"facilitator", "trainer"}, lazy_gettext("These pages are for facilitators of reflective sessions."))
LENGTHS = (60, 90, 120)
REGISTER_DAYS = 14  # a session stays on the page this long after it ends, for its register
INPUTS = {"theme": "theme", "starts_at": "session-day", "ends_at": "session-time", "capacity": "capacity",
          "audience": "audience", "link": "session-link", "room": "session-room", "first_starts_at": "session-day",
          "duration_minutes": "session-length", "rule": "repeat", "timezone": "repeat"}
REPEATS = {"once": lazy_gettext("Once"),
           "monthly": lazy_gettext("Every month, on the same weekday (the first Tuesday, say)"),
           "weekly": lazy_gettext("Every week"), "fortnightly": lazy_gettext("Every 2 weeks")}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKS = ("1", "2", "3", "4", "-1")


def _page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    me = session["me"]["id"]
    theirs = [s for s in api().get("sessions", "/api/v1/group-sessions", mine="true", past_days=REGISTER_DAYS,
                                   limit=100)["items"] if s["facilitator_id"] == me]
    coming = _attendees([s["id"] for s in theirs if s["status"] != "cancelled"])
    series = [s for s in api().get("sessions", "/api/v1/group-series")["items"]
              if s["facilitator_id"] == me and not s["ended_at"]]
    return render_template("facilitating.html", sessions=theirs, coming=coming, begun=begun(theirs),
                           as_they_are={s["id"]: _as_it_is(s) for s in theirs},
                           register_days=REGISTER_DAYS,
                           series=[{**s, "repeats": described(s["rule"])} for s in series],
                           audiences=AUDIENCES, lengths=LENGTHS, repeats=REPEATS, answers=answers or {},
                           errors=errors or FormErrors(), key=idempotency_key()), status


def _attendees(session_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Who is booked and waiting for each of my sessions, in one read however many there are."""
    if not session_ids:
        return {}
    found = api().get("sessions", "/api/v1/group-sessions/attendees", session_id=session_ids)["items"]
    return {s["session_id"]: s["items"] for s in found}


@blp.get("/facilitating")
def sessions() -> Any:
    return _page()


@blp.post("/facilitating")
def arrange() -> Any:
    answers = dict(request.form)
    body, errors = _session(answers)
    repeat = answers.get("repeat") or "once"  # a page drawn before series were offered arranges one session
    if repeat not in REPEATS:
        errors.add("repeat", _("Choose how often it happens"))
    if not errors:
        try:
            if repeat == "once":
                api().post("sessions", "/api/v1/group-sessions", body, idempotency_key=submitted_key())
            else:
                api().post("sessions", "/api/v1/group-series", _series(body, repeat), idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        return _page(errors, answers, 422)
    flash(_("The session is arranged: those it is for can book it") if repeat == "once" else
          _("The series is arranged: its sessions for the coming months can be booked"))
    return redirect(url_for("facilitating.sessions"))


@blp.post("/facilitating/series/<series_id>/end")
def end_series(series_id: str) -> Any:
    try:
        api().post("sessions", f"/api/v1/group-series/{uuid_or_404(series_id)}/end", idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _page(FormErrors.from_problem(problem, {}), status=422)
    flash(_("The series is ended: no more sessions are made, and those already arranged stay"))
    return redirect(url_for("facilitating.sessions"))


@blp.post("/facilitating/<session_id>/attendance")
def attendance(session_id: str) -> Any:
    session_id = uuid_or_404(session_id)
    came = request.form.getlist("attended")
    try:
        api().put("sessions", f"/api/v1/group-sessions/{session_id}/attendance", {"attended": came})
    except ApiProblem as problem:
        return _page(FormErrors.from_problem(problem, {}), status=422)
    flash(_("The register is saved"))
    return redirect(url_for("facilitating.sessions") + f"#session-{session_id}")


@blp.post("/facilitating/<session_id>/change")
def change(session_id: str) -> Any:
    """Move one session or change its number of places; sessions checks a clash and those already booked, and
    tells everyone booked or waiting of a move."""
    session_id = uuid_or_404(session_id)
    answers, errors, prefix = {**request.form, "changing": session_id}, FormErrors(), f"move-{session_id}"
    own_length = answers.get("length-now", "")
    lengths = LENGTHS + ((int(own_length),) if own_length.isdigit() else ())
    when = meeting_entered(answers, prefix, lengths, errors, _("Enter the date of the session"))
    capacity = answers.get(f"capacity-{session_id}", "").strip()
    if not capacity.isdigit() or int(capacity) < 1:
        errors.add(f"capacity-{session_id}", _("Enter how many places, a whole number such as 12"))
    if when is not None and not errors:
        try:
            api().patch("sessions", f"/api/v1/group-sessions/{session_id}", {
                "starts_at": when[0].isoformat(), "ends_at": when[1].isoformat(), "capacity": int(capacity)})
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"starts_at": f"{prefix}-day", "ends_at": f"{prefix}-time",
                                                       "capacity": f"capacity-{session_id}"})
    if errors:
        return _page(errors, answers, 422)
    flash(_("The session is changed: if it moved, everyone booked or waiting is told"))
    return redirect(url_for("facilitating.sessions") + f"#session-{session_id}")


@blp.post("/facilitating/<session_id>/cancel")
def cancel(session_id: str) -> Any:
    try:
        api().post("sessions", f"/api/v1/group-sessions/{uuid_or_404(session_id)}/cancel",
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _page(FormErrors.from_problem(problem, {}), status=422)
    flash(_("The session is cancelled: everyone booked or waiting is told"))
    return redirect(url_for("facilitating.sessions"))


def _as_it_is(found: dict[str, Any]) -> dict[str, str]:
    """A session as the change form's answers, so changing only its places leaves its time as it is."""
    starts = datetime.fromisoformat(found["starts_at"]).astimezone(LONDON)
    ends = datetime.fromisoformat(found["ends_at"]).astimezone(LONDON)
    prefix = f"move-{found['id']}"
    return {f"{prefix}-day[day]": str(starts.day), f"{prefix}-day[month]": str(starts.month),
            f"{prefix}-day[year]": str(starts.year), f"{prefix}-time": starts.strftime("%H:%M"),
            f"{prefix}-length": str(int((ends - starts).total_seconds() // 60)),
            f"capacity-{found['id']}": str(found["capacity"])}


def _session(answers: dict[str, str]) -> tuple[dict[str, Any], FormErrors]:
    """The form as the API's session: London wall-clock times sent with their offset, and one place."""
    errors, body = FormErrors(), {}
    body["theme"] = answers.get("theme", "").strip()
    if not body["theme"]:
        errors.add("theme", _("Enter the session's theme"))
    when = meeting_entered(answers, "session", LENGTHS, errors, _("Enter the date of the session"))
    capacity = answers.get("capacity", "").strip()
    if not capacity.isdigit() or int(capacity) < 1:
        errors.add("capacity", _("Enter how many places, a whole number such as 12"))
    audience = answers.get("audience", "")
    if audience not in AUDIENCES:
        errors.add("audience", _("Choose who the session is for"))
    place = answers.get("session-how", "")
    if place == "video":
        body["link"] = answers.get("session-link", "").strip()
    elif place == "in_person":
        body["room"] = answers.get("session-room", "").strip()
    else:
        errors.add("session-how", _("Choose how people will join"))
    if when is not None and not errors:
        body.update(starts_at=when[0].isoformat(), ends_at=when[1].isoformat(), capacity=int(capacity),
                    audience=audience)
    return body, errors


def _series(session: dict[str, Any], repeat: str) -> dict[str, Any]:
    """A session's answers as a series starting with it: its rule (RFC 5545) in London's wall-clock time."""
    starts, ends = datetime.fromisoformat(session["starts_at"]), datetime.fromisoformat(session["ends_at"])
    place = {k: session[k] for k in ("link", "room") if k in session}
    return {"theme": session["theme"], "audience": session["audience"], "capacity": session["capacity"], **place,
            "rule": rule_for(repeat, starts), "timezone": "Europe/London", "first_starts_at": session["starts_at"],
            "duration_minutes": int((ends - starts).total_seconds() // 60)}


def rule_for(repeat: str, first: datetime) -> str:
    """Every week or two on the first session's weekday; monthly on its place in the month (the 5th is the last)."""
    if repeat == "weekly":
        return "FREQ=WEEKLY"
    if repeat == "fortnightly":
        return "FREQ=WEEKLY;INTERVAL=2"
    week = (first.day - 1) // 7 + 1
    return f"FREQ=MONTHLY;BYDAY={-1 if week == 5 else week}{WEEKDAYS[first.weekday()]}"


def described(rule: str) -> str:
    """The rules this page makes, as people say them; any other (made through the API) as it is written."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") == "WEEKLY" and set(parts) <= {"FREQ", "INTERVAL"}:
        return {"1": _("Every week"), "2": _("Every 2 weeks")}.get(parts.get("INTERVAL", "1"), rule)
    day = parts.get("BYDAY", "")
    if parts.get("FREQ") == "MONTHLY" and set(parts) == {"FREQ", "BYDAY"} and day[-2:] in WEEKDAYS \
            and day[:-2] in WEEKS:
        return _monthly(day[:-2], day[-2:])
    return rule


def _monthly(week: str, weekday: str) -> str:
    """'Every month, on the third Wednesday'. Each week is its own sentence, and the weekday's name a word of its
    own, since Welsh puts most ordinals before the day and mutates it ("yr ail ddydd Mercher")."""
    name = {"MO": pgettext("the weekday of a monthly session", "Monday"),
            "TU": pgettext("the weekday of a monthly session", "Tuesday"),
            "WE": pgettext("the weekday of a monthly session", "Wednesday"),
            "TH": pgettext("the weekday of a monthly session", "Thursday"),
            "FR": pgettext("the weekday of a monthly session", "Friday"),
            "SA": pgettext("the weekday of a monthly session", "Saturday"),
            "SU": pgettext("the weekday of a monthly session", "Sunday")}[weekday]
    sentences = {"1": _("Every month, on the first %(weekday)s", weekday=name),
                 "2": _("Every month, on the second %(weekday)s", weekday=name),
                 "3": _("Every month, on the third %(weekday)s", weekday=name),
                 "4": _("Every month, on the fourth %(weekday)s", weekday=name),
                 "-1": _("Every month, on the last %(weekday)s", weekday=name)}
    return sentences[week]
