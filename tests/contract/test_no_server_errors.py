"""Property-based: whatever a caller sends to any endpoint, no service answers with a 500.

schemathesis generates requests from each service's own OpenAPI document (valid and
invalid bodies, odd path and query values) and sends them, with a token carrying every
directory role, to the app on a real PostgreSQL database.
"""

from __future__ import annotations

import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import identity
import notifications
import sessions
import training
from psn_shared.db import make_engine
from psn_shared.testing import tokens

ROLES = ("admin", "coordinator", "trainer")
CALLER = str(uuid.uuid4())


@pytest.fixture(scope="module")
def identity_app(databases):
    from identity.adapters.keys import ensure_signing_key, key_cipher
    from identity.app import create_app
    from identity.config import IdentitySettings

    url = databases.migrated(identity, 'fuzz')
    ensure_signing_key(make_engine(url), key_cipher(IdentitySettings.load().key_encryption_keys))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", url)
        env.setenv("IDENTITY_ADMIN_EMAIL", "fuzz@psn.test")
        return create_app(IdentitySettings.load())


def service_app(databases, package):
    app_module = __import__(f"{package.__name__}.app", fromlist=["create_app"])
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DATABASE_URL", databases.migrated(package, "fuzz"))
        env.setenv("IDENTITY_JWKS_URL", "http://127.0.0.1:1/unused")
        return app_module.create_app(verifier=tokens.verifier())


@pytest.fixture(scope="module")
def training_schema(databases):
    return schemathesis.openapi.from_wsgi("/openapi.json", service_app(databases, training))


@pytest.fixture(scope="module")
def sessions_schema(databases):
    return schemathesis.openapi.from_wsgi("/openapi.json", service_app(databases, sessions))


@pytest.fixture(scope="module")
def notifications_schema(databases):
    return schemathesis.openapi.from_wsgi("/openapi.json", service_app(databases, notifications))


@pytest.fixture(scope="module")
def identity_schema(identity_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", identity_app)


@pytest.fixture(scope="module")
def identity_headers(identity_app):
    from psn_shared.auth import Principal

    token, _ = identity_app.extensions["identity.keyring"].issue(Principal(CALLER, frozenset({"staff", *ROLES})))
    return {"Authorization": f"Bearer {token}"}


def fuzz(schema, headers: dict[str, str], examples: int = 300) -> None:
    """Draw requests across all of a service's operations; none may get a 500."""
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the service documents no operations"

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=st.one_of([operation.as_strategy() for operation in operations]))
    def no_server_error(case) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}"

    no_server_error()


def test_identity(identity_schema, identity_headers):
    fuzz(identity_schema, identity_headers)


def test_training(training_schema):
    fuzz(training_schema, tokens.bearer(CALLER, *ROLES))


def test_sessions(sessions_schema):
    fuzz(sessions_schema, tokens.bearer(CALLER, *ROLES))


def test_notifications(notifications_schema):
    fuzz(notifications_schema, tokens.bearer(CALLER, *ROLES))
