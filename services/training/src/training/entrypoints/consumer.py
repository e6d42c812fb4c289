"""python -m training.entrypoints.consumer: keep the staff copy from identity's events."""

from psn_shared.db import make_engine
from psn_shared.runtime import run_consumer
from training.config import TrainingSettings
from training.events.handlers import HANDLERS
from training.service_layer.uow import uow_factory

# Training's consumer keeps copies of identity's news and is on nobody's path: the headline's
# `identity.role.granted` reaches it as it reaches sessions, whose activation is the headline's last hop.
# Lingering this long for a batch moves its work (and its database backend's) off the cores while that
# hop runs, as notifications' linger does (decision 61); a copy 25 ms older changes nothing anyone sees.
LINGER_S = 0.025


def main() -> None:
    settings = TrainingSettings.load()
    run_consumer(settings, uow_factory(make_engine(settings.database_url)), HANDLERS, linger_s=LINGER_S)


if __name__ == "__main__":
    main()
