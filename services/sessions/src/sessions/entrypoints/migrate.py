"""python -m sessions.entrypoints.migrate: bring sessions' schema to the newest revision.

Run once before the web workers and the consumer start (as compose and the local runner do).
"""

from pathlib import Path

from psn_shared.runtime import migrate
from sessions.config import SessionsSettings

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def main() -> None:
    migrate(SessionsSettings.load(), MIGRATIONS)


if __name__ == "__main__":
    main()
