"""My wellbeing plan, and who sees it: written by its owner, shared with colleagues they choose.

The plan is seen by its owner and whom they share it with, nobody else (their manager included, unless
chosen). A save sends the version the page was drawn from (If-Match), so a change made meanwhile in
another tab is never overwritten: the person is shown the plan as it is now instead.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import LONDON, FormErrors, api, day_entered, uuid_or_404

blp = Blueprint("wellbeing", __name__)
PLAN = "/api/v1/wellbeing-plans/mine"
SECTIONS = {
    "keeps_me_well": (lazy_gettext("What keeps me well at work"),
                      lazy_gettext("For example, a break away from the ward each shift")),
    "early_signs": (lazy_gettext("Early signs that I am not coping"),
                    lazy_gettext("What you, or others, might notice first")),
    "what_helps": (lazy_gettext("What helps when I am not coping"),
                   lazy_gettext("What others can do, and what you can do")),
    "adjustments": (lazy_gettext("Adjustments agreed"), lazy_gettext("For example, agreed at your wellbeing review")),
}
PLAN_INPUTS = {**{name: name.replace("_", "-") for name in SECTIONS}, "review_on": "review-on-day"}


@blp.get("/wellbeing-plan")
def plan() -> Any:
    return plan_page()


def plan_page(errors: FormErrors | None = None, answers: dict[str, str] | None = None, status: int = 200) -> Any:
    try:
        current, version = api().get_versioned("sessions", PLAN)
    except ApiProblem as problem:
        if problem.status != 404:
            raise
        current, version = None, ""
    shared = api().get("sessions", "/api/v1/wellbeing-plans/shared-with-me")["items"]
    people = colleagues()
    return render_template(
        "wellbeing_plan.html", plan=current, version=version, sections=SECTIONS, errors=errors or FormErrors(),
        answers=answers if answers is not None else _answers_of(current), shared_with_me=shared,
        sharing=[{"id": i, "name": people.get(i, "A colleague no longer in your team")}
                 for i in (current or {}).get("shared_with", [])],
        choices=[{"value": i, "text": n} for i, n in people.items() if i not in (current or {}).get("shared_with", [])],
    ), status


def colleagues() -> dict[str, str]:
    """Whom a plan may be shared with from this page, by staff id: the person's managers, their team's
    wellbeing champions and their service's peer supporters (identity tells none of their names but these)."""
    me = api().get("identity", "/api/v1/me")
    contacts = api().get("identity", "/api/v1/me/support-contacts")
    people = {}
    if me.get("line_manager_id"):
        people[me["line_manager_id"]] = _("My line manager")
    if me.get("senior_manager_id") and me["senior_manager_id"] != me.get("line_manager_id"):
        people[me["senior_manager_id"]] = _("My senior manager")
    for champion in contacts.get("champions", []):
        people.setdefault(champion["staff_id"], _("%(name)s (wellbeing champion)", name=champion["name"]))
    for supporter in contacts.get("peer_supporters", []):
        people.setdefault(supporter["staff_id"], _("%(name)s (peer supporter)", name=supporter["name"]))
    people.pop(session["me"]["id"], None)
    return people


def _answers_of(current: dict[str, Any] | None) -> dict[str, str]:
    if not current:
        return {}
    answers = {name: current.get(name, "") for name in SECTIONS}
    review_on = date.fromisoformat(current["review_on"])
    answers.update({"review_on[day]": str(review_on.day), "review_on[month]": str(review_on.month),
                    "review_on[year]": str(review_on.year)})
    return answers


@blp.post("/wellbeing-plan")
def save() -> Any:
    answers = dict(request.form)
    errors = FormErrors()
    body: dict[str, Any] = {name: answers.get(name, "").strip() for name in SECTIONS}
    try:
        review_on = day_entered(answers, "review_on")
    except ValueError:
        errors.add("review-on-day", _("When to look at your plan again must be a real date"))
    else:
        if review_on is None:
            errors.add("review-on-day", _("Enter when to look at your plan again"))
        elif review_on <= datetime.now(LONDON).date():  # the UK's today, as sessions judges it
            errors.add("review-on-day", _("When to look at your plan again must be in the future"))
        else:
            body["review_on"] = review_on.isoformat()
    if errors:
        return plan_page(errors, answers, 422)
    try:
        api().put("sessions", PLAN, body, if_match=answers.get("version") or None)
    except ApiProblem as problem:
        if problem.status == 412:
            flash(_("Your plan was changed somewhere else since you opened this page. "
                    "This is it as it is now: make your changes again."))
            return redirect(url_for("wellbeing.plan"))
        return plan_page(FormErrors.from_problem(problem, PLAN_INPUTS), answers, 422)
    flash(_("Your plan has been saved."))
    return redirect(url_for("wellbeing.plan"))


@blp.post("/wellbeing-plan/shares")
def share() -> Any:
    colleague = request.form.get("colleague", "")
    if not colleague:
        return plan_page(_one_error("colleague", _("Select who to share your plan with")), status=422)
    try:
        api().put("sessions", f"{PLAN}/shares/{uuid_or_404(colleague)}")
    except ApiProblem as problem:
        return plan_page(FormErrors.from_problem(problem, {"staff_id": "colleague"}), status=422)
    who = colleagues().get(colleague)
    flash(_("%(who)s can now see your plan.", who=who) if who else _("They can now see your plan."))
    return redirect(url_for("wellbeing.plan") + "#sharing")


@blp.post("/wellbeing-plan/shares/<staff_id>/stop")
def stop_sharing(staff_id: str) -> Any:
    api().delete("sessions", f"{PLAN}/shares/{uuid_or_404(staff_id)}")
    who = colleagues().get(staff_id)
    flash(_("%(who)s can no longer see your plan.", who=who) if who else _("They can no longer see your plan."))
    return redirect(url_for("wellbeing.plan") + "#sharing")


def _one_error(input_id: str, message: str) -> FormErrors:
    errors = FormErrors()
    errors.add(input_id, message)
    return errors
