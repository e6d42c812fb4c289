"""Asking for support, my requests, my supporter, and agreeing times to talk."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.language import when
from web.views.forms import (
    LONDON,
    FormErrors,
    api,
    begun,
    idempotency_key,
    meeting_entered,
    submitted_key,
    uuid_or_404,
)

blp = Blueprint("support", __name__)
MODES = {"video": lazy_gettext("Video call"), "phone": lazy_gettext("Phone call"),
         "in_person": lazy_gettext("In person")}
SCOPES = {"within_team": lazy_gettext("Someone in my team"), "outside_team": lazy_gettext("Someone outside my team"),
          "any": lazy_gettext("I do not mind")}
URGENCIES = {"urgent": lazy_gettext("As soon as possible"), "soon": lazy_gettext("In the next few days"),
             "routine": lazy_gettext("When someone is free")}
WEEKDAYS = {"mon": lazy_gettext("Monday"), "tue": lazy_gettext("Tuesday"), "wed": lazy_gettext("Wednesday"),
            "thu": lazy_gettext("Thursday"), "fri": lazy_gettext("Friday"), "sat": lazy_gettext("Saturday"),
            "sun": lazy_gettext("Sunday")}
# A supporter's usual hours on a day of the week, said whole: the day's plural in English ("Tuesdays"), its name
# in Welsh ("dydd Mawrth"), which a suffix added to the day could not give.
USUAL_HOURS = {"mon": lazy_gettext("Mondays %(start_time)s to %(end_time)s"),
               "tue": lazy_gettext("Tuesdays %(start_time)s to %(end_time)s"),
               "wed": lazy_gettext("Wednesdays %(start_time)s to %(end_time)s"),
               "thu": lazy_gettext("Thursdays %(start_time)s to %(end_time)s"),
               "fri": lazy_gettext("Fridays %(start_time)s to %(end_time)s"),
               "sat": lazy_gettext("Saturdays %(start_time)s to %(end_time)s"),
               "sun": lazy_gettext("Sundays %(start_time)s to %(end_time)s")}
# What becomes of a request, and of a time to talk, as the page says it (sessions' codes).
STATUSES = {"waiting": lazy_gettext("Waiting"), "allocated": lazy_gettext("Allocated"),
            "closed": lazy_gettext("Closed")}
TIME_STATUSES = {"proposed": lazy_gettext("Proposed"), "booked": lazy_gettext("Booked"),
                 "cancelled": lazy_gettext("Cancelled"), "attended": lazy_gettext("Attended"),
                 "no_show": lazy_gettext("No show")}
ASK_INPUTS = {"mode": "mode", "location": "location", "scope": "scope", "urgency": "urgency", "details": "details"}
SLOTS = 3
LENGTHS = (30, 45, 60, 90)


@blp.route("/support/ask", methods=["GET", "POST"])
def ask() -> Any:
    errors, answers = FormErrors(), dict(request.form) if request.method == "POST" else {}
    if request.method == "POST":
        body = {k: answers.get(k, "").strip() for k in ("mode", "scope", "urgency", "details")}
        if body["mode"] == "in_person":
            body["location"] = answers.get("location", "").strip()
        # In the order the page asks, so the error summary reads down the form.
        for key, message in (("mode", _("Select how you would like to talk")),
                             ("location", _("Enter where you would like to meet")),
                             ("scope", _("Select who you would like to talk to")),
                             ("urgency", _("Select how soon you would like to talk")),
                             ("details", _("Tell us a little about what is on your mind"))):
            if key in body and not body[key]:
                errors.add(key, message)
        if not errors:
            try:
                created = api().post("sessions", "/api/v1/support-requests", body, idempotency_key=submitted_key())
            except ApiProblem as problem:
                if problem.status == 409 and not problem.errors:
                    errors.add(None, _("We are still setting up your account. Try again in a minute"))
                else:
                    errors = FormErrors.from_problem(problem, ASK_INPUTS)
            else:
                return redirect(url_for("support.request_page", request_id=created["id"]))
    return render_template("ask.html", errors=errors, answers=answers, modes=MODES, scopes=SCOPES,
                           urgencies=URGENCIES, key=idempotency_key()), 422 if errors else 200


@blp.get("/support/requests")
def my_requests() -> Any:
    page = api().get("sessions", "/api/v1/support-requests", limit=50)
    mine = session["me"]["id"]
    return render_template("requests.html", asked=[r for r in page["items"] if r["requester_id"] == mine],
                           supporting=[r for r in page["items"] if r.get("supporter_id") == mine
                                       and r["requester_id"] != mine], modes=MODES, statuses=STATUSES)


# Why a coordinator opens a request, said by the page that led them to it (`?why=`) or chosen on the page that asks
# (`read_reason`), else in their own words (`?reason=`): sessions records it in the audit of confidential reads,
# where the administrator and the colleague read it, and opens nobody else's request without one (decision 88).
READ_REASONS = {"referrals": "following a referral from the coordinators' list of referrals",
                "waiting": "a waiting request, from the coordinators' waiting list",
                "urgent": "an urgent alert to the coordinators",
                "safeguarding": "a safeguarding concern"}
READ_REASON_CHOICES = {"referrals": lazy_gettext("Following a referral"), "waiting": lazy_gettext("A waiting request"),
                       "urgent": lazy_gettext("An urgent alert"),
                       "safeguarding": lazy_gettext("A safeguarding concern"),
                       "other": lazy_gettext("Another reason")}
READ_REASON_LENGTH = 500  # as sessions keeps


def read_why() -> dict[str, str]:
    """The reason this page was opened with, for the forms and links that come back to it to say again."""
    return {key: request.args[key] for key in ("why", "reason") if request.args.get(key)}


def request_view(request_id: str, errors: FormErrors | None = None, answers: dict[str, str] | None = None,
                 status: int = 200) -> Any:
    reason = READ_REASONS.get(request.args.get("why", "")) or request.args.get("reason", "").strip() or None
    support = api().get("sessions", f"/api/v1/support-requests/{request_id}", reason=reason)
    conversations = api().get("sessions", f"/api/v1/support-requests/{request_id}/conversations")["items"]
    open_proposal = next((c for c in conversations if c["status"] == "proposed"), None)
    # A request nobody supports yet has no referrals: one call fewer for a waiting request's page.
    referrals = (api().get("sessions", f"/api/v1/support-requests/{request_id}/referrals", reason=reason)
                 if support.get("supporter_id") else [])
    now = datetime.now(LONDON)
    return render_template(
        "request.html", support=support, conversations=conversations, open_proposal=open_proposal,
        referrals=referrals, started=begun(c for c in conversations if c["status"] == "booked"),
        supporter_free=_supporter_free(support), usual_hours=USUAL_HOURS, statuses=STATUSES,
        time_statuses=TIME_STATUSES,
        errors=errors or FormErrors(), answers=answers or {}, modes=MODES, scopes=SCOPES, urgencies=URGENCIES,
        slots=SLOTS, lengths=LENGTHS, key=idempotency_key(), when=when, today=now.date(), read_why=read_why(),
    ), status


def _supporter_free(support: dict[str, Any]) -> dict[str, Any] | None:
    """When my supporter usually offers time, and leave coming, for me to offer times that suit them: an aid, so
    the page shows without it."""
    if support["requester_id"] != session["me"]["id"] or support["status"] != "allocated":
        return None
    try:
        return api().get("sessions", f"/api/v1/support-requests/{support['id']}/availability")
    except ApiProblem:
        return None


@blp.get("/support/requests/<request_id>")
def request_page(request_id: str) -> Any:
    request_id = uuid_or_404(request_id)
    try:
        return request_view(request_id)[0]
    except ApiProblem as problem:
        if problem.status == 422 and any(e.field == "reason" for e in problem.errors):
            return redirect(url_for("support.read_reason", request_id=request_id))
        raise


@blp.route("/support/requests/<request_id>/why", methods=["GET", "POST"])
def read_reason(request_id: str) -> Any:
    """A coordinator opening a colleague's request with no page behind them that says why (a typed or bookmarked
    address) says it here; the request then opens with it, and it is recorded."""
    request_id = uuid_or_404(request_id)
    errors, answers = FormErrors(), dict(request.form) if request.method == "POST" else {}
    if request.method == "POST":
        why, own = answers.get("why", ""), answers.get("reason", "").strip()
        if why not in READ_REASON_CHOICES:
            errors.add("why", _("Select why you are opening this request"))
        elif why == "other" and not own:
            errors.add("reason", _("Enter why you are opening this request"))
        elif why == "other" and len(own) > READ_REASON_LENGTH:
            errors.add("reason", _("Enter %(most)s characters or fewer", most=READ_REASON_LENGTH))
        else:
            said = {"reason": own} if why == "other" else {"why": why}
            return redirect(url_for("support.request_page", request_id=request_id, **said))
    return render_template("read_reason.html", request_id=request_id, choices=READ_REASON_CHOICES, errors=errors,
                           answers=answers), 422 if errors else 200


@blp.post("/support/requests/<request_id>/accept")
def accept_supporter(request_id: str) -> Any:
    request_id = uuid_or_404(request_id)
    try:
        api().post("sessions", f"/api/v1/support-requests/{request_id}/accept", idempotency_key=submitted_key())
    except ApiProblem as problem:
        return request_view(request_id, FormErrors.from_problem(problem, {}), status=problem.status)
    return redirect(url_for("support.request_page", request_id=request_id))


@blp.post("/support/requests/<request_id>/another")
def ask_for_another(request_id: str) -> Any:
    """The requester would rather talk to someone else: the present supporter is never given the request again."""
    request_id = uuid_or_404(request_id)
    try:
        api().post("sessions", f"/api/v1/support-requests/{request_id}/another-supporter",
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return request_view(request_id, FormErrors.from_problem(problem, {}), status=422)
    flash(_("We are matching you with someone else. We will tell you in your inbox who it is."))
    return redirect(url_for("support.request_page", request_id=request_id))


@blp.post("/support/requests/<request_id>/withdraw")
def withdraw(request_id: str) -> Any:
    """The requester no longer needs support: the request closes, and any times arranged are called off."""
    request_id = uuid_or_404(request_id)
    try:
        api().post("sessions", f"/api/v1/support-requests/{request_id}/close", {"heavy": False},
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return request_view(request_id, FormErrors.from_problem(problem, {}), status=422)
    flash(_("Your request is closed. You can ask for support again at any time."))
    return redirect(url_for("support.my_requests"))


@blp.post("/support/requests/<request_id>/times")
def propose(request_id: str) -> Any:
    """Times offered: a first proposal on the request, or an answer to the other person's."""
    request_id = uuid_or_404(request_id)
    answers = dict(request.form)
    body, errors = _proposal(answers)
    if not errors:
        answering = answers.get("answering", "")
        path = (f"/api/v1/conversations/{uuid_or_404(answering)}/proposals" if answering
                else f"/api/v1/support-requests/{request_id}/conversations")
        try:
            api().post("sessions", path, body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            inputs = {"slots": "slot-0-day", "mode": "talk-mode", "link": "link", "room": "room",
                      "request_id": "slot-0-day", **{f"slots.{i}": f"slot-{i}-day" for i in range(SLOTS)}}
            errors = FormErrors.from_problem(problem, inputs)
    if errors:
        return request_view(request_id, errors, answers, status=422)
    return redirect(url_for("support.request_page", request_id=request_id) + "#times")


@blp.post("/support/conversations/<conversation_id>/accept")
def accept_time(conversation_id: str) -> Any:
    conversation_id = uuid_or_404(conversation_id)
    request_id = uuid_or_404(request.form.get("request_id", ""))
    slot = request.form.get("slot", "")
    if not slot.isdigit():
        errors = FormErrors()
        errors.add("slot-choice", _("Select a time"))
        return request_view(request_id, errors, status=422)
    try:
        api().post("sessions", f"/api/v1/conversations/{conversation_id}/accept", {"slot": int(slot)},
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return request_view(request_id, FormErrors.from_problem(problem, {"slot": "slot-choice"}), status=422)
    return redirect(url_for("support.request_page", request_id=request_id) + "#times")


@blp.post("/support/conversations/<conversation_id>/cancel")
def cancel_time(conversation_id: str) -> Any:
    """Either of the two calls off a booked time, with a reason; both are told, and other times can be offered."""
    conversation_id, request_id = uuid_or_404(conversation_id), uuid_or_404(request.form.get("request_id", ""))
    reason, field = request.form.get("reason", "").strip(), f"cancel-reason-{conversation_id}"
    errors = FormErrors()
    if not reason:
        errors.add(field, _("Enter why you are cancelling"))
    else:
        try:
            api().post("sessions", f"/api/v1/conversations/{conversation_id}/cancel", {"reason": reason},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"reason": field})
    if errors:
        return request_view(request_id, errors, {**request.form, "cancelling": conversation_id}, status=422)
    flash(_("The time is cancelled and you are both told. You can offer other times below."))
    return redirect(url_for("support.request_page", request_id=request_id) + "#times")


@blp.post("/support/conversations/<conversation_id>/reschedule")
def move_time(conversation_id: str) -> Any:
    """Either of the two moves a booked time before it begins, with a reason; both are told of the new one."""
    conversation_id, request_id = uuid_or_404(conversation_id), uuid_or_404(request.form.get("request_id", ""))
    answers, errors, prefix = {**request.form, "moving": conversation_id}, FormErrors(), f"move-{conversation_id}"
    when = meeting_entered(answers, prefix, LENGTHS, errors, _("Enter the date of the talk"))
    reason = answers.get("move_reason", "").strip()
    if not reason:
        errors.add(f"move-reason-{conversation_id}", _("Enter why you are moving it"))
    if when is not None and not errors:
        try:
            api().post("sessions", f"/api/v1/conversations/{conversation_id}/reschedule",
                       {"starts_at": when[0].isoformat(), "ends_at": when[1].isoformat(), "reason": reason},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"starts_at": f"{prefix}-day", "ends_at": f"{prefix}-time",
                                                       "reason": f"move-reason-{conversation_id}"})
    if errors:
        return request_view(request_id, errors, answers, status=422)
    flash(_("The time is moved and you are both told"))
    return redirect(url_for("support.request_page", request_id=request_id) + "#times")


