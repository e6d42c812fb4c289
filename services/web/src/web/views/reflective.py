"""Group reflective sessions for everyone: the coming sessions with the places left, booking a place (or the
waiting list when one is full) and cancelling it. Sessions arranges them (facilitators, Level 3 trainers,
the monthly series for middle managers) and decides who may book each; the page says what it answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, Paging, api, begun, idempotency_key, submitted_key, uuid_or_404

blp = Blueprint("reflective", __name__)
SHOWN = 50  # the coming sessions listed a page at a time, soonest first
AUDIENCES = {"everyone": lazy_gettext("Everyone"), "middle_managers": lazy_gettext("Middle managers"),
             "peer_supporters": lazy_gettext("Peer supporters (supervision)")}
# Said instead of offering a booking sessions would refuse (it tells us whether a session is open to the caller).
NOT_OPEN = {
    "everyone": lazy_gettext("You cannot book sessions until your details reach the network: please try again in a "
                             "few minutes."),
    "middle_managers": lazy_gettext("This session is for middle managers (people who line-manage someone), so you "
                                    "cannot book it."),
    "peer_supporters": lazy_gettext("This session is for peer supporters, so you cannot book it."),
}


def _listing(errors: FormErrors | None = None, status: int = 200) -> Any:
    paging = Paging.asked(SHOWN)
    coming = api().get("sessions", "/api/v1/group-sessions", limit=SHOWN, offset=paging.offset)
    return render_template("reflective.html", sessions=coming["items"], total=coming["total"], audiences=AUDIENCES,
                           not_open=NOT_OPEN, page=paging.page, pages=paging.pages(coming["total"]),
                           begun=begun(coming["items"]), errors=errors or FormErrors(), key=idempotency_key()), status


def _back_to(session_id: str) -> str:
    """The page of the list the session was booked or cancelled from, at that session."""
    page = Paging.asked(SHOWN).page
    return url_for("reflective.sessions", page=page if page > 1 else None) + f"#session-{session_id}"


@blp.get("/reflective")
def sessions() -> Any:
    return _listing()


@blp.post("/reflective/<session_id>/book")
def book(session_id: str) -> Any:
    session_id = uuid_or_404(session_id)
    try:
        booked = api().post("sessions", f"/api/v1/group-sessions/{session_id}/booking",
                            idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _listing(FormErrors.from_problem(problem, {}), 422)
    mine = booked.get("your_booking") or {}
    flash(_("You have a place") if mine.get("status") == "booked" else
          _("The session is full: you are number %(place)s on its waiting list", place=mine.get("waiting_place")))
    return redirect(_back_to(session_id))


@blp.post("/reflective/<session_id>/cancel")
def cancel(session_id: str) -> Any:
    session_id = uuid_or_404(session_id)
    try:
        api().delete("sessions", f"/api/v1/group-sessions/{session_id}/booking")
    except ApiProblem as problem:
        return _listing(FormErrors.from_problem(problem, {}), 422)
    flash(_("Your booking is cancelled"))
    return redirect(_back_to(session_id))
