"""My settings: how and when I am told things (notification preferences and quiet hours), my calendar
link, and this browser's push notifications.

Preferences are edited with the version they were read at (If-Match): a change made meanwhile, on a
phone say, is never overwritten; the person is shown the preferences as they are now instead.
The calendar link is secret and sessions keeps only its hash, so it is shown once, when made or renewed.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, idempotency_key, submitted_key

blp = Blueprint("settings", __name__, url_prefix="/settings")
PREFERENCES = "/api/v1/preferences"
FEED = "/api/v1/me/calendar-feed"
LANGUAGES = {"en": lazy_gettext("English"), "cy": lazy_gettext("Cymraeg (Welsh)"),
             "cy+en": lazy_gettext("Cymraeg and English, Welsh first")}
CATEGORIES = {
    "support": (lazy_gettext("Asking for and giving support"), lazy_gettext("Requests, supporters and referrals")),
    # What each category holds (notifications' domain/categories.py), so a choice is made knowing it.
    "sessions": (lazy_gettext("Times to talk, group sessions and reviews"),
                 lazy_gettext("Booked, moved or cancelled; supervision due; an invitation to give feedback")),
    "training": (lazy_gettext("Training"), lazy_gettext("Nominations, courses and certificates")),
    "reminders": (lazy_gettext("Reminders"),
                  lazy_gettext("Before a conversation, a course day, a group session or a review")),
    # Nobody is told of a role ended; a stand-in is told when their time standing in is ended early.
    "account": (lazy_gettext("My account"), lazy_gettext("A role given to me; standing in for a manager")),
}
CHANNELS = {"in_app": lazy_gettext("In the inbox here"), "email": lazy_gettext("By email"),
            "sms": lazy_gettext("By text message"), "push": lazy_gettext("Push notification")}
# Three quiet times are offered; someone who set more (the API takes ten, say from the app) sees them all, so
# saving here keeps them.
QUIET_WINDOWS, MOST_QUIET_WINDOWS = 3, 10
HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@blp.get("/notifications")
def notifications() -> Any:
    return preferences_page()


def preferences_page(errors: FormErrors | None = None, answers: dict[str, Any] | None = None,
                     status: int = 200) -> Any:
    current, version = api().get_versioned("notifications", PREFERENCES)
    answers = answers if answers is not None else _answers_of(current)
    channel_items = {
        category: [{"value": channel, "text": text, "checked": channel in answers[f"channels-{category}"],
                    "disabled": channel == "sms" and not current.get("phone_for_sms")
                    and channel not in answers[f"channels-{category}"]}
                   for channel, text in CHANNELS.items()]
        for category in CATEGORIES}
    return render_template(
        "notification_settings.html", prefs=current, version=version, answers=answers, errors=errors or FormErrors(),
        categories=CATEGORIES, windows=_windows_shown(answers), channel_items=channel_items,
        language_items=[{"value": code, "text": text} for code, text in LANGUAGES.items()],
        digest_items=[{"value": c, "text": label, "checked": c in answers["digest"]}
                      for c, (label, _hint) in CATEGORIES.items()]), status


def _answers_of(prefs: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {"language": prefs["language"], "digest": prefs.get("digest", []),
                               "digest_at": prefs.get("digest_at", ""), "time_zone": prefs.get("time_zone", "")}
    for category in CATEGORIES:
        answers[f"channels-{category}"] = prefs["channels"].get(category, [])
    for index, window in enumerate(prefs.get("quiet_hours", [])[:MOST_QUIET_WINDOWS]):
        answers[f"quiet-{index}-start"], answers[f"quiet-{index}-end"] = window["start"], window["end"]
    return answers


def _windows_shown(answers: dict[str, Any]) -> int:
    """The three quiet times offered, or as many as the person has set."""
    used = [i for i in range(MOST_QUIET_WINDOWS) if answers.get(f"quiet-{i}-start") or answers.get(f"quiet-{i}-end")]
    return max(QUIET_WINDOWS, used[-1] + 1 if used else 0)


def _answers_given() -> dict[str, Any]:
    answers: dict[str, Any] = {key: request.form.get(key, "").strip() for key in ("language", "digest_at", "time_zone")}
    answers["digest"] = request.form.getlist("digest")
    for category in CATEGORIES:
        answers[f"channels-{category}"] = request.form.getlist(f"channels-{category}")
    for index in range(MOST_QUIET_WINDOWS):
        for end in ("start", "end"):
            answers[f"quiet-{index}-{end}"] = request.form.get(f"quiet-{index}-{end}", "").strip()
    return answers


def preferences_from(answers: dict[str, Any], errors: FormErrors) -> dict[str, Any]:
    """The API's body from the form, adding to `errors` what is wrong before anything is sent."""
    if answers["language"] not in LANGUAGES:
        errors.add("language", _("Select the language we write to you in"))
    windows = []
    for index in range(MOST_QUIET_WINDOWS):
        start, end = answers.get(f"quiet-{index}-start", ""), answers.get(f"quiet-{index}-end", "")
        if not start and not end:
            continue
        # The error summary lists every problem together: each names which of the quiet times it is about, by the
        # number its legend gives it.
        number = index + 1
        if not HH_MM.match(start):
            errors.add(f"quiet-{index}-start",
                       _("Enter when quiet time %(number)s starts as hours and minutes, like 22:00", number=number))
        if not HH_MM.match(end):
            errors.add(f"quiet-{index}-end",
                       _("Enter when quiet time %(number)s ends as hours and minutes, like 07:00", number=number))
        if start and start == end:
            errors.add(f"quiet-{index}-end",
                       _("Quiet time %(number)s must end at a different time from when it starts", number=number))
        windows.append({"start": start, "end": end})
    if answers["digest"] and not HH_MM.match(answers["digest_at"]):
        errors.add("digest-at", _("Enter the time for the daily email as hours and minutes, like 17:00"))
    body: dict[str, Any] = {
        "language": answers["language"],
        "channels": {c: [ch for ch in answers[f"channels-{c}"] if ch in CHANNELS] for c in CATEGORIES},
        "quiet_hours": windows,
        "digest": [c for c in answers["digest"] if c in CATEGORIES],
    }
    if answers["digest_at"]:
        body["digest_at"] = answers["digest_at"]
    if answers["time_zone"]:
        body["time_zone"] = answers["time_zone"]
    return body


