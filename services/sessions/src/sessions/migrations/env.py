from psn_shared.db import run_migrations
from sessions.adapters.orm import metadata

run_migrations(metadata)
