"""Sessions' app factory."""

from __future__ import annotations

from flask import Flask

from psn_shared.auth import TokenVerifier, verifier_from_settings
from psn_shared.db import make_engine
from psn_shared.http import create_service_app
from psn_shared.http.board import board_report_blueprint
from sessions.adapters.orm.base import idempotency_keys
from sessions.api import (
    audit,
    availability,
    calendar_feeds,
    conversations,
    feedback,
    journey,
    referrals,
    reflective,
    reports,
    requests,
    supporters,
    wellbeing,
)
from sessions.config import SessionsSettings
from sessions.service_layer import board_report
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
        uow_factory=uow_factory(engine, settings.caps),
        idempotency_keys=idempotency_keys,
    )
    app.config["FEEDBACK_LINK"] = settings.feedback_link
    app.config["SESSIONS_REFLECTIVE"] = settings.reflective
    api.register_blueprint(requests.blp)
    api.register_blueprint(supporters.blp)
    api.register_blueprint(reports.blp)
    api.register_blueprint(journey.blp)
    api.register_blueprint(conversations.blp)
    api.register_blueprint(availability.blp)
    api.register_blueprint(feedback.blp)
    api.register_blueprint(calendar_feeds.blp)
    api.register_blueprint(referrals.blp)
    api.register_blueprint(audit.blp)
    api.register_blueprint(board_report_blueprint("sessions", board_report.quarter_measures))
    api.register_blueprint(reflective.blp)
    api.register_blueprint(wellbeing.blp)
    return app
