"""My details, my password, and who has opened my records. The name people see me by and the phone
number colleagues I support, and text messages, reach me on are mine to change (saved with the version read,
If-Match, so a change made meanwhile is not overwritten); my name, email and job are the HR system's. Changing my
password ends every other sign-in: this one carries on, signed in again with the new password. Each time a
coordinator opened a record of mine is shown to me, with their reason."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from web.adapters.api import ApiProblem, SignedOut
from web.views.audit import KINDS as RECORD_KINDS
from web.views.forms import FormErrors, Paging, api

blp = Blueprint("profile", __name__, url_prefix="/settings")
SHORTEST_PASSWORD = 12  # identity's own rule, checked here first
DETAILS_INPUTS = {"preferred_name": "preferred-name", "phone": "phone"}
PASSWORD_INPUTS = {"current_password": "current-password", "new_password": "new-password"}
READS_PAGE = 20


def _mine() -> str:
    return f"/api/v1/staff/{session['me']['id']}"


def _details_page(errors: FormErrors | None = None, answers: dict[str, str] | None = None,
                  status: int = 200) -> Any:
    me, etag = api().get_versioned("identity", _mine())
    shown = answers or {"preferred-name": me.get("preferred_name") or "", "phone": me.get("phone") or ""}
    return render_template("my_details.html", me_record=me, etag=etag, answers=shown,
                           errors=errors or FormErrors()), status


@blp.get("/details")
def details() -> Any:
    return _details_page()


@blp.post("/details")
def save_details() -> Any:
    answers = {key: value.strip() for key, value in request.form.items()}
    body = {"preferred_name": answers.get("preferred-name") or None, "phone": answers.get("phone") or None}
    try:
        saved = api().patch("identity", _mine(), body, if_match=answers.get("etag", ""))
    except ApiProblem as problem:
        if problem.status == 412:
            errors = FormErrors()
            errors.add(None, _("Your details were changed meanwhile: here they are now. Make your change again"))
            return _details_page(errors, status=409)
        return _details_page(FormErrors.from_problem(problem, DETAILS_INPUTS), answers, 422)
    session["me"] = {**session["me"], "name": saved.get("preferred_name") or saved["name"]}
    flash(_("Your details are saved"))
    return redirect(url_for("profile.details"))


@blp.get("/password")
def password() -> Any:
    return render_template("change_password.html", errors=FormErrors())


@blp.post("/password")
def change_password() -> Any:
    current, new, again = (request.form.get(name, "") for name in ("current-password", "new-password",
                                                                     "new-password-again"))
    errors = FormErrors()
    if not current:
        errors.add("current-password", _("Enter your password as it is now"))
    if len(new) < SHORTEST_PASSWORD:
        errors.add("new-password", _("Enter a new password of at least %(least)s characters", least=SHORTEST_PASSWORD))
    elif new != again:
        errors.add("new-password-again", _("Enter the same new password twice"))
    if not errors:
        try:
            api().post("identity", "/api/v1/auth/password", {"current_password": current, "new_password": new})
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, PASSWORD_INPUTS)
    if errors:
        return render_template("change_password.html", errors=errors), 422
    # Identity ended every sign-in with the old password, this one's refresh included: sign in again with the new.
    try:
        api().sign_in(api().get("identity", "/api/v1/me")["email"], new)
    except ApiProblem as problem:
        raise SignedOut() from problem  # the password is changed; the person signs in with it
    flash(_("Your password is changed. Anywhere else you were signed in, sign in again"))
    return redirect(url_for("profile.details"))


@blp.get("/record-reads")
def record_reads() -> Any:
    """Who opened my named records (my requests for support, their referrals, my consent), when and why."""
    paging = Paging.asked(READS_PAGE)
    found = api().get("sessions", "/api/v1/me/record-reads", limit=READS_PAGE, offset=paging.offset)
    return render_template("record_reads.html", found=found, kinds=RECORD_KINDS, page=paging.page,
                           pages=paging.pages(found["total"]))
