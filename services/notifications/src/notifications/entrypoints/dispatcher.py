"""python -m notifications.entrypoints.dispatcher: send the emails that handlers have queued."""

from notifications.adapters.email import SmtpSender
from notifications.config import NotificationsSettings
from notifications.service_layer.dispatcher import Dispatcher
from notifications.service_layer.uow import uow_factory
from psn_shared.db import make_engine
from psn_shared.logs import configure_logging
from psn_shared.process import run_until_signalled


def main() -> None:
    settings = NotificationsSettings.load()
    configure_logging(f"{settings.service}-dispatcher")
    engine = make_engine(settings.database_url)
    dispatcher = Dispatcher(
        engine,
        uow_factory(engine),
        SmtpSender(settings.smtp_url, settings.mail_from),
        retry_delays_s=settings.email_retry_delays_s,
        batch_size=settings.dispatch_batch,
        sweep_s=settings.dispatch_sweep_s,
    )
    run_until_signalled(dispatcher.run)


if __name__ == "__main__":
    main()
