"""Supporter profiles: who can be allocated, and how much of their month is taken."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS
from sessions.api.schemas import PreferencesIn, PreferencesOut, SupporterOut
from sessions.domain.model import SupporterProfile
from sessions.service_layer import commands, queries

blp = Blueprint("supporters", __name__, description="Peer supporter profiles")


@blp.route("/api/v1/supporters")
class Supporters(MethodView):
    @authenticated(*COORDINATORS)
    @blp.response(200, SupporterOut(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Every supporter profile (coordinator, admin)"""
        with unit_of_work() as uow:
            return queries.supporter_list(uow)


@blp.route("/api/v1/supporters/<string:staff_id>")
class SupporterItem(MethodView):
    @authenticated()
    @blp.response(200, SupporterOut)
    def get(self, staff_id: str) -> dict[str, Any]:
        """One supporter profile (the supporter themselves, coordinator, admin)"""
        with unit_of_work() as uow:
            return queries.supporter_view(staff_id, current_principal(), uow)


@blp.route("/api/v1/supporters/<string:staff_id>/preferences")
class SupporterPreferences(MethodView):
    @authenticated()
    @blp.response(200, PreferencesOut)
    def get(self, staff_id: str) -> SupporterProfile:
        """The modes a supporter offers and where they meet in person (the supporter themselves, coordinator)"""
        with unit_of_work() as uow:
            return queries.supporter_preferences(staff_id, current_principal(), uow)

    @authenticated()
    @blp.arguments(PreferencesIn)
    @blp.response(200, PreferencesOut)
    def put(self, body: dict[str, Any], staff_id: str) -> SupporterProfile:
        """Replace a supporter's preferences (the supporter themselves, coordinator); serves the waiting list"""
        cmd = commands.SetPreferences(staff_id=staff_id, **body)
        with unit_of_work() as uow:
            return commands.set_preferences(cmd, current_principal(), uow)
