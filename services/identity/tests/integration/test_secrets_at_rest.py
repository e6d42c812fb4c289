"""Signing keys encrypted in the database under a rotatable key-encryption key, re-wrapped by the
migrate entrypoint; migration 0004 on both databases identity runs on."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import Engine, select, text

import identity
from identity.adapters.keys import DEVELOPMENT_KEY, KeyRing, key_cipher
from identity.adapters.orm import messaging, signing_keys
from identity.adapters.rate_limits import DatabaseStorage
from identity.entrypoints.relay import SECRET_TYPES
from psn_shared.auth import Principal
from psn_shared.db import make_engine
from psn_shared.messaging.relay import OutboxRelay
from psn_shared.testing.infra import DatabaseFactory

MIGRATIONS = Path(identity.__file__).parent / "migrations"
NEW_KEY = Fernet.generate_key().decode()
AT = datetime(2026, 11, 20, 10, tzinfo=UTC)


def stored_keys(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(signing_keys.c.encrypted_private_key)))


def run_migrate(database_url: str, keys: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "IDENTITY_KEY_ENCRYPTION_KEYS": keys}
    return subprocess.run([sys.executable, "-m", "identity.entrypoints.migrate"], env=env,
                          capture_output=True, text=True, timeout=120)


def signs(engine: Engine, keys: tuple[str, ...]) -> bool:
    keyring = KeyRing(engine, key_cipher(keys), issuer="psn-identity", audience="psn", ttl_s=900)
    token, _ = keyring.issue(Principal(staff_id="someone", roles=frozenset({"staff"})))
    return bool(token) and bool(keyring.jwks()["keys"])


def plain_pem() -> str:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_a_signing_key_is_stored_encrypted_never_as_pem(app):
    engine = app.extensions["psn.engine"]
    [stored] = stored_keys(engine)
    assert "PRIVATE KEY" not in stored
    assert Fernet(DEVELOPMENT_KEY).decrypt(stored.encode()).startswith(b"-----BEGIN PRIVATE KEY-----")


def test_the_migrate_entrypoint_rewraps_every_key_under_a_new_key_encryption_key(app, service_db):
    engine = app.extensions["psn.engine"]
    result = run_migrate(service_db, f"{NEW_KEY},{DEVELOPMENT_KEY}")
    assert result.returncode == 0, result.stderr
    [stored] = stored_keys(engine)
    Fernet(NEW_KEY).decrypt(stored.encode())  # the old key can now be dropped
    assert signs(engine, (NEW_KEY,))
    with pytest.raises(RuntimeError, match="IDENTITY_KEY_ENCRYPTION_KEYS"):
        signs(engine, (DEVELOPMENT_KEY,))


def test_an_unset_key_encryption_key_is_the_development_key_with_a_warning(caplog):
    cipher = key_cipher(())
    assert Fernet(DEVELOPMENT_KEY).decrypt(cipher.encrypt(b"secret")) == b"secret"
    assert "IDENTITY_KEY_ENCRYPTION_KEYS is not set" in caplog.text


class Broker:
    """Stands in for the confirming publisher: every message is confirmed."""

    def publish(self, messages: list) -> None:
        self.published = messages


def test_identitys_relay_keeps_no_reset_link_once_it_is_published(api, client, app):
    member = api.register()
    assert client.post("/api/v1/auth/password-resets", json={"email": member["email"]}).status_code == 202
    broker = Broker()
    OutboxRelay(app.extensions["psn.engine"], messaging, broker, secret_types=SECRET_TYPES).drain()
    assert any("#token=" in body for _, _, body, _ in broker.published)
    [scrubbed] = api.outbox("identity.password_reset.requested")
    assert scrubbed["data"] is None
    assert api.outbox("identity.staff.registered")[-1]["data"]["email"] == member["email"]


@pytest.fixture(params=["postgresql", "sqlite"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema yet, on each dialect."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'identity.sqlite3'}"
    databases: DatabaseFactory = request.getfixturevalue("databases")
    return databases.create(f"identity_0004_{request.node.name}")


@pytest.fixture
def engine_at(empty_database: str) -> Iterator[Callable[[str], Engine]]:
    """engine_at(revision): the database migrated to `revision`, and an engine on it."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", empty_database.replace("%", "%%"))
    engines: list[Engine] = []

    def at(revision: str) -> Engine:
        command.upgrade(config, revision)
        engines.append(make_engine(empty_database))
        return engines[-1]

    yield at
    for engine in engines:
        engine.dispose()


def test_migration_0004_dates_each_login_and_the_entrypoint_encrypts_the_keys_from_before(engine_at, empty_database):
    with engine_at("0003").begin() as conn:
        conn.execute(text("INSERT INTO staff (id, employee_number, name, email, status) "
                          "VALUES ('s', 'E1', 'Ann', 'ann@psn.test', 'active')"))
        for token_id, family, issued in (("t1", "f", AT), ("t2", "f", AT + timedelta(hours=1)),
                                         ("t3", "g", AT + timedelta(days=2))):
            conn.execute(text("INSERT INTO refresh_tokens (id, staff_id, family_id, token_hash, issued_at, expires_at) "
                              "VALUES (:id, 's', :family, :id, :issued, :issued)"),
                         {"id": token_id, "family": family, "issued": issued})
        conn.execute(text("INSERT INTO signing_keys (kid, private_pem, created_at) VALUES ('k', :pem, :at)"),
                     {"pem": plain_pem(), "at": AT})
    engine = engine_at("head")
    with engine.connect() as conn:
        started = dict(conn.execute(text("SELECT id, family_started_at FROM refresh_tokens")).all())
    assert {token_id: str(value)[:19] for token_id, value in started.items()} == {
        "t1": "2026-11-20 10:00:00", "t2": "2026-11-20 10:00:00", "t3": "2026-11-22 10:00:00",
    }
    # The new counters' table works on this dialect.
    assert DatabaseStorage(engine=engine).incr("k", expiry=60) == 1
    result = run_migrate(empty_database, NEW_KEY)
    assert result.returncode == 0, result.stderr
    [stored] = stored_keys(engine)
    assert Fernet(NEW_KEY).decrypt(stored.encode()).startswith(b"-----BEGIN PRIVATE KEY-----")
    assert signs(engine, (NEW_KEY,))
