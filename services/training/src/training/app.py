"""Training's app factory."""

from __future__ import annotations

from flask import Flask

from psn_shared.auth import TokenVerifier, verifier_from_settings
from psn_shared.db import make_engine
from psn_shared.http import create_service_app
from training.api import cohorts, nominations, records
from training.config import TrainingSettings
from training.service_layer.uow import uow_factory


def create_app(settings: TrainingSettings | None = None, verifier: TokenVerifier | None = None) -> Flask:
    """`verifier` None means: check tokens against identity's JWKS (tests pass their own keys)."""
    settings = settings or TrainingSettings.load()
    verifier = verifier or verifier_from_settings(settings)
    engine = make_engine(settings.database_url)
    app, api = create_service_app(
        settings,
        title="Peer Support Network: training",
        description="Levels, cohorts, nominations, approvals and completions.",
        engine=engine,
        verifier=verifier,
        uow_factory=uow_factory(engine),
    )
    api.register_blueprint(records.blp)
    api.register_blueprint(cohorts.blp)
    api.register_blueprint(nominations.blp)
    return app
