from notifications.adapters.orm import metadata
from psn_shared.db import run_migrations

run_migrations(metadata)
