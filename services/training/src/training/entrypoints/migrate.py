"""python -m training.entrypoints.migrate: bring the schema to the newest revision.

Run once before the web workers start (as compose and the local runner do).
"""

from pathlib import Path

from psn_shared.runtime import migrate
from training.config import TrainingSettings

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def main() -> None:
    migrate(TrainingSettings.load(), MIGRATIONS)


if __name__ == "__main__":
    main()
