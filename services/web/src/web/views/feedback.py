"""Feedback after a conversation: the emailed invitation's page, answered without signing in.

Sessions emails a link to `/feedback#token=...` after a conversation took place. The token, in the
fragment (never sent to a server), is single-use; the answer is stored without the person, by week
only, so the page asks nothing that would name them. The script moves the token into the form; without
JavaScript the person pastes it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext, lazy_pgettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, api, idempotency_key, submitted_key

blp = Blueprint("feedback", __name__)
# Answers to "Did talking help?": Welsh answers a question in the past with "Do" and "Naddo", not "Ie" and "Na".
HELPED = {"yes": lazy_pgettext("did talking help", "Yes"), "partly": lazy_gettext("Partly"),
          "no": lazy_pgettext("did talking help", "No")}
RATINGS = {"5": lazy_gettext("5, very good"), "4": "4", "3": "3", "2": "2", "1": lazy_gettext("1, very poor")}
MAX_COMMENT = 1000  # sessions' limit, checked here first
FEEDBACK_INPUTS = {"token": "token", "helped": "helped", "rating": "rating", "comment": "comment"}


@blp.route("/feedback", methods=["GET", "POST"])
def give() -> Any:
    errors, answers = FormErrors(), {k: request.form.get(k, "").strip() for k in FEEDBACK_INPUTS}
    if request.method == "POST":
        if not answers["token"]:
            errors.add("token", _("Enter the code from the link in your email"))
        if answers["helped"] not in HELPED:
            errors.add("helped", _("Select whether talking helped"))
        if answers["rating"] not in RATINGS:
            errors.add("rating", _("Select how you would rate it, from 1 to 5"))
        if len(answers["comment"]) > MAX_COMMENT:
            errors.add("comment", _("Write %(most)s characters or fewer", most=MAX_COMMENT))
        if not errors:
            body = {"token": answers["token"], "helped": answers["helped"], "rating": int(answers["rating"]),
                    "comment": answers["comment"] or None}
            try:
                api().public_post("sessions", "/api/v1/feedback", body, idempotency_key=submitted_key())
            except ApiProblem as problem:
                if problem.status == 404:  # sessions knows no such invitation: used, or never made
                    errors.add("token", _("This feedback link has been used already, or is not right. "
                                          "Check you copied all of it"))
                else:
                    errors = FormErrors.from_problem(problem, FEEDBACK_INPUTS)
            else:
                return redirect(url_for("feedback.thanks"))
    return render_template("feedback.html", errors=errors, answers=answers, key=idempotency_key(),
                           helped=[{"value": k, "text": t} for k, t in HELPED.items()],
                           ratings=[{"value": k, "text": t} for k, t in RATINGS.items()]), 422 if errors else 200


@blp.get("/feedback/thanks")
def thanks() -> Any:
    return render_template("feedback_thanks.html")
