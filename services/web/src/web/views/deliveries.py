"""The delivery log, for the people who run the network: whether each email, text and push went, when, and what
the provider said when one did not; for everyone, newest first, or for one person, or in one state. It says
whether a message went, never what it said."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext

from web.views.forms import Paging, api, only_for, uuid_or_404

blp = Blueprint("deliveries", __name__)
only_for(blp, {"coordinator", "admin"}, lazy_gettext("The delivery log is read by the network's coordinators."))
PAGE = 50
STATES = {"failed": lazy_gettext("Failed"), "pending": lazy_gettext("Waiting to go"), "sent": lazy_gettext("Sent"),
          "standby": lazy_gettext("Held in reserve"), "cancelled": lazy_gettext("Not needed")}
CHANNELS = {"email": lazy_gettext("Email"), "sms": lazy_gettext("Text"), "web_push": lazy_gettext("Push (browser)"),
            "mobile_push": lazy_gettext("Push (phone)")}


@blp.get("/coordinate/deliveries")
def deliveries() -> Any:
    paging = Paging.asked(PAGE)
    state = request.args.get("status") if request.args.get("status") in STATES else None
    recipient = request.args.get("recipient_id")
    found = api().get("notifications", "/api/v1/deliveries", status=state,
                      recipient_id=uuid_or_404(recipient) if recipient else None, limit=PAGE, offset=paging.offset)
    return render_template("deliveries.html", found=found, states=STATES, channels=CHANNELS, state=state,
                           recipient=recipient, page=paging.page, pages=paging.pages(found["total"]))
