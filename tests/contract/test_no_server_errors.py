"""Property-based: whatever a caller sends to any endpoint, the answer is one its document describes.

schemathesis generates requests from each service's own OpenAPI document (valid and invalid
bodies, odd path and query values) and sends them to the app on a real PostgreSQL database, as
each kind of caller in turn. Every one of schemathesis's checks runs on each answer: never a 500;
statuses, content types, bodies and headers as documented; invalid data refused; valid data not
refused as malformed (decision 32: a business rule's 422 is allowed); unsupported methods a 405
with Allow; authentication never ignored.
"""

from __future__ import annotations

import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

import identity
import notifications
import sessions
import training
from psn_shared.db import make_engine
from psn_shared.testing import tokens

ROLES = ("admin", "coordinator", "trainer")
CALLER = str(uuid.uuid4())
load_all_checks()
ALL_CHECKS = CHECKS.get_all()
# Valid by the schema, refused by a rule the schema cannot state: a 422 naming the field (decision 32);
# or sent with an If-Match that names no version of the resource: a 412.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412", "422", "428", "429"]}}})


def schema_of(app):
    return schemathesis.openapi.from_wsgi("/openapi.json", app, config=CONFIG)


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
    return schema_of(service_app(databases, training))


@pytest.fixture(scope="module")
def sessions_schema(databases):
    return schema_of(service_app(databases, sessions))


@pytest.fixture(scope="module")
def notifications_schema(databases):
    return schema_of(service_app(databases, notifications))


@pytest.fixture(scope="module")
def identity_schema(identity_app):
    return schema_of(identity_app)


# Each kind of caller: a member of staff with no other role (most refusals), a line manager, and
# someone holding every directory role (most of each service reached).
CALLERS = {"staff": (), "line manager": ("line_manager",), "every role": ROLES}


def identity_token(identity_app, roles: tuple[str, ...]) -> dict[str, str]:
    from psn_shared.auth import Principal

    token, _ = identity_app.extensions["identity.keyring"].issue(Principal(CALLER, frozenset({"staff", *roles})))
    return {"Authorization": f"Bearer {token}"}


def fuzz(schema, headers: dict[str, str], examples: int = 150) -> None:
    """Draw requests across all of a service's operations; every answer must pass every check."""
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the service documents no operations"

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=st.one_of([operation.as_strategy() for operation in operations]))
    def answered_as_documented(case) -> None:
        case.call_and_validate(headers=headers, checks=ALL_CHECKS)

    answered_as_documented()


@pytest.mark.parametrize("caller", CALLERS)
def test_identity(identity_schema, identity_app, caller):
    fuzz(identity_schema, identity_token(identity_app, CALLERS[caller]))


@pytest.mark.parametrize("caller", CALLERS)
def test_training(training_schema, caller):
    fuzz(training_schema, tokens.bearer(CALLER, *CALLERS[caller]))


@pytest.mark.parametrize("caller", CALLERS)
def test_sessions(sessions_schema, caller):
    fuzz(sessions_schema, tokens.bearer(CALLER, *CALLERS[caller]))


@pytest.mark.parametrize("caller", CALLERS)
def test_notifications(notifications_schema, caller):
    fuzz(notifications_schema, tokens.bearer(CALLER, *CALLERS[caller]))
