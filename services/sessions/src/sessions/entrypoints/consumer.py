"""python -m sessions.entrypoints.consumer: apply the events sessions subscribes to."""

from psn_shared.db import make_engine
from psn_shared.runtime import run_consumer
from sessions.config import SessionsSettings
from sessions.events.handlers import HANDLERS
from sessions.service_layer.uow import uow_factory


def main() -> None:
    settings = SessionsSettings.load()
    run_consumer(settings, uow_factory(make_engine(settings.database_url), settings.caps), HANDLERS)


if __name__ == "__main__":
    main()
