"""Facilitators (and Level 3 trainers, who facilitate too): arranging a group reflective session, who is
coming to each of theirs, the register once one has begun, and calling one off. Sessions decides who may
do each and tells everyone booked; the page says what it answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, begun, idempotency_key, meeting_entered, submitted_key, uuid_or_404
from web.views.reflective import AUDIENCES

blp = Blueprint("facilitating", __name__)
LENGTHS = (60, 90, 120)
INPUTS = {"theme": "theme", "starts_at": "session-day", "ends_at": "session-time", "capacity": "capacity",
          "audience": "audience", "link": "session-link", "room": "session-room"}


@blp.before_request
def _facilitators_only() -> None:
    if not {"facilitator", "trainer"} & set(session["me"]["roles"]):
        abort(403, "These pages are for facilitators of reflective sessions.")


def _page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    me = session["me"]["id"]
    theirs = [s for s in api().get("sessions", "/api/v1/group-sessions", mine="true", limit=100)["items"]
              if s["facilitator_id"] == me]
    coming = {s["id"]: api().get("sessions", f"/api/v1/group-sessions/{s['id']}/attendees")["items"]
              for s in theirs if s["status"] != "cancelled"}
    return render_template("facilitating.html", sessions=theirs, coming=coming, begun=begun(theirs),
                           audiences=AUDIENCES, lengths=LENGTHS, answers=answers or {},
                           errors=errors or FormErrors(), key=idempotency_key()), status


@blp.get("/facilitating")
def sessions() -> Any:
    return _page()


@blp.post("/facilitating")
def arrange() -> Any:
    answers = dict(request.form)
    body, errors = _session(answers)
    if not errors:
        try:
            api().post("sessions", "/api/v1/group-sessions", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        return _page(errors, answers, 422)
    flash("The session is arranged: those it is for can book it")
    return redirect(url_for("facilitating.sessions"))


@blp.post("/facilitating/<session_id>/attendance")
def attendance(session_id: str) -> Any:
    session_id = uuid_or_404(session_id)
    came = request.form.getlist("attended")
    try:
        api().put("sessions", f"/api/v1/group-sessions/{session_id}/attendance", {"attended": came})
    except ApiProblem as problem:
        return _page(FormErrors.from_problem(problem, {}), status=422)
    flash("The register is saved")
    return redirect(url_for("facilitating.sessions") + f"#session-{session_id}")


@blp.post("/facilitating/<session_id>/cancel")
def cancel(session_id: str) -> Any:
    try:
        api().post("sessions", f"/api/v1/group-sessions/{uuid_or_404(session_id)}/cancel",
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _page(FormErrors.from_problem(problem, {}), status=422)
    flash("The session is cancelled: everyone booked or waiting is told")
    return redirect(url_for("facilitating.sessions"))


def _session(answers: dict[str, str]) -> tuple[dict[str, Any], FormErrors]:
    """The form as the API's session: London wall-clock times sent with their offset, and one place."""
    errors, body = FormErrors(), {}
    body["theme"] = answers.get("theme", "").strip()
    if not body["theme"]:
        errors.add("theme", "Enter the session's theme")
    when = meeting_entered(answers, "session", LENGTHS, errors, "session")
    capacity = answers.get("capacity", "").strip()
    if not capacity.isdigit() or int(capacity) < 1:
        errors.add("capacity", "Enter how many places, a whole number such as 12")
    audience = answers.get("audience", "")
    if audience not in AUDIENCES:
        errors.add("audience", "Choose who the session is for")
    place = answers.get("session-how", "")
    if place == "video":
        body["link"] = answers.get("session-link", "").strip()
    elif place == "in_person":
        body["room"] = answers.get("session-room", "").strip()
    else:
        errors.add("session-how", "Choose how people will join")
    if when is not None and not errors:
        body.update(starts_at=when[0].isoformat(), ends_at=when[1].isoformat(), capacity=int(capacity),
                    audience=audience)
    return body, errors
