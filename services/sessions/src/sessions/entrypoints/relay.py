"""python -m sessions.entrypoints.relay: publish sessions' outbox to the broker."""

from psn_shared.runtime import run_relay
from sessions.adapters.orm import messaging
from sessions.adapters.retention import RULES
from sessions.config import SessionsSettings


def main() -> None:
    run_relay(SessionsSettings.load(), messaging, retention_rules=RULES)


if __name__ == "__main__":
    main()
