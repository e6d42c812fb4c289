"""Notifications' unit of work: one transaction, with its repositories and its outbox.

Use cases are written against `NotificationsUnitOfWork`; `SqlNotificationsUnitOfWork` is
the real one, the service-layer tests' fake the other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

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
from psn_shared.events import Envelope
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
    staff: SqlStaffRepository
    inbox: SqlInboxRepository
    deliveries: SqlDeliveryRepository
    devices: SqlDeviceRepository
    preferences: SqlPreferencesRepository

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

    def claim(self, events: list[Envelope]) -> set[str]:
        """The consumer claims a batch's events before it handles them: the moment to read ahead, in
        three or four queries for the whole batch, the people its notices name, their managers, their
        preferences and devices, which each handler would otherwise read for each notice."""
        fresh = super().claim(events)
        self.read_ahead({staff_id for event in events if event.id in fresh for staff_id in ids_in(event.data)})
        return fresh

    def read_ahead(self, staff_ids: set[str]) -> None:
        people = self.staff.read_ahead(staff_ids)
        managers = {m for p in people for m in (p.line_manager_id, p.senior_manager_id) if m} - staff_ids
        people += self.staff.read_ahead(managers)
        known = [person.staff_id for person in people]
        self.preferences.read_ahead(known)
        self.devices.read_ahead(known)

    def commit(self) -> None:
        # Inbox entries and deliveries are written together, a statement each, as the batch ends.
        self.inbox.inserts.write()
        self.deliveries.inserts.write()
        self.deliveries.attempts.write()
        super().commit()


def uow_factory(engine: Engine) -> Callable[[], SqlNotificationsUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, SqlNotificationsUnitOfWork)


def ids_in(payload: object) -> Iterator[str]:
    """Every value of a field named `..._id` or `..._ids` in an event's payload, at any depth: the
    people among them are whom the event can tell (other ids cost nothing but a miss)."""
    if isinstance(payload, list | tuple):
        for item in payload:
            yield from ids_in(item)
        return
    if not dataclasses.is_dataclass(payload):
        return
    for field in dataclasses.fields(payload):
        value = getattr(payload, field.name)
        if field.name.endswith("_id") and isinstance(value, str):
            yield value
        elif field.name.endswith("_ids") and isinstance(value, list | tuple):
            yield from (item for item in value if isinstance(item, str))
        elif isinstance(value, list | tuple) or dataclasses.is_dataclass(value):
            yield from ids_in(value)
