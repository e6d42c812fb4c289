"""python -m notifications.entrypoints.dispatcher: send what handlers have queued, on every channel."""

from prometheus_client import start_http_server

from notifications.adapters.providers import providers_from
from notifications.config import NotificationsSettings
from notifications.service_layer import delivering
from notifications.service_layer.dispatcher import Dispatcher
from notifications.service_layer.uow import uow_factory
from psn_shared.db import make_engine
from psn_shared.logs import configure_logging
from psn_shared.process import run_until_signalled


def main() -> None:
    settings = NotificationsSettings.load()
    configure_logging(f"{settings.service}-dispatcher")
    delivering.configure_from(settings)
    if settings.dispatcher_metrics_port:
        # The undeliverable counter lives in this process: Prometheus scrapes it here.
        start_http_server(settings.dispatcher_metrics_port)
    engine = make_engine(settings.database_url)
    dispatcher = Dispatcher(
        engine,
        uow_factory(engine),
        providers_from(settings),
        retry_delays_s=settings.email_retry_delays_s,
        batch_size=settings.dispatch_batch,
        sweep_s=settings.dispatch_sweep_s,
    )
    run_until_signalled(dispatcher.run)


if __name__ == "__main__":
    main()
