"""Coordinators: the people of the network found by name, each with their roles and the history of every grant;
giving a role (facilitator, wellbeing champion), suspending or withdrawing one with a reason, lifting a peer
supporter's suspension, recording a leaver (every role and sign-in ends; their record stays) or their return, and
sending the welcome again to someone with no password yet. Identity keeps the roles and decides who may change which.
Peer supporters are made by completing Level 2, never here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import (
    FormErrors,
    Paging,
    api,
    day_asked,
    idempotency_key,
    only_for,
    submitted_key,
    team_names,
    uuid_or_404,
)
from web.views.imports import PLATFORMS
from web.views.training import LEVELS

blp = Blueprint("people", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("These pages are for the network's coordinators."))
PAGE = 20
ROLE_NAMES = {"staff": lazy_gettext("Staff"), "line_manager": lazy_gettext("Line manager"),
              "senior_manager": lazy_gettext("Senior manager"), "peer_supporter": lazy_gettext("Peer supporter"),
              "trainer": lazy_gettext("Trainer (Level 3)"), "wellbeing_champion": lazy_gettext("Wellbeing champion"),
              "facilitator": lazy_gettext("Facilitator"), "coordinator": lazy_gettext("Coordinator"),
              "admin": lazy_gettext("Administrator"), "governance": lazy_gettext("Governance group")}
# What a coordinator gives and ends here (peer supporter and trainer come by training); an administrator also
# appoints those who run the network, and trainers already trained elsewhere (identity's policy, the same).
GIVEN_BY_COORDINATORS = ("facilitator", "wellbeing_champion")
GIVEN_BY_ADMINS = ("coordinator", "trainer", "governance", "admin")
ENDED_BY_COORDINATORS = ("peer_supporter", "facilitator", "wellbeing_champion", "trainer")
ENDED_BY_ADMINS = ("coordinator", "governance", "admin")
ENDINGS = {"suspended": lazy_gettext("Suspend it, for now (it can be lifted)"),
           "withdrawn": lazy_gettext("Withdraw it for good")}
# How a role's history says it ended.
ENDED_NAMES = {"suspended": lazy_gettext("Suspended"), "withdrawn": lazy_gettext("Withdrawn")}
SUSPENDED = "suspended"


@blp.app_context_processor
def _role_words() -> dict[str, Any]:
    return {"role_names": ROLE_NAMES, "ended_names": ENDED_NAMES, "roles_said": roles_said}


def roles_said(roles: list[str]) -> str:
    """The roles beyond staff, as people name them: 'Peer supporter, Facilitator', or 'Staff'."""
    return ", ".join(str(ROLE_NAMES.get(r, r)) for r in roles if r != "staff") or _("Staff")


@blp.get("/coordinate/people")
def people() -> Any:
    name = request.args.get("name", "").strip()
    paging = Paging.asked(PAGE)
    errors, found = FormErrors(), {"items": [], "total": 0}
    if len(name) > 100:
        errors.add("name", _("Search with 100 characters or fewer"))
    else:
        found = api().get("identity", "/api/v1/staff", q=name or None, limit=PAGE, offset=paging.offset)
    return render_template("people.html", found=found, name=name, page=paging.page, pages=paging.pages(found["total"]),
                           teams=team_names(), errors=errors), 422 if errors else 200


def _person_page(staff_id: str, errors: FormErrors | None = None, answers: dict[str, str] | None = None,
                 status: int = 200) -> Any:
    person = api().get("identity", f"/api/v1/staff/{staff_id}")
    history = sorted(api().get("identity", f"/api/v1/staff/{staff_id}/roles"), key=lambda g: g["granted_at"],
                     reverse=True)
    last_supporter_grant = next((g for g in history if g["role"] == "peer_supporter"), None)
    # Nobody changes their own roles (identity refuses it): their own page offers none.
    own = staff_id == session["me"]["id"]
    givable = [] if own else [r for r in _yours(GIVEN_BY_COORDINATORS, GIVEN_BY_ADMINS) if r not in person["roles"]]
    endable = [] if own else [r for r in _yours(ENDED_BY_COORDINATORS, ENDED_BY_ADMINS) if r in person["roles"]]
    return render_template(
        "person.html", person=person, history=history, team=team_names().get(person.get("team_id") or ""),
        managers={key: name_of(person.get(f"{key}_id")) for key in ("line_manager", "senior_manager")},
        training=_training_of(staff_id), levels=LEVELS, platforms=PLATFORMS,
        givable=givable, endable=endable, endings=ENDINGS,
        suspended=bool(last_supporter_grant and last_supporter_grant["ending"] == SUSPENDED),
        errors=errors or FormErrors(), answers=answers or {}, key=idempotency_key(),
    ), status


def name_of(staff_id: str | None) -> dict[str, str] | None:
    """Whom the directory names as someone's manager, to follow to their page."""
    if not staff_id:
        return None
    try:
        return {"id": staff_id, "name": api().get("identity", f"/api/v1/staff/{staff_id}")["name"]}
    except ApiProblem as problem:
        if problem.status != 404:
            raise
        return {"id": staff_id, "name": _("Someone not on record")}


def _yours(by_coordinators: tuple[str, ...], by_admins: tuple[str, ...]) -> tuple[str, ...]:
    """The roles the signed-in person may give (or end) here: an administrator's include the coordinators'."""
    return by_coordinators + by_admins if "admin" in session["me"]["roles"] else by_coordinators


def _training_of(staff_id: str) -> dict[str, Any] | None:
    """Their training record; None while training has not heard of them (identity's event is on its way)."""
    try:
        return api().get("training", f"/api/v1/people/{staff_id}")
    except ApiProblem as problem:
        if problem.status != 404:
            raise
        return None


