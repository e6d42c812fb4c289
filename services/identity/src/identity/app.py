"""Identity's app factory."""

from __future__ import annotations

from flask import Flask
from redis.exceptions import RedisError

from identity.adapters.keys import KeyRing, key_cipher
from identity.adapters.orm import idempotency_keys
from identity.adapters.rate_limits import storage_config
from identity.api import auth, champions, directory, hr_import, signposting, staff, supporter_hours
from identity.api.limits import limiter
from identity.config import IdentitySettings
from identity.service_layer.board_report import quarter_measures
from identity.service_layer.uow import uow_factory
from psn_shared.auth import TokenVerifier
from psn_shared.db import make_engine
from psn_shared.http import create_service_app
from psn_shared.http.board import board_report_blueprint
from psn_shared.http.problems import unavailable


def create_app(settings: IdentitySettings | None = None) -> Flask:
    settings = settings or IdentitySettings.load()
    engine = make_engine(settings.database_url)
    keyring = KeyRing(
        engine, key_cipher(settings.key_encryption_keys),
        issuer=settings.jwt_issuer, audience=settings.jwt_audience, ttl_s=settings.access_token_ttl_s,
    )
    verifier = TokenVerifier(keyring.public_key, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    app, api = create_service_app(
        settings,
        title="Peer Support Network: identity",
        description="The staff directory, roles with their history, login and tokens.",
        engine=engine,
        verifier=verifier,
        uow_factory=uow_factory(engine),
        idempotency_keys=idempotency_keys,
    )
    app.config.update(
        REFRESH_TOKEN_TTL_S=settings.refresh_token_ttl_s,
        REFRESH_TOKEN_MAX_AGE_S=settings.refresh_token_max_age_s,
        RESET_TOKEN_TTL_S=settings.reset_token_ttl_s,
        RESET_LINK=settings.reset_link,
        WELCOME_TOKEN_TTL_S=settings.welcome_token_ttl_s,
        LOGIN_LIMIT_PER_ACCOUNT=settings.login_limit_per_account,
        LOGIN_LIMIT_PER_ADDRESS=settings.login_limit_per_address,
        RESET_LIMIT=settings.reset_limit,
        RESET_LIMIT_PER_ADDRESS=settings.reset_limit_per_address,
        DIRECTORY_LIMIT_PER_USER=settings.directory_limit_per_user,
        IMPORT_LIMIT_PER_USER=settings.import_limit_per_user,
        # Keys are prefixed with the namespace, so environments sharing one Redis count apart.
        RATELIMIT_KEY_PREFIX=settings.amqp_namespace,
        RATELIMIT_HEADERS_ENABLED=True,
        **storage_config(settings.ratelimit_storage_uri, engine),
    )
    limiter.init_app(app)
    # A shared rate-limit store that cannot be reached makes a limited endpoint unavailable, never a 500.
    app.register_error_handler(RedisError, unavailable)
    app.extensions["identity.keyring"] = keyring
    board = board_report_blueprint("identity", quarter_measures)
    for blueprint in (auth.blp, directory.blp, staff.blp, supporter_hours.blp, hr_import.blp, champions.blp,
                      signposting.blp, board):
        api.register_blueprint(blueprint)
    return app
