"""A supporter's work on a case, from the request's page: a conversation's outcome, closing the case
(heavy or not), handing it back to be matched with someone else, and a referral suggested to the
colleague, who consents (or not) before it is made, then followed to its closure: the service's answer,
and closing it (the supporter, or a coordinator)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, submitted_key, uuid_or_404
from web.views.support import read_why, request_view

blp = Blueprint("casework", __name__)
REFERRAL_SERVICES = {
    "occupational_health": lazy_gettext("Occupational health"),
    "psychological_support": lazy_gettext("Staff psychological support"),
    "employee_assistance": lazy_gettext("Employee assistance programme"),
    "chaplaincy": lazy_gettext("Chaplaincy and spiritual care"),
    "gp": lazy_gettext("Their GP"), "urgent": lazy_gettext("Urgent or crisis support"),
}
# Said beside a service where the supporter chooses one.
REFERRAL_SERVICE_NOTES = {"urgent": lazy_gettext("the coordinators are alerted at once")}
SHARES = {"name_and_contact": lazy_gettext("My name and how to contact me"),
          "job_and_team": lazy_gettext("My job and team"),
          "reason_for_referral": lazy_gettext("Why I am being referred"),
          "support_so_far": lazy_gettext("The support I have had so far")}
# The same, as a coordinator passing them on for safeguarding, and everyone reading what went, say them.
THEIR_SHARES = {"name_and_contact": lazy_gettext("Their name and how to contact them"),
                "job_and_team": lazy_gettext("Their job and team"),
                "reason_for_referral": lazy_gettext("Why they are being referred"),
                "support_so_far": lazy_gettext("The support they have had so far")}
OUTCOMES = {"attended": lazy_gettext("We talked"), "no_show": lazy_gettext("They did not come")}
SERVICE_ANSWERS = {"accepted": lazy_gettext("The service accepted it"),
                   "declined": lazy_gettext("The service declined it")}
REFERRAL_STATES = {"suggested": lazy_gettext("Waiting for consent"), "consented": lazy_gettext("Agreed, not yet made"),
                   "refused": lazy_gettext("Not agreed"), "made": lazy_gettext("Made"),
                   "accepted": lazy_gettext("Accepted by the service"),
                   "declined": lazy_gettext("Declined by the service"), "closed": lazy_gettext("Closed")}

@blp.app_context_processor
def _casework_words() -> dict[str, Any]:
    return {"referral_services": REFERRAL_SERVICES, "referral_service_notes": REFERRAL_SERVICE_NOTES,
            "shares": SHARES, "their_shares": THEIR_SHARES, "outcomes": OUTCOMES,
            "service_answers": SERVICE_ANSWERS, "referral_states": REFERRAL_STATES}


def _back_to(request_id: str, anchor: str) -> Any:
    return redirect(url_for("support.request_page", request_id=request_id, **read_why()) + anchor)


def _request_id() -> str:
    return uuid_or_404(request.form.get("request_id", ""))


@blp.post("/support/conversations/<conversation_id>/outcome")
def outcome(conversation_id: str) -> Any:
    conversation_id, request_id = uuid_or_404(conversation_id), _request_id()
    chosen = request.form.get("outcome", "")
    errors = FormErrors()
    if chosen not in OUTCOMES:
        errors.add(f"outcome-{conversation_id}", _("Select whether the conversation took place"))
    else:
        try:
            api().post("sessions", f"/api/v1/conversations/{conversation_id}/outcome", {"outcome": chosen},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"outcome": f"outcome-{conversation_id}",
                                                       "status": f"outcome-{conversation_id}"})
    if errors:
        return request_view(request_id, errors, dict(request.form), status=422)
    flash(_("The conversation's outcome has been recorded"))
    return _back_to(request_id, "#times")


@blp.post("/support/requests/<request_id>/close")
def close(request_id: str) -> Any:
    request_id = uuid_or_404(request_id)
    body = {"heavy": request.form.get("heavy") == "yes"}
    try:
        api().post("sessions", f"/api/v1/support-requests/{request_id}/close", body, idempotency_key=submitted_key())
    except ApiProblem as problem:
        return request_view(request_id, FormErrors.from_problem(problem, {"heavy": "heavy"}), status=422)
    flash(_("The case is closed: you will have a rest before your next case") if body["heavy"] else
          _("The case is closed"))
    return _back_to(request_id, "")


@blp.post("/support/requests/<request_id>/hand-back")
def hand_back(request_id: str) -> Any:
    """The supporter cannot go on with the case: it goes to someone else; the reason is for the coordinator."""
    request_id = uuid_or_404(request_id)
    answers = dict(request.form)
    body = {"reason": answers.get("hand_back_reason", "").strip(), "heavy": answers.get("hand_back_heavy") == "yes"}
    errors = FormErrors()
    if not body["reason"]:
        errors.add("hand-back-reason", _("Enter why you are handing this case back"))
    else:
        try:
            api().post("sessions", f"/api/v1/support-requests/{request_id}/hand-back", body,
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"reason": "hand-back-reason", "heavy": "hand-back-heavy"})
    if errors:
        return request_view(request_id, errors, answers, status=422)
    flash(_("The case is handed back: your colleague will be matched with someone else, and you will have a rest "
            "before your next case") if body["heavy"] else
          _("The case is handed back: your colleague will be matched with someone else"))
    return redirect(url_for("supporting.cases"))


@blp.post("/support/requests/<request_id>/referrals")
def suggest_referral(request_id: str) -> Any:
    request_id = uuid_or_404(request_id)
    answers, errors = dict(request.form), FormErrors()
    body = {"service": answers.get("service", ""), "reason": answers.get("reason", "").strip()}
    if body["service"] not in REFERRAL_SERVICES:
        errors.add("referral-service", _("Select where the colleague could be referred"))
    if not body["reason"]:
        errors.add("referral-reason", _("Enter why you suggest this referral"))
    if not errors:
        try:
            api().post("sessions", f"/api/v1/support-requests/{request_id}/referrals", body,
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"service": "referral-service", "reason": "referral-reason"})
    if errors:
        return request_view(request_id, errors, answers, status=422)
    flash(_("The referral is suggested: your colleague is asked for their consent"))
    return _back_to(request_id, "#referrals")


@blp.post("/support/referrals/<referral_id>/consent")
def consent(referral_id: str) -> Any:
    referral_id, request_id = uuid_or_404(referral_id), _request_id()
    answers, errors = dict(request.form), FormErrors()
    given = answers.get("given", "")
    shares = [s for s in request.form.getlist("shares") if s in SHARES]
    if given not in ("yes", "no"):
        errors.add(f"given-{referral_id}", _("Select whether you agree to this referral"))
    elif given == "yes" and not shares:
        errors.add(f"shares-{referral_id}", _("Select what may be shared with the service"))
    if not errors:
        body: dict[str, Any] = {"given": given == "yes", "shares": shares if given == "yes" else []}
        try:
            api().put("sessions", f"/api/v1/referrals/{referral_id}/consent", body)
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"given": f"given-{referral_id}",
                                                       "shares": f"shares-{referral_id}"})
    if errors:
        return request_view(request_id, errors, answers, status=422)
    flash(_("Thank you: your answer has been recorded") if given == "yes" else _("The referral will not be made"))
    return _back_to(request_id, "#referrals")


@blp.post("/support/referrals/<referral_id>/make")
def make(referral_id: str) -> Any:
    referral_id, request_id = uuid_or_404(referral_id), _request_id()
    try:
        api().post("sessions", f"/api/v1/referrals/{referral_id}/make", idempotency_key=submitted_key())
    except ApiProblem as problem:
        return request_view(request_id, FormErrors.from_problem(problem, {}), status=422)
    flash(_("The referral has been made, with what your colleague agreed to share"))
    return _back_to(request_id, "#referrals")


OVERRIDE_REASON_MIN = 20  # sessions asks this much of a safeguarding reason: explained, not ticked


@blp.post("/support/referrals/<referral_id>/safeguarding-override")
def override(referral_id: str) -> Any:
    """A coordinator outside the pairing passes a referral on without the colleague's consent, for safeguarding:
    their reason in writing and each item passed on, all kept in the referral's trail."""
    referral_id, request_id = uuid_or_404(referral_id), _request_id()
    shares = [s for s in request.form.getlist("override_shares") if s in SHARES]
    answers, errors = {**request.form, "referral_id": referral_id, "override_shares": shares}, FormErrors()
    reason = answers.get("override_reason", "").strip()
    if len(reason) < OVERRIDE_REASON_MIN:
        errors.add(f"override-reason-{referral_id}",
                   _("Enter why someone is at risk, in at least %(least)s characters", least=OVERRIDE_REASON_MIN))
    if not shares:
        errors.add(f"override-shares-{referral_id}", _("Select what is passed on to the service"))
    if not errors:
        try:
            api().post("sessions", f"/api/v1/referrals/{referral_id}/safeguarding-override",
                       {"reason": reason, "shares": shares}, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"reason": f"override-reason-{referral_id}",
                                                       "shares": f"override-shares-{referral_id}"})
    if errors:
        return request_view(request_id, errors, answers, status=422)
    flash(_("The referral is made for safeguarding; your reason is kept with it"))
    return _back_to(request_id, f"#referral-{referral_id}")


