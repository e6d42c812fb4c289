"""The caller's devices: web push subscriptions and the mobile app's tokens, where push notifications go."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView

from notifications.api.schemas import DeviceIn, DeviceList, DeviceOut, DevicePath, WebPushKeyOut
from notifications.domain.model import Device, DeviceKind
from notifications.service_layer import commands, queries
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint

blp = Blueprint("devices", __name__, description="Where the caller's push notifications go")


@blp.route("/api/v1/devices")
class Devices(MethodView):
    @authenticated()
    @blp.response(200, DeviceList)
    def get(self) -> dict[str, Any]:
        """The caller's registered devices, oldest first"""
        with unit_of_work() as uow:
            return {"items": queries.devices_of(current_principal().staff_id, uow)}

    @authenticated()
    @blp.arguments(DeviceIn)
    @blp.response(201, DeviceOut)
    def post(self, body: dict[str, Any]) -> Device:
        """Register a web push subscription ({endpoint, keys: {p256dh, auth}}) or a mobile token
        ({platform, token}) for the caller; registering the same one again refreshes it"""
        staff_id = current_principal().staff_id
        with unit_of_work() as uow:
            if "endpoint" in body:
                return commands.register_device(staff_id, DeviceKind.WEB_PUSH, body["endpoint"], uow,
                                                p256dh=body["keys"]["p256dh"], auth=body["keys"]["auth"])
            return commands.register_device(staff_id, DeviceKind.MOBILE, body["token"], uow,
                                            platform=body["platform"])


@blp.route("/api/v1/devices/<string:device_id>")
class DeviceItem(MethodView):
    @authenticated()
    @blp.arguments(DevicePath, location="path")
    @blp.response(204)
    def delete(self, path: dict[str, Any], **_url_values: str) -> None:
        """Forget one of the caller's devices (signing out of the app, say)"""
        with unit_of_work() as uow:
            commands.remove_device(current_principal().staff_id, path["device_id"], uow)


@blp.route("/api/v1/devices/web-push-key")
class WebPushKey(MethodView):
    @authenticated()
    @blp.response(200, WebPushKeyOut)
    def get(self) -> dict[str, str | None]:
        """The VAPID public key a browser subscribes with (PushManager.subscribe's applicationServerKey)"""
        return {"public_key": current_app.extensions["psn.vapid_public_key"]}
