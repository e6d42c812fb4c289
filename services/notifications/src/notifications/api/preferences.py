"""The caller's notification preferences: channels per category, language, quiet hours, the digest."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from notifications.api.schemas import PreferencesOut, PreferencesSchema
from notifications.domain.categories import Category
from notifications.service_layer import commands, queries
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.http.preconditions import CONDITIONAL_EDIT, if_match

blp = Blueprint("preferences", __name__, description="How and when the caller hears from the network")


def _out(preferences: Any, phone: bool) -> dict[str, Any]:
    return {
        "language": preferences.language, "time_zone": preferences.time_zone,
        "channels": {c.value: sorted(preferences.channels_for(c)) for c in Category},
        "quiet_hours": [{"start": start, "end": end} for start, end in preferences.quiet_hours],
        "digest": list(preferences.digest), "digest_at": preferences.digest_at, "phone_for_sms": phone,
    }


@blp.route("/api/v1/preferences")
class Preferences(MethodView):
    @authenticated()
    @blp.response(200, PreferencesOut)
    def get(self) -> dict[str, Any]:
        """The caller's preferences (the defaults where they chose none)"""
        staff_id = current_principal().staff_id
        with unit_of_work() as uow:
            return _out(queries.preferences_of(staff_id, uow), queries.has_phone(staff_id, uow))

    @authenticated()
    @blp.arguments(PreferencesSchema)
    @blp.response(200, PreferencesOut)
    @blp.doc(**CONDITIONAL_EDIT)
    def put(self, body: dict[str, Any]) -> dict[str, Any]:
        """Replace the caller's preferences; a field left out takes its default"""
        staff_id = current_principal().staff_id
        check = if_match(PreferencesOut())
        with unit_of_work() as uow:
            phone = queries.has_phone(staff_id, uow)
            chosen = commands.set_preferences(staff_id, body, uow, precondition=lambda held: check(_out(held, phone)))
            return _out(chosen, phone)
