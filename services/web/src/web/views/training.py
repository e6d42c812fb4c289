"""My training record, and my certificates to download."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, session

from web.adapters.api import ApiProblem
from web.views.forms import api, uuid_or_404

blp = Blueprint("training", __name__)
LEVELS = {1: "Level 1: An Introduction to Psychological Wellbeing", 2: "Level 2: Peer Supporter",
          3: "Level 3: Train the Trainer"}


@blp.get("/training")
def record() -> Any:
    try:
        person = api().get("training", f"/api/v1/people/{session['me']['id']}")
    except ApiProblem as problem:
        if problem.status != 404:
            raise
        person = None  # training has not heard of this person yet (identity's event is on its way)
    return render_template("training.html", person=person, levels=LEVELS)


@blp.get("/training/certificates/<certificate_id>.pdf")
def certificate(certificate_id: str) -> Any:
    answer = api().raw("training", f"/api/v1/certificates/{uuid_or_404(certificate_id)}/pdf")
    return Response(answer.content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{certificate_id}.pdf"'})
