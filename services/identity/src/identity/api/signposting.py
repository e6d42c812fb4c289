"""The signposting directory: curated sources of help beyond peer support."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from identity.api.schemas import HelpSourceIn, HelpSourceOut, HelpSourcePage, HelpSourcePatch, HelpSourceQuery
from identity.domain.signposting import HelpSource
from identity.service_layer import signposting
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.http.preconditions import CONDITIONAL_EDIT, if_match
from psn_shared.roles import COORDINATORS

blp = Blueprint("signposting", __name__, description="Where else to turn: the signposting directory")


@blp.route("/api/v1/help-sources")
class HelpSources(MethodView):
    @authenticated()
    @blp.arguments(HelpSourceQuery, location="query")
    @blp.response(200, HelpSourcePage)
    def get(self, query: dict) -> dict:
        """Search the sources of help (anyone signed in); by kind, organisation or region, and words"""
        search = signposting.SearchHelp(**query)
        with unit_of_work() as uow:
            items, total = signposting.search(search, current_principal(), uow)
            return {"items": items, "total": total, "limit": search.limit, "offset": search.offset}

    @authenticated(*COORDINATORS)
    @blp.arguments(HelpSourceIn)
    @blp.response(201, HelpSourceOut)
    def post(self, body: dict) -> HelpSource:
        """Add a source of help (coordinator, admin)"""
        with unit_of_work() as uow:
            return signposting.add_help_source(signposting.AddHelpSource(body, current_principal().staff_id), uow)


# A uuid converter: any other id is a 404 before it reaches the database.
@blp.route("/api/v1/help-sources/<uuid:source_id>")
class HelpSourceItem(MethodView):
    @authenticated()
    @blp.response(200, HelpSourceOut)
    def get(self, source_id: uuid.UUID) -> HelpSource:
        """One source of help (anyone signed in; a withdrawn one to coordinators only)"""
        include = not current_principal().roles.isdisjoint(COORDINATORS)
        with unit_of_work() as uow:
            return signposting.get_help_source(str(source_id), uow, include_withdrawn=include)

    @authenticated(*COORDINATORS)
    @blp.arguments(HelpSourcePatch)
    @blp.response(200, HelpSourceOut)
    @blp.doc(**CONDITIONAL_EDIT)
    def patch(self, body: dict, source_id: uuid.UUID) -> HelpSource:
        """Change or withdraw (`active: false`) a source of help (coordinator, admin)"""
        cmd = signposting.EditHelpSource(str(source_id), body, current_principal().staff_id)
        with unit_of_work() as uow:
            return signposting.edit_help_source(cmd, uow, precondition=if_match(HelpSourceOut()))
