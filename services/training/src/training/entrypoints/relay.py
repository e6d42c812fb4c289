"""python -m training.entrypoints.relay: publish training's outbox to the broker."""

from psn_shared.runtime import run_relay
from training.adapters.orm import messaging
from training.config import TrainingSettings


def main() -> None:
    run_relay(TrainingSettings.load(), messaging)


if __name__ == "__main__":
    main()