def _inputs_of(field: str) -> str | None:
    """An API field (`quiet_hours.1`, `channels.support`) to this page's input."""
    parts = field.split(".")
    if parts[0] == "quiet_hours":  # one window, or all of them together (the first stands for them)
        return f"quiet-{parts[1] if len(parts) > 1 and parts[1].isdigit() else 0}-start"
    if parts[0] == "channels" and len(parts) > 1 and parts[1] in CATEGORIES:
        return f"channels-{parts[1]}"
    return {"language": "language", "digest": "digest", "digest_at": "digest-at"}.get(parts[0])


@blp.post("/notifications")
def save_notifications() -> Any:
    answers = _answers_given()
    errors = FormErrors()
    body = preferences_from(answers, errors)
    if errors:
        return preferences_page(errors, answers, 422)
    try:
        api().put("notifications", PREFERENCES, body, if_match=request.form.get("version") or None)
    except ApiProblem as problem:
        if problem.status == 412:
            flash(_("Your choices were changed somewhere else since you opened this page. "
                    "These are they as they are now: make your changes again."))
            return redirect(url_for("settings.notifications"))
        errors = FormErrors()
        for error in problem.errors:
            errors.add(_inputs_of(error.field or ""), error.message[:1].upper() + error.message[1:])
        if not errors:
            errors.add(None, problem.detail or problem.title)
        return preferences_page(errors, answers, 422)
    flash(_("Your choices have been saved."))
    return redirect(url_for("settings.notifications"))


# --- this browser's push notifications (called by the page's script; the token never reaches it) ---
@blp.get("/notifications/push-key")
def push_key() -> Any:
    """The VAPID public key the browser subscribes with (null when push is not set up)."""
    return jsonify(api().get("notifications", "/api/v1/devices/web-push-key"))


@blp.post("/notifications/devices")
def register_device() -> Any:
    """A browser's push subscription, registered for the signed-in person (CSRF header checked)."""
    subscription = request.get_json(silent=True)
    if not isinstance(subscription, dict) or not isinstance(subscription.get("endpoint"), str):
        return jsonify({"title": "Not a push subscription", "field": "endpoint"}), 422
    body = {"endpoint": subscription["endpoint"], "keys": subscription.get("keys") or {}}
    try:
        device = api().post("notifications", "/api/v1/devices", body, idempotency_key=_header_key())
    except ApiProblem as problem:
        return jsonify({"title": problem.title, "detail": problem.detail,
                        "errors": [{"field": e.field, "message": e.message} for e in problem.errors]}), problem.status
    return jsonify({"id": device["id"]}), 201


def _header_key() -> str | None:
    try:
        return str(uuid.UUID(request.headers.get("Idempotency-Key", "")))
    except ValueError:
        return None


# --- my calendar link ---------------------------------------------------------------------------------
@blp.get("/calendar")
def calendar() -> Any:
    return render_template("calendar_link.html", feed=_feed(), made=None, key=idempotency_key())


def _feed() -> dict[str, Any] | None:
    try:
        return api().get("sessions", FEED)
    except ApiProblem as problem:
        if problem.status == 404:
            return None
        raise


@blp.post("/calendar")
def make_calendar_link() -> Any:
    """Made, or renewed (the old link stops working); shown on this answer only, never kept here."""
    made = api().post("sessions", FEED, idempotency_key=submitted_key())
    return render_template("calendar_link.html", feed=made, made=made["url"], key=idempotency_key())


@blp.post("/calendar/stop")
def stop_calendar_link() -> Any:
    try:
        api().delete("sessions", FEED)
    except ApiProblem as problem:
        if problem.status != 404:  # already stopped: what the person wanted
            raise
    flash(_("Your calendar link has stopped working. Your calendar app will no longer show your times to talk."))
    return redirect(url_for("settings.calendar"))
