"""Find help: my team's wellbeing champions and peer supporters, and the directory of sources of help.

Both come from identity: `me/support-contacts` (available supporters first) and `help-sources` searched
with `mine=true` (the person's organisation's sources and everyone's; crisis lines listed first).
The search is a GET form, so a result page can be bookmarked or shared and works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem
from web.views.forms import FormErrors, Paging, api

blp = Blueprint("signposting", __name__)
PAGE = 20
KINDS = {
    "crisis_line": lazy_gettext("Crisis lines"),
    "occupational_health": lazy_gettext("Occupational health"),
    "staff_psychological_support": lazy_gettext("Staff psychological support"),
    "employee_assistance_programme": lazy_gettext("Employee assistance programme"),
    "chaplaincy": lazy_gettext("Chaplaincy"),
    "spiritual_care": lazy_gettext("Spiritual care"),
    "financial_wellbeing": lazy_gettext("Financial wellbeing"),
    "app": lazy_gettext("Apps"),
    "other": lazy_gettext("Other"),
}
MAX_WORDS = 100  # identity's limit on `q`


@blp.get("/help")
def find_help() -> Any:
    words = request.args.get("q", "").strip()
    kind = request.args.get("kind", "")
    paging = Paging.asked(PAGE)
    errors = FormErrors()
    if len(words) > MAX_WORDS:
        errors.add("q", _("Search with %(most)s characters or fewer", most=MAX_WORDS))
    if kind and kind not in KINDS:
        kind = ""
    contacts = api().get("identity", "/api/v1/me/support-contacts")
    sources: dict[str, Any] = {"items": [], "total": 0}
    if not errors:
        try:
            sources = api().get("identity", "/api/v1/help-sources", mine="true", q=words or None, kind=kind or None,
                                limit=PAGE, offset=paging.offset)
        except ApiProblem as problem:
            if problem.status != 422:
                raise
            errors = FormErrors.from_problem(problem, {"q": "q", "kind": "kind"})
    kind_items = [{"value": "", "text": _("Any kind")}] + [{"value": k, "text": t} for k, t in KINDS.items()]
    return render_template("help.html", contacts=contacts, sources=sources, words=words, kind=kind, kinds=KINDS,
                           kind_items=kind_items, errors=errors, page=paging.page,
                           pages=paging.pages(sources["total"])), 422 if errors else 200
