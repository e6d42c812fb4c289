"""Sessions' app factory."""

from __future__ import annotations

from flask import Flask

from psn_shared.auth import TokenVerifier, verifier_from_settings
from psn_shared.db import make_engine
from psn_shared.http import create_service_app
from sessions.api import reports, requests, supporters
from sessions.config import SessionsSettings
from sessions.service_layer.uow import uow_factory


def create_app(settings: SessionsSettings | None = None, verifier: TokenVerifier | None = None) -> Flask:
    """`verifier` None means: verify tokens against identity's JWKS (IDENTITY_JWKS_URL)."""
    settings = settings or SessionsSettings.load()
    verifier = verifier or verifier_from_settings(settings)
    engine = make_engine(settings.database_url)
    app, api = create_service_app(
        settings,
        title="Peer Support Network: sessions",
        description="Supporter profiles, support requests and their allocation.",
        engine=engine,
        verifier=verifier,
        uow_factory=uow_factory(engine),
    )
    api.register_blueprint(requests.blp)
    api.register_blueprint(supporters.blp)
    api.register_blueprint(reports.blp)
    return app
