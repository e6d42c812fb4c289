"""python -m identity.entrypoints.relay: publish identity's outbox to the broker."""

from identity.adapters.orm import messaging
from identity.adapters.retention import RULES
from identity.config import IdentitySettings
from psn_shared.runtime import run_relay

# The links in these events are live credentials (a reset for 30 minutes, a first password for days):
# once the broker has one, the outbox row keeps no copy (notifications, which sends it, scrubs its own
# after sending).
SECRET_TYPES = frozenset({"identity.password_reset.requested", "identity.staff.welcomed"})


def main() -> None:
    run_relay(IdentitySettings.load(), messaging, secret_types=SECRET_TYPES, retention_rules=RULES)


if __name__ == "__main__":
    main()