@blp.get("/coordinate/people/<staff_id>")
def person(staff_id: str) -> Any:
    return _person_page(uuid_or_404(staff_id))


@blp.post("/coordinate/people/<staff_id>/roles")
def give_role(staff_id: str) -> Any:
    """Give a role, or (peer_supporter) lift a suspension; the reason is kept in the role's history."""
    staff_id = uuid_or_404(staff_id)
    answers, errors = dict(request.form), FormErrors()
    role, reason = answers.get("role", ""), answers.get("reason", "").strip()
    if role not in (*_yours(GIVEN_BY_COORDINATORS, GIVEN_BY_ADMINS), "peer_supporter"):
        errors.add("give-role", _("Choose the role to give"))
    if not reason:
        errors.add("give-reason", _("Enter why"))
    if not errors:
        try:
            api().post("identity", f"/api/v1/staff/{staff_id}/roles", {"role": role, "reason": reason},
                       idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"role": "give-role", "reason": "give-reason"})
    if errors:
        return _person_page(staff_id, errors, answers, 422)
    flash(_("The suspension is lifted") if role == "peer_supporter" else
          _("%(role)s: given, and they are told", role=ROLE_NAMES[role]))
    return redirect(url_for("people.person", staff_id=staff_id))


@blp.post("/coordinate/people/<staff_id>/roles/<role>/end")
def end_role(staff_id: str, role: str) -> Any:
    staff_id = uuid_or_404(staff_id)
    if role not in _yours(ENDED_BY_COORDINATORS, ENDED_BY_ADMINS):
        abort(404)
    answers, errors = {**request.form, "ending_role": role}, FormErrors()
    ending, reason = answers.get("ending", ""), answers.get("reason", "").strip()
    if ending not in ENDINGS:
        errors.add(f"ending-{role}", _("Choose whether to suspend it or withdraw it"))
    if not reason:
        errors.add(f"end-reason-{role}", _("Enter why"))
    if not errors:
        try:
            api().post("identity", f"/api/v1/staff/{staff_id}/roles/{role}/revocations",
                       {"ending": ending, "reason": reason}, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"ending": f"ending-{role}", "reason": f"end-reason-{role}"})
    if errors:
        return _person_page(staff_id, errors, answers, 422)
    flash(_("%(role)s: suspended", role=ROLE_NAMES[role]) if ending == SUSPENDED else
          _("%(role)s: withdrawn", role=ROLE_NAMES[role]))
    return redirect(url_for("people.person", staff_id=staff_id))


@blp.post("/coordinate/people/<staff_id>/welcome")
def welcome_again(staff_id: str) -> Any:
    """Someone with no password yet is sent the welcome again (or a first one, if the HR import brought them): a
    new link to choose their password; the one sent before stops working (decision 86)."""
    staff_id = uuid_or_404(staff_id)
    try:
        person = api().post("identity", f"/api/v1/staff/{staff_id}/welcome", idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _person_page(staff_id, FormErrors.from_problem(problem, {}), status=422)
    flash(_("The welcome email is on its way to %(email)s, with a new link to choose their password. Any link "
            "sent before no longer works.", email=person["email"]))
    return redirect(url_for("people.person", staff_id=staff_id))


@blp.post("/coordinate/people/<staff_id>/level-1")
def record_level_1(staff_id: str) -> Any:
    """Level 1 done on a platform whose export will not bring it in (or not yet): recorded by hand, once."""
    staff_id = uuid_or_404(staff_id)
    answers, errors = {**request.form, "recording": "yes"}, FormErrors()
    source = answers.get("source", "")
    completed_on = day_asked(answers, "level-1-on", errors, _("Enter the day they completed Level 1"))
    if source not in PLATFORMS:
        errors.add("level-1-source", _("Choose where they took it"))
    if not errors:
        try:
            api().post("training", "/api/v1/level1-completions", {
                "staff_id": staff_id, "completed_on": completed_on.isoformat(), "source": source},
                idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"completed_on": "level-1-on", "source": "level-1-source"})
    if errors:
        return _person_page(staff_id, errors, answers, 422)
    flash(_("Level 1 is recorded: they may be nominated for Level 2 now"))
    return redirect(url_for("people.person", staff_id=staff_id))


@blp.post("/coordinate/people/<staff_id>/leaver")
def leaver(staff_id: str) -> Any:
    """They left the board: every role ends with this reason, every sign-in ends, other services hear of it."""
    staff_id = uuid_or_404(staff_id)
    answers, errors = {**request.form, "leaving": "yes"}, FormErrors()
    reason = answers.get("reason", "").strip()
    body: dict[str, Any] = {"reason": reason}
    if left_on := day_asked(answers, "left-on", errors):
        body["left_on"] = left_on.isoformat()
    if not reason:
        errors.add("leaver-reason", _("Enter why, for example: moved to another board"))
    if not errors:
        try:
            api().post("identity", f"/api/v1/staff/{staff_id}/leave", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"reason": "leaver-reason", "left_on": "left-on"})
    if errors:
        return _person_page(staff_id, errors, answers, 422)
    flash(_("Recorded as a leaver: their roles and sign-ins have ended, and their record is kept"))
    return redirect(url_for("people.person", staff_id=staff_id))


@blp.post("/coordinate/people/<staff_id>/reinstatement")
def reinstate(staff_id: str) -> Any:
    """A leaver returns; the roles they held are not given back by themselves."""
    staff_id = uuid_or_404(staff_id)
    try:
        api().post("identity", f"/api/v1/staff/{staff_id}/reinstate", idempotency_key=submitted_key())
    except ApiProblem as problem:
        return _person_page(staff_id, FormErrors.from_problem(problem, {}), status=422)
    flash(_("Reinstated: give them again any role they should hold"))
    return redirect(url_for("people.person", staff_id=staff_id))
