"""python -m training.entrypoints.consumer: keep the staff copy from identity's events."""

from psn_shared.db import make_worker_engine
from psn_shared.runtime import run_consumer
from training.config import TrainingSettings
from training.events.handlers import HANDLERS
from training.service_layer.uow import uow_factory


def main() -> None:
    settings = TrainingSettings.load()
    run_consumer(settings, uow_factory(make_worker_engine(settings.database_url)), HANDLERS)


if __name__ == "__main__":
    main()
