"""Checking a certificate: the page a certificate names (`/certificates/check/<code>`), which anyone may open
without signing in (an employer, a new manager), and a form to type a code into. Training answers from the code
alone: whose it is, the level, when it was issued and runs out, and whether it stands."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api

blp = Blueprint("certificates", __name__)
CODE = re.compile(r"[A-Z0-9]{4,32}")
STATES = {"valid": lazy_gettext("Valid"), "lapsed": lazy_gettext("Lapsed: its refresher was not done in time")}


@blp.get("/certificates/check")
def check() -> Any:
    """The form; a code typed in goes to its own page, so the answer can be bookmarked or shared."""
    typed = request.args.get("code", "")
    if not typed:
        return render_template("certificate_check.html", errors=FormErrors(), code="", found=None)
    code = re.sub(r"[\s-]", "", typed).upper()
    if not CODE.fullmatch(code):
        errors = FormErrors()
        errors.add("code", _("Enter the code as printed on the certificate, letters and numbers only"))
        return render_template("certificate_check.html", errors=errors, code=typed[:40], found=None), 422
    return redirect(url_for("certificates.checked", code=code))


@blp.get("/certificates/check/<code>")
def checked(code: str) -> Any:
    code = code.upper()
    found = None
    if CODE.fullmatch(code):
        try:
            found = api().public_get("training", f"/api/v1/certificate-verifications/{code}")
        except ApiProblem as problem:
            if problem.status != 404:
                raise
    return render_template("certificate_check.html", errors=FormErrors(), code=code, found=found,
                           states=STATES), 200 if found else 404
