from psn_shared.db import run_migrations
from training.adapters.orm import metadata

run_migrations(metadata)
