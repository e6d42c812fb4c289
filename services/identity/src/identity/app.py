"""Identity's app factory."""

from __future__ import annotations

from flask import Flask

from identity.adapters.keys import KeyRing
from identity.api import auth, staff
from identity.config import IdentitySettings
from identity.service_layer.uow import uow_factory
from psn_shared.auth import TokenVerifier
from psn_shared.db import make_engine
from psn_shared.http import create_service_app


def create_app(settings: IdentitySettings | None = None) -> Flask:
    settings = settings or IdentitySettings.load()
    engine = make_engine(settings.database_url)
    keyring = KeyRing(
        engine, issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_s=settings.access_token_ttl_s
    )
    verifier = TokenVerifier(keyring.public_key, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    app, api = create_service_app(
        settings,
        title="Peer Support Network: identity",
        description="Staff, teams, managers, roles, login and tokens.",
        engine=engine,
        verifier=verifier,
        uow_factory=uow_factory(engine),
    )
    app.extensions["identity.keyring"] = keyring
    api.register_blueprint(auth.blp)
    api.register_blueprint(staff.blp)
    return app
