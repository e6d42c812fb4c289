"""Supporter profiles: who can be allocated, and how much of their month is taken."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from psn_shared.http import authenticated, current_principal, unit_of_work
from sessions.api.schemas import SupporterOut
from sessions.service_layer import services

blp = Blueprint("supporters", __name__, description="Peer supporter profiles")


@blp.route("/api/v1/supporters")
class Supporters(MethodView):
    @authenticated(*services.NETWORK_ADMINS)
    @blp.response(200, SupporterOut(many=True))
    def get(self):
        """Every supporter profile (coordinator, admin)"""
        with unit_of_work() as uow:
            return services.supporter_list(uow)


@blp.route("/api/v1/supporters/<string:staff_id>")
class SupporterItem(MethodView):
    @authenticated()
    @blp.response(200, SupporterOut)
    def get(self, staff_id: str):
        """One supporter profile (the supporter themselves, coordinator, admin)"""
        with unit_of_work() as uow:
            return services.supporter_view(staff_id, current_principal(), uow)
