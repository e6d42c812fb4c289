"""python -m identity.entrypoints.consumer: apply the events identity subscribes to."""

from identity.config import IdentitySettings
from identity.events.handlers import HANDLERS
from identity.service_layer.uow import uow_factory
from psn_shared.db import make_engine
from psn_shared.runtime import run_consumer


def main() -> None:
    settings = IdentitySettings.load()
    run_consumer(settings, uow_factory(make_engine(settings.database_url)), HANDLERS)


if __name__ == "__main__":
    main()
