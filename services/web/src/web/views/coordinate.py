"""Coordinators: the waiting list, with why each request waits."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, session

from web.views.forms import api
from web.views.support import MODES, URGENCIES

blp = Blueprint("coordinate", __name__)
PAGE = 50


@blp.get("/coordinate/waiting")
def waiting() -> Any:
    if "coordinator" not in session["me"]["roles"]:
        abort(403, "Only coordinators see the waiting list.")
    page = max(1, request.args.get("page", 1, type=int) or 1)
    body = api().get("sessions", "/api/v1/support-requests", status="waiting", limit=PAGE, offset=(page - 1) * PAGE)
    return render_template("waiting.html", waiting=body, page=page, pages=max(1, -(-body["total"] // PAGE)),
                           modes=MODES, urgencies=URGENCIES)
