"""Identity's settings refuse a key-encryption key that is not one, and keep the order given."""

import pytest
from cryptography.fernet import Fernet

from identity.config import IdentitySettings
from psn_shared.config import ConfigError


def test_a_malformed_key_encryption_key_stops_the_process(monkeypatch):
    monkeypatch.setenv("IDENTITY_KEY_ENCRYPTION_KEYS", f"{Fernet.generate_key().decode()},not-a-key")
    with pytest.raises(ConfigError, match="IDENTITY_KEY_ENCRYPTION_KEYS"):
        IdentitySettings.load()


def test_key_encryption_keys_are_read_in_order_the_first_encrypting(monkeypatch):
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("IDENTITY_KEY_ENCRYPTION_KEYS", f" {first}, {second} ")
    assert IdentitySettings.load().key_encryption_keys == (first, second)
