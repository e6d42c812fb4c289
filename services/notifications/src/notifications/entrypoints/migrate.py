"""python -m notifications.entrypoints.migrate: bring the schema to the newest revision.

Run once before the web workers, consumer and dispatcher start (as compose and the local runner do).
"""

from pathlib import Path

from notifications.config import NotificationsSettings
from psn_shared.runtime import migrate

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def main() -> None:
    migrate(NotificationsSettings.load(), MIGRATIONS)


if __name__ == "__main__":
    main()
