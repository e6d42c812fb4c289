"""python -m notifications.entrypoints.relay: publish notifications' outbox to the broker.

Notifications publishes no events yet; the relay runs all the same, so every service is
operated alike and the first event it does publish needs no new process.
"""

from notifications.adapters.orm import messaging
from notifications.adapters.retention import RULES
from notifications.config import NotificationsSettings
from psn_shared.runtime import run_relay


def main() -> None:
    run_relay(NotificationsSettings.load(), messaging, retention_rules=RULES)


if __name__ == "__main__":
    main()
