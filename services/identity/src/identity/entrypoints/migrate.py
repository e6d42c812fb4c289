"""python -m identity.entrypoints.migrate: schema, signing keys encrypted under the first
key-encryption key (the first key made if none), first administrator.

Run once before the web workers start (as compose and the local runner do).
"""

from pathlib import Path

from identity.adapters.keys import ensure_signing_key, key_cipher, rewrap_signing_keys
from identity.config import IdentitySettings
from identity.service_layer.roles import ensure_administrator
from identity.service_layer.uow import uow_factory
from psn_shared.db import make_engine
from psn_shared.runtime import migrate

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def main() -> None:
    settings = IdentitySettings.load()
    migrate(settings, MIGRATIONS)
    engine = make_engine(settings.database_url)
    cipher = key_cipher(settings.key_encryption_keys)
    rewrap_signing_keys(engine, cipher)
    ensure_signing_key(engine, cipher)
    if settings.admin_email and settings.admin_password:
        with uow_factory(engine)() as uow:
            ensure_administrator(settings.admin_email, settings.admin_password, uow)


if __name__ == "__main__":
    main()
