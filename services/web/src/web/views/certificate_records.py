"""A certificate's care, from a person's page: a refresher taken elsewhere recorded (the certificate runs again from
that day, and a lapsed supporter may be allocated again), or the day a valid certificate runs out corrected (a
mistyped date, an extension the network agreed). Training decides what each may do; coordinators only here, as only
they (and administrators) may read a certificate: training also lets a trainer record a refresher, but gives a
trainer no way to find the certificate."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, day_asked, only_for, uuid_or_404
from web.views.people import name_of

blp = Blueprint("certificate_records", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("These pages are for the network's coordinators."))


def _page(staff_id: str, certificate_id: str, errors: FormErrors | None = None,
          answers: dict[str, str] | None = None, status: int = 200) -> Any:
    certificate = api().get("training", f"/api/v1/certificates/{certificate_id}")
    if certificate["staff_id"] != staff_id:
        abort(404)
    return render_template("certificate.html", certificate=certificate, person=name_of(staff_id),
                           errors=errors or FormErrors(), answers=answers or {}), status


@blp.get("/coordinate/people/<staff_id>/certificates/<certificate_id>")
def certificate(staff_id: str, certificate_id: str) -> Any:
    return _page(uuid_or_404(staff_id), uuid_or_404(certificate_id))


@blp.post("/coordinate/people/<staff_id>/certificates/<certificate_id>/renewals")
def renew(staff_id: str, certificate_id: str) -> Any:
    """The day the refresher was taken: training renews the certificate from it, and tells its holder."""
    staff_id, certificate_id = uuid_or_404(staff_id), uuid_or_404(certificate_id)
    answers, errors = dict(request.form), FormErrors()
    taken = day_asked(answers, "completed-on", errors, _("Enter the day the refresher was taken"))
    if taken is not None:
        try:
            api().post("training", f"/api/v1/certificates/{certificate_id}/renewals",
                       {"completed_on": taken.isoformat()})
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"completed_on": "completed-on"})
    if errors:
        return _page(staff_id, certificate_id, errors, answers, 422)
    flash(_("The refresher is recorded: the certificate runs again, and its holder is told"))
    return redirect(url_for("people.person", staff_id=staff_id) + "#training")


@blp.post("/coordinate/people/<staff_id>/certificates/<certificate_id>/expiry")
def correct(staff_id: str, certificate_id: str) -> Any:
    """A valid certificate's last day, corrected; a lapsed one is renewed with a refresher instead."""
    staff_id, certificate_id = uuid_or_404(staff_id), uuid_or_404(certificate_id)
    answers, errors = dict(request.form), FormErrors()
    expires = day_asked(answers, "expires-on", errors, _("Enter the day the certificate runs out"))
    if expires is not None:
        try:
            api().patch("training", f"/api/v1/certificates/{certificate_id}", {"expires_on": expires.isoformat()})
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, {"expires_on": "expires-on"})
    if errors:
        return _page(staff_id, certificate_id, errors, answers, 422)
    flash(_("The certificate's last day is corrected"))
    return redirect(url_for("people.person", staff_id=staff_id) + "#training")
