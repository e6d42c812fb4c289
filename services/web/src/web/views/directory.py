"""Coordinators keep the signposting directory: the sources of help beyond peer support (occupational health,
crisis lines, chaplaincy...) that "Find help" lists and each referral offers. Found by words, added, changed
(with If-Match, so nobody's change is overwritten unseen), withdrawn and put back. Identity keeps the directory
and checks each source (at least one way to reach it); sessions hears of every change."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, Paging, api, idempotency_key, only_for, submitted_key
from web.views.signposting import KINDS

blp = Blueprint("directory", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("The directory of help is kept by the network's coordinators."))
PAGE = 20
FIELDS = ("name", "kind", "for_whom", "description", "how_to_reach", "phone", "email", "url", "hours",
          "organisation_id", "region")
# Left empty, where it serves is everyone: an organisation's or a region's source names one of them.
OPTIONAL = ("description", "how_to_reach", "phone", "email", "url", "organisation_id", "region")
INPUTS = {field: f"source-{field.replace('_', '-')}" for field in FIELDS} | {"": "source-name"}


@blp.get("/coordinate/help-sources")
def sources() -> Any:
    words = request.args.get("q", "").strip()[:100]
    paging = Paging.asked(PAGE)
    found = api().get("identity", "/api/v1/help-sources", q=words or None, include_withdrawn="true", limit=PAGE,
                      offset=paging.offset)
    return render_template("help_sources.html", found=found, words=words, kinds=KINDS, page=paging.page,
                           pages=paging.pages(found["total"]))


def _form_page(source: dict[str, Any] | None, errors: FormErrors | None = None,
               answers: dict[str, str] | None = None, etag: str = "", status: int = 200) -> Any:
    organisations = sorted(api().get("identity", "/api/v1/organisations"), key=lambda o: o["name"].lower())
    return render_template("help_source.html", source=source, answers=answers or source or {}, kinds=KINDS,
                           organisations=organisations, etag=etag, errors=errors or FormErrors(),
                           key=idempotency_key()), status


@blp.get("/coordinate/help-sources/new")
def new() -> Any:
    return _form_page(None)


@blp.post("/coordinate/help-sources/new")
def add() -> Any:
    answers = dict(request.form)
    body, errors = _source(answers)
    if not errors:
        try:
            api().post("identity", "/api/v1/help-sources", body, idempotency_key=submitted_key())
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        return _form_page(None, errors, answers, status=422)
    flash(_("%(name)s is in the directory: Find help lists it, and referrals offer it where it fits",
            name=body["name"]))
    return redirect(url_for("directory.sources"))


@blp.get("/coordinate/help-sources/<uuid:source_id>")
def source(source_id: Any) -> Any:
    found, etag = api().get_versioned("identity", f"/api/v1/help-sources/{source_id}")
    return _form_page(found, etag=etag)


@blp.post("/coordinate/help-sources/<uuid:source_id>")
def change(source_id: Any) -> Any:
    """The whole form is sent as the change; the version read is named, so a change made since is not lost."""
    answers = dict(request.form)
    body, errors = _source(answers)
    if not errors:
        try:
            api().patch("identity", f"/api/v1/help-sources/{source_id}", body, if_match=answers.get("etag", ""))
        except ApiProblem as problem:
            errors = FormErrors.from_problem(problem, INPUTS)
    if errors:
        found, etag = api().get_versioned("identity", f"/api/v1/help-sources/{source_id}")
        return _form_page(found, errors, answers, etag, 422)
    flash(_("%(name)s is changed", name=body["name"]))
    return redirect(url_for("directory.sources"))


@blp.post("/coordinate/help-sources/<uuid:source_id>/active")
def activity(source_id: Any) -> Any:
    """Withdraw it (nobody is offered it any more; it is kept) or put it back."""
    active = request.form.get("active") == "yes"
    try:
        api().patch("identity", f"/api/v1/help-sources/{source_id}", {"active": active},
                    if_match=request.form.get("etag", ""))
    except ApiProblem as problem:
        found, etag = api().get_versioned("identity", f"/api/v1/help-sources/{source_id}")
        return _form_page(found, FormErrors.from_problem(problem, {}), etag=etag, status=422)
    flash(_("It is back in the directory") if active else _("It is withdrawn: nobody is offered it, and it is kept"))
    return redirect(url_for("directory.sources"))


def _source(answers: dict[str, str]) -> tuple[dict[str, Any], FormErrors]:
    """The form as identity's source: optional fields left empty are sent as none."""
    errors = FormErrors()
    body: dict[str, Any] = {field: answers.get(field, "").strip() for field in FIELDS}
    for field in OPTIONAL:
        body[field] = body[field] or None
    if not body["name"]:
        errors.add(INPUTS["name"], _("Enter the name people know it by"))
    if body["kind"] not in KINDS:
        errors.add(INPUTS["kind"], _("Choose what kind of help it is"))
    if not body["for_whom"]:
        errors.add(INPUTS["for_whom"], _("Enter who it is for, for example: all health board staff"))
    if not body["hours"]:
        errors.add(INPUTS["hours"], _("Enter when it answers, for example: 24 hours, every day"))
    if not any(body[field] for field in ("phone", "email", "url", "how_to_reach")):
        errors.add(INPUTS["phone"],
                   _("Enter at least one way to reach it: a phone number, an email, a website or how"))
    if body["organisation_id"] and body["region"]:
        errors.add(INPUTS["region"],
                   _("Leave the region empty for one organisation's source: it serves one or the other"))
    return body, errors
