"""Forgotten password: ask for a reset link by email, then set a new password with it.

Identity emails a link to `/reset-password#token=...`: the secret is in the fragment, which browsers
never send to a server, so no access log holds it. This site's small script moves it into the form's
hidden field; without JavaScript the person pastes the code from the link into the field shown.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, idempotency_key, submitted_key

blp = Blueprint("password", __name__)
MIN_LENGTH = 12  # identity's rule, checked here first so a short one sends nothing
RESET_INPUTS = {"token": "token", "new_password": "new-password"}


@blp.route("/forgotten-password", methods=["GET", "POST"])
def forgotten() -> Any:
    errors, email = FormErrors(), request.form.get("email", "").strip()
    if request.method == "POST":
        if not email:
            errors.add("email", _("Enter your work email address"))
        elif "@" not in email:
            errors.add("email", _("Enter an email address in the correct format, like name@wales.nhs.uk"))
        if not errors:
            try:
                api().public_post("identity", "/api/v1/auth/password-resets", {"email": email},
                                  idempotency_key=submitted_key())
            except ApiProblem as problem:
                if problem.status == 429:
                    errors.add(None, _("Too many requests for a reset link. Wait an hour, then try again"))
                else:
                    errors = FormErrors.from_problem(problem, {"email": "email"})
            else:
                # The same answer whether or not the account exists: the page gives nobody away.
                return redirect(url_for("password.link_sent"))
    return render_template("forgotten_password.html", errors=errors, email=email,
                           key=idempotency_key()), 422 if errors else 200


@blp.get("/forgotten-password/sent")
def link_sent() -> Any:
    return render_template("reset_link_sent.html")


@blp.route("/reset-password", methods=["GET", "POST"])
def reset() -> Any:
    errors, token = FormErrors(), request.form.get("token", "").strip()
    if request.method == "POST":
        new_password = request.form.get("new_password", "")
        if not token:
            errors.add("token", _("Enter the reset code from the link in your email"))
        if len(new_password) < MIN_LENGTH:
            errors.add("new-password", _("Enter a new password of at least %(least)s characters", least=MIN_LENGTH))
        elif new_password != request.form.get("confirm_password", ""):
            errors.add("confirm-password", _("Enter the same password twice"))
        if not errors:
            try:
                api().public_post("identity", "/api/v1/auth/password-resets/confirm",
                                  {"token": token, "new_password": new_password}, idempotency_key=submitted_key())
            except ApiProblem as problem:
                errors = FormErrors.from_problem(problem, RESET_INPUTS)
            else:
                return redirect(url_for("password.reset_done"))
    return render_template("reset_password.html", errors=errors, token=token,
                           key=idempotency_key()), 422 if errors else 200


@blp.get("/reset-password/done")
def reset_done() -> Any:
    return render_template("reset_password_done.html")
