"""python -m notifications.entrypoints.consumer: apply the events notifications subscribes to."""

from notifications.config import NotificationsSettings
from notifications.events.handlers import HANDLERS
from notifications.service_layer import delivering
from notifications.service_layer.uow import uow_factory
from psn_shared.db import make_engine
from psn_shared.runtime import run_consumer

# A batch costs about 5 ms of CPU whatever its size (the claim, four reads ahead, three writes, the
# commit), a notice about 0.5 more: a consumer that keeps up with a steady stream took its events one or
# two at a time and paid that for each. Waiting this long after the first for more lets them share it;
# a notice is seen that much later, which nobody reading an inbox or an email can tell.
LINGER_S = 0.025


def main() -> None:
    settings = NotificationsSettings.load()
    delivering.configure_from(settings)
    run_consumer(settings, uow_factory(make_engine(settings.database_url)), HANDLERS, linger_s=LINGER_S)


if __name__ == "__main__":
    main()
