"""python -m identity.entrypoints.relay: publish identity's outbox to the broker."""

from identity.adapters.orm import messaging
from identity.config import IdentitySettings
from psn_shared.runtime import run_relay


def main() -> None:
    run_relay(IdentitySettings.load(), messaging)


if __name__ == "__main__":
    main()
