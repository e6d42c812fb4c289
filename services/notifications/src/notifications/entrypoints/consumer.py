"""python -m notifications.entrypoints.consumer: apply the events notifications subscribes to."""

from notifications.config import NotificationsSettings
from notifications.events.handlers import HANDLERS
from notifications.service_layer import delivering
from notifications.service_layer.uow import uow_factory
from psn_shared.db import make_worker_engine
from psn_shared.runtime import run_consumer


def main() -> None:
    settings = NotificationsSettings.load()
    delivering.configure_from(settings)
    run_consumer(settings, uow_factory(make_worker_engine(settings.database_url)), HANDLERS)


if __name__ == "__main__":
    main()
