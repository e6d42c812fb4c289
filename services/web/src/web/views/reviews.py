"""Annual wellbeing reviews: a person's own (arranged with their line manager, recorded once held, cancelled
before they start), and, for a line manager, who reports to them with whose review is due, arranged for
them. Sessions keeps the reviews and decides who may do what; the page says what it answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, begun, idempotency_key, meeting_entered, submitted_key, uuid_or_404
from web.views.wellbeing import colleagues

blp = Blueprint("reviews", __name__)
LENGTHS = (30, 45, 60, 90)
HOW = {"video": lazy_gettext("Video call"), "in_person": lazy_gettext("In person")}
INPUTS = {"starts_at": "review-day", "ends_at": "review-time", "staff_id": "review-day", "reviewer_id": "review-with",
          "link": "review-link", "room": "review-room"}


def _page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    me = session["me"]
    reviews = api().get("sessions", "/api/v1/wellbeing-reviews")["items"]
    team = api().get("sessions", "/api/v1/wellbeing-reviews/due")["items"] if "line_manager" in me["roles"] else []
    answers = answers or {"for": request.args.get("for", "")}
    arranging_for = next((p for p in team if p["staff_id"] == answers.get("for")), None)
    return render_template(
        "reviews.html", mine=[r for r in reviews if r["staff_id"] == me["id"]],
        holding=[r for r in reviews if r["reviewer_id"] == me["id"] and r["staff_id"] != me["id"]],
        team=team, names={p["staff_id"]: p["name"] for p in team}, begun=begun(reviews),
        arranging_for=arranging_for, reviewers={} if arranging_for else colleagues(),
        answers=answers, errors=errors or FormErrors(), lengths=LENGTHS, how=HOW, key=idempotency_key(),
    ), status


@blp.get("/wellbeing-reviews")
def reviews() -> Any:
    return _page()


@blp.post("/wellbeing-reviews")
def arrange() -> Any:
    answers = dict(request.form)
    body, errors = _review(answers)
    if not errors:
        try:
            api().post("sessions", "/api/v1/wellbeing-reviews", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        return _page(errors, answers, 422)
    flash(_("The review is arranged"))
    return redirect(url_for("reviews.reviews"))


@blp.post("/wellbeing-reviews/<review_id>/move")
def move(review_id: str) -> Any:
    """Either of the two moves it before it starts, to a new date and time in the same place; both are told."""
    review_id = uuid_or_404(review_id)
    answers, errors, prefix = {**request.form, "moving": review_id}, FormErrors(), f"move-{review_id}"
    when = meeting_entered(answers, prefix, LENGTHS, errors, _("Enter the date of the review"))
    if when is not None and not errors:
        try:
            api().post("sessions", f"/api/v1/wellbeing-reviews/{review_id}/reschedule",
                       {"starts_at": when[0].isoformat(), "ends_at": when[1].isoformat()},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"starts_at": f"{prefix}-day", "ends_at": f"{prefix}-time"})
    if errors:
        return _page(errors, answers, 422)
    flash(_("The review is moved and you are both told"))
    return redirect(url_for("reviews.reviews"))


@blp.post("/wellbeing-reviews/<review_id>/held")
def held(review_id: str) -> Any:
    return _act(review_id, "held", _("The review is recorded as held"))


@blp.post("/wellbeing-reviews/<review_id>/cancel")
def cancel(review_id: str) -> Any:
    return _act(review_id, "cancel", _("The review is cancelled"))


def _act(review_id: str, action: str, done: str) -> Any:
    try:
        api().post("sessions", f"/api/v1/wellbeing-reviews/{uuid_or_404(review_id)}/{action}",
                   idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _page(FormErrors.from_problem(problem, {}), status=422)
    flash(done)
    return redirect(url_for("reviews.reviews"))


def _review(answers: dict[str, str]) -> tuple[dict[str, Any], FormErrors]:
    """The form as the API's review: London wall-clock times sent with their offset, and one place."""
    errors, body = FormErrors(), {}
    if answers.get("for"):
        body["staff_id"] = uuid_or_404(answers["for"])
    else:
        # Their line manager by default; anyone else they may choose is one of those they may share their plan with.
        with_whom = answers.get("review-with", "")
        if with_whom and with_whom not in colleagues():
            errors.add("review-with", _("Choose who you will meet"))
        elif with_whom:
            body["reviewer_id"] = with_whom
    when = meeting_entered(answers, "review", LENGTHS, errors, _("Enter the date of the review"))
    how = answers.get("review-how", "")
    if how not in HOW:
        errors.add("review-how", _("Choose how you will meet"))
    elif how == "video":
        body["link"] = answers.get("review-link", "").strip()
    else:
        body["room"] = answers.get("review-room", "").strip()
    if when is not None:
        body["starts_at"], body["ends_at"] = (moment.isoformat() for moment in when)
    return body, errors
