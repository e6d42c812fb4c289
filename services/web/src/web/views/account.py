"""Signing in and out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, safe_next

blp = Blueprint("account", __name__)


@blp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    errors, email = FormErrors(), ""
    if request.method == "POST":
        email = request.form.get("email", "").strip()
        password = request.form.get("password", "")
        if not email:
            errors.add("email", _("Enter your work email address"))
        if not password:
            errors.add("password", _("Enter your password"))
        if not errors:
            try:
                me = api().sign_in(email, password)
            except ApiProblem as problem:
                if problem.status == 401:
                    errors.add("email", _("Enter a correct email address and password"))
                elif problem.status == 429:
                    errors.add(None, _("Too many attempts to sign in. Wait 15 minutes, then try again"))
                else:
                    errors = FormErrors.from_problem(problem, {"email": "email", "password": "password"})
            else:
                tokens = session.get("tokens")
                current_app.session_interface.regenerate(session)  # a fresh id for the signed-in session
                session.clear()
                session["tokens"] = tokens
                session["me"] = {"id": me["id"], "name": me.get("preferred_name") or me["name"],
                                 "roles": me.get("roles", []), "line_manager_id": me.get("line_manager_id")}
                return redirect(safe_next(request.args.get("next")))
    return render_template("sign_in.html", errors=errors, email=email), 422 if errors else 200


@blp.route("/sign-out", methods=["GET", "POST"])
def sign_out() -> Any:
    if request.method == "GET":
        return render_template("sign_out.html")
    api().sign_out()
    session.clear()
    return redirect(url_for("account.signed_out"))


@blp.get("/signed-out")
def signed_out() -> Any:
    return render_template("signed_out.html")