def _proposal(answers: dict[str, str]) -> tuple[dict[str, Any], FormErrors]:
    """The form's days, times and lengths as the API's slots (London wall-clock, sent with its offset)."""
    errors, slots = FormErrors(), []
    for index in range(SLOTS):
        # The design system's date input names its parts slot-0[day], slot-0[month], slot-0[year].
        parts = [answers.get(f"slot-{index}[{p}]", "").strip() for p in ("day", "month", "year")]
        parts.append(answers.get(f"slot-{index}-time", "").strip())
        if not any(parts):
            if index == 0:
                errors.add("slot-0-day", _("Enter a date and time for the first time you offer"))
            continue
        day, month, year, clock = parts
        try:
            starts_on = date(int(year), int(month), int(day))
        except ValueError:
            errors.add(f"slot-{index}-day",
                       _("Time %(number)s: enter a real date, for example 27 3 2027", number=index + 1))
            continue
        try:
            hours, minutes = (int(p) for p in clock.replace(".", ":").split(":"))
            starts_at = datetime.combine(starts_on, time(hours, minutes), LONDON)
        except ValueError:
            errors.add(f"slot-{index}-time", _("Time %(number)s: enter a time, for example 14:30", number=index + 1))
            continue
        length = answers.get(f"slot-{index}-length", "60")
        minutes_long = int(length) if length.isdigit() and int(length) in LENGTHS else 60
        slots.append({"starts_at": starts_at.isoformat(),
                      "ends_at": (starts_at + timedelta(minutes=minutes_long)).isoformat()})
    mode = answers.get("talk_mode", "")
    if mode not in MODES:
        errors.add("talk-mode", _("Select how you will talk"))
    body: dict[str, Any] = {"slots": slots, "mode": mode}
    if mode == "video":
        body["link"] = answers.get("link", "").strip()
        if not body["link"]:
            errors.add("link", _("Enter the video call link"))
    if mode == "in_person":
        body["room"] = answers.get("room", "").strip()
        if not body["room"]:
            errors.add("room", _("Enter the room where you will meet"))
    return body, errors
