"""Notifications' unit of work: one transaction, with its repositories and its outbox.

Use cases are written against `NotificationsUnitOfWork`; `SqlNotificationsUnitOfWork` is
the real one, the service-layer tests' fake the other.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from notifications.adapters.orm import messaging, start_mappers
from notifications.adapters.reminders import ReminderRepository, SqlReminderRepository
from notifications.adapters.repository import (
    DeliveryRepository,
    DeviceRepository,
    InboxRepository,
    PreferencesRepository,
    SqlDeliveryRepository,
    SqlDeviceRepository,
    SqlInboxRepository,
    SqlPreferencesRepository,
    SqlStaffRepository,
    StaffRepository,
)
from psn_shared.db import UnitOfWork, unit_of_work_factory
from psn_shared.unit_of_work import AbstractUnitOfWork

# A commit that queued an email NOTIFYs this channel, and the dispatcher LISTENs on it, so an email
# goes at once rather than at the next sweep.
DELIVERIES_CHANNEL = "psn_deliveries"


class NotificationsUnitOfWork(AbstractUnitOfWork):
    staff: StaffRepository
    inbox: InboxRepository
    deliveries: DeliveryRepository
    devices: DeviceRepository
    preferences: PreferencesRepository
    reminders: ReminderRepository


class SqlNotificationsUnitOfWork(UnitOfWork, NotificationsUnitOfWork):
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        super().__init__(session_factory, messaging, source="notifications")

    def __enter__(self) -> SqlNotificationsUnitOfWork:
        super().__enter__()
        self.staff = SqlStaffRepository(self.session)
        self.inbox = SqlInboxRepository(self.session)
        self.deliveries = SqlDeliveryRepository(self.session)
        self.devices = SqlDeviceRepository(self.session)
        self.preferences = SqlPreferencesRepository(self.session)
        self.reminders = SqlReminderRepository(self.session)
        return self

    def commit(self) -> None:
        # Inbox entries and deliveries are written together, a statement each, as the batch ends.
        self.inbox.inserts.write()
        self.deliveries.inserts.write()
        super().commit()


def uow_factory(engine: Engine) -> Callable[[], SqlNotificationsUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, SqlNotificationsUnitOfWork)