@blp.post("/support/referrals/<referral_id>/outcome")
def referral_outcome(referral_id: str) -> Any:
    """What the service answered to a referral made: accepted or declined."""
    referral_id, request_id = uuid_or_404(referral_id), _request_id()
    answer = request.form.get("outcome", "")
    errors = FormErrors()
    if answer not in SERVICE_ANSWERS:
        errors.add(f"service-answer-{referral_id}", _("Select what the service answered"))
    else:
        try:
            api().post("sessions", f"/api/v1/referrals/{referral_id}/outcome", {"outcome": answer},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"outcome": f"service-answer-{referral_id}"})
    if errors:
        return request_view(request_id, errors, dict(request.form), status=422)
    flash(_("The service's answer is recorded"))
    return _back_to(request_id, f"#referral-{referral_id}")


@blp.post("/support/referrals/<referral_id>/close")
def close_referral(referral_id: str) -> Any:
    referral_id, request_id = uuid_or_404(referral_id), _request_id()
    try:
        api().post("sessions", f"/api/v1/referrals/{referral_id}/close", idempotency_key=submitted_key())
    except ApiProblem as problem:
        return request_view(request_id, FormErrors.from_problem(problem, {}), status=422)
    flash(_("The referral is closed"))
    return _back_to(request_id, f"#referral-{referral_id}")
