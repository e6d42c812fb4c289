"""Notifications' app factory."""

from __future__ import annotations

from flask import Flask

from notifications.adapters.orm import idempotency_keys
from notifications.api import deliveries, devices, inbox, preferences
from notifications.config import NotificationsSettings
from notifications.service_layer import delivering
from notifications.service_layer.uow import uow_factory
from psn_shared.auth import TokenVerifier, verifier_from_settings
from psn_shared.db import make_engine
from psn_shared.http import create_service_app


def create_app(settings: NotificationsSettings | None = None, verifier: TokenVerifier | None = None) -> Flask:
    """`verifier` defaults to one that checks tokens against identity's JWKS (IDENTITY_JWKS_URL)."""
    settings = settings or NotificationsSettings.load()
    delivering.configure_from(settings)
    verifier = verifier or verifier_from_settings(settings)
    engine = make_engine(settings.database_url)
    app, api = create_service_app(
        settings,
        title="Peer Support Network: notifications",
        description="Each person's in-app inbox, devices and notification preferences, and the log of "
                    "messages sent to them (email, text, push).",
        engine=engine,
        verifier=verifier,
        uow_factory=uow_factory(engine),
        idempotency_keys=idempotency_keys,
    )
    api.register_blueprint(inbox.blp)
    api.register_blueprint(deliveries.blp)
    api.register_blueprint(devices.blp)
    api.register_blueprint(preferences.blp)
    app.extensions["psn.vapid_public_key"] = None
    if settings.vapid_private_key:  # only then: Web Push's client brings requests, aiohttp and their crypto
        from notifications.adapters.webpush import public_key_of

        app.extensions["psn.vapid_public_key"] = public_key_of(settings.vapid_private_key)
    return app

