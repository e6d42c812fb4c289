"""Running the network: one page leading to every page a coordinator (or the administrator) runs it from, each
said in a line, with what is waiting for them where a service can count it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, session
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem, ServiceUnavailable
from web.views.forms import api, only_for

blp = Blueprint("running", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("These pages are for the network's coordinators."))


@blp.get("/coordinate")
def hub() -> Any:
    coordinating = "coordinator" in session["me"]["roles"]
    if not coordinating:  # the administrator: the pages they share with coordinators, nothing to count
        return render_template("running.html", coordinating=False)
    return render_template("running.html", coordinating=True,
                           waiting=_total("sessions", "/api/v1/support-requests", status="waiting"),
                           claims=_total("training", "/api/v1/level1-claims", status="pending"))


def _total(service: str, path: str, **query: str) -> int | None:
    """How many wait on one list; None when the service cannot say now, and the page goes on without it."""
    try:
        return api().get(service, path, limit=1, **query)["total"]
    except (ApiProblem, ServiceUnavailable):
        return None
