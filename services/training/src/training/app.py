"""Training's app factory."""

from __future__ import annotations

from flask import Flask

from psn_shared.auth import TokenVerifier, verifier_from_settings
from psn_shared.db import make_engine
from psn_shared.http import create_service_app
from psn_shared.http.board import board_report_blueprint
from training.adapters.orm import idempotency_keys
from training.api import certificates, cohorts, grading, levels, nominations, records, reports
from training.config import TrainingSettings
from training.service_layer import board_report
from training.service_layer.uow import Clock, system_clock, uow_factory


def create_app(settings: TrainingSettings | None = None, verifier: TokenVerifier | None = None,
               clock: Clock = system_clock) -> Flask:
    """`verifier` None means: check tokens against identity's JWKS (tests pass their own keys and a clock)."""
    settings = settings or TrainingSettings.load()
    verifier = verifier or verifier_from_settings(settings)
    engine = make_engine(settings.database_url)
    app, api = create_service_app(
        settings,
        title="Peer Support Network: training",
        description="Levels and competences, Level 1 records, cohorts, nominations and approvals, "
        "attendance, completion, certificates and reports.",
        engine=engine,
        verifier=verifier,
        uow_factory=uow_factory(engine, clock),
        idempotency_keys=idempotency_keys,
    )
    app.extensions["training.policy"] = settings.policy
    app.extensions["training.check_link"] = settings.check_link
    blueprints = (records.blp, levels.blp, cohorts.blp, nominations.blp, certificates.blp, reports.blp, grading.blp,
                  board_report_blueprint("training", board_report.quarter_measures, clock))
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    return app
