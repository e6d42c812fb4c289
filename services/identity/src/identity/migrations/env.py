from psn_shared.db import run_migrations
from identity.adapters.orm import metadata

run_migrations(metadata)
