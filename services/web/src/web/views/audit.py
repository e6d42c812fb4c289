"""The administrator reads the audit of confidential reads: which coordinator opened whose named record (a support
request, its referrals, a consent), when and why, newest first; narrowed to one person's record or one reader by
following a name."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.views.forms import Paging, api, only_for, uuid_or_404

blp = Blueprint("audit", __name__)
only_for(blp, {"admin"}, lazy_gettext("The audit of confidential reads is the administrator's."))
PAGE = 50
KINDS = {"support_request": lazy_gettext("Support request"), "referrals": lazy_gettext("Referrals of a request"),
         "referral": lazy_gettext("Referral"), "consent": lazy_gettext("Consent to a referral")}


@blp.get("/coordinate/audit")
def reads() -> Any:
    paging = Paging.asked(PAGE)
    narrowed = {key: uuid_or_404(value) for key in ("subject_id", "reader_id") if (value := request.args.get(key))}
    kind = request.args.get("record_kind") if request.args.get("record_kind") in KINDS else None
    found = api().get("sessions", "/api/v1/audit", **narrowed, record_kind=kind, limit=PAGE, offset=paging.offset)
    return render_template("audit.html", found=found, kinds=KINDS, kind=kind, narrowed=narrowed,
                           kind_items=[{"value": k, "text": said} for k, said in KINDS.items()],
                           named=_named(found["items"], narrowed), page=paging.page, pages=paging.pages(found["total"]))


def _named(reads: list[dict[str, Any]], narrowed: dict[str, str]) -> dict[str, str]:
    """Who the page is narrowed to, by name, as the reads on it call them."""
    named = {key: _("someone no longer known here") for key in narrowed}
    for read in reads:
        for key, name in (("subject_id", "subject_name"), ("reader_id", "reader_name")):
            if narrowed.get(key) == read[key] and read[name]:
                named[key] = read[name]
    return named
