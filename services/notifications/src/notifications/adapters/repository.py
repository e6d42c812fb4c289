"""Repositories: how notifications finds and stores staff, inbox entries and deliveries.

Each is declared abstractly first (what the use cases may ask of it), then implemented on
SQLAlchemy; the service-layer tests implement the same abstractions in memory.
"""

from __future__ import annotations

import abc
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Table, Text, cast, func, select, true, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from notifications.adapters.orm import deliveries, delivery_attempts, inbox_entries, staff
from notifications.domain.model import Attempt, Delivery, DeliveryStatus, Device, DeviceKind, InboxEntry, StaffCopy
from notifications.domain.preferences import Preferences
from psn_shared.db import paginate
from psn_shared.staff_copy import StaffStatus


class StaffRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, copy: StaffCopy) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str) -> StaffCopy | None: ...

    @abc.abstractmethod
    def many(self, staff_ids: Collection[str]) -> list[StaffCopy]:
        """The copies of these people that there are, in one read."""

    @abc.abstractmethod
    def holding_role(self, role: str) -> list[StaffCopy]:
        """Active people holding `role`, by name."""


class InboxRepository(abc.ABC):
    @abc.abstractmethod
    def add_once(self, entry: InboxEntry) -> bool:
        """Add the entry unless this event already put one in this person's inbox; whether it may have
        been added (the SQL repository writes at commit, skipping one already there)."""

    @abc.abstractmethod
    def get(self, entry_id: str) -> InboxEntry | None: ...

    @abc.abstractmethod
    def page(self, recipient_id: str, *, limit: int, offset: int,
             since: datetime | None = None) -> tuple[list[InboxEntry], int, int]:
        """A page of one person's entries, newest first (only those created after `since`, if given),
        with their total and the whole inbox's unread count."""

    @abc.abstractmethod
    def mark_all_read(self, recipient_id: str, at: datetime) -> int:
        """Mark every unread entry of the person read at `at`; how many were unread."""

    @abc.abstractmethod
    def read_for(self, event_id: str, recipient_id: str) -> bool:
        """Whether the person has read the entry this event put in their inbox."""


class DeliveryRepository(abc.ABC):
    @abc.abstractmethod
    def add_once(self, delivery: Delivery) -> bool:
        """Add the delivery unless this event already has one for this person, channel and address;
        whether it may have been (the SQL repository writes at commit, skipping one already there)."""

    @abc.abstractmethod
    def claim_due(self, now: datetime, limit: int) -> list[Delivery]:
        """Pending deliveries due by `now`, earliest first, held by this unit of work alone until it ends."""

    @abc.abstractmethod
    def page(
        self, *, recipient_id: str | None, status: DeliveryStatus | None, limit: int, offset: int
    ) -> tuple[list[Delivery], int]:
        """Deliveries newest first, optionally for one recipient or in one status, with how many match."""

    @abc.abstractmethod
    def claim_unconfirmed(self, now: datetime, limit: int) -> list[Delivery]:
        """Fallback steps whose confirmation deadline has passed, held by this unit of work alone."""

    @abc.abstractmethod
    def in_chain(self, chain_id: str) -> list[Delivery]:
        """Every attempt of one must-deliver message, by step."""

    @abc.abstractmethod
    def held_for(self, recipient_id: str) -> list[Delivery]:
        """The person's pending deliveries that quiet hours or the digest hold back."""

    @abc.abstractmethod
    def pending_regarding(self, regarding: str, recipient_id: str | None = None) -> list[Delivery]:
        """The reminders of one thing (for one person, if named) not sent yet, held by this unit of work."""

    @abc.abstractmethod
    def log_attempt(self, attempt: Attempt) -> None:
        """Keep one attempt at sending a delivery, and how it went."""

    @abc.abstractmethod
    def attempts_of(self, delivery_ids: list[str]) -> dict[str, list[Attempt]]:
        """Every attempt at each of these deliveries, in order (one query for a page of the log)."""


class DeviceRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, device: Device) -> None: ...

    @abc.abstractmethod
    def get(self, device_id: str) -> Device | None: ...

    @abc.abstractmethod
    def find(self, kind: DeviceKind, address: str) -> Device | None: ...

    @abc.abstractmethod
    def of_person(self, staff_id: str) -> list[Device]:
        """The person's devices, oldest first."""

    @abc.abstractmethod
    def remove(self, device: Device) -> None: ...


class PreferencesRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, preferences: Preferences) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str) -> Preferences | None:
        """The person's own choices; None when they never made any (the defaults apply)."""

    @abc.abstractmethod
    def of_people(self, staff_ids: list[str]) -> dict[str, Preferences]:
        """The choices of those among `staff_ids` who made any, by staff id (one query for a batch)."""


class _Inserts:
    """Rows waiting to be INSERTed .. ON CONFLICT DO NOTHING on the table's unique key, all in one
    statement: at commit, or before anything in this transaction reads the table. The consumer
    tells every notice of a batch of events in one transaction, so a batch's inbox entries (and its
    deliveries) cost one round trip to the database, not one each; a row already there is skipped."""

    def __init__(self, session: Session, table: Table) -> None:
        self.session = session
        self.table = table
        self.rows: list[dict[str, object]] = []

    def add(self, item: object) -> None:
        self.rows.append({column.key: getattr(item, column.key) for column in self.table.columns})

    def write(self) -> None:
        if not self.rows:
            return
        dialect = self.session.get_bind().dialect.name
        dialect_insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        rows, self.rows = self.rows, []
        self.session.execute(dialect_insert(self.table).on_conflict_do_nothing(), rows)


class SqlStaffRepository(StaffRepository):
    def __init__(self, session: Session) -> None:
        self.session = session
        # Copies read ahead, held here because the session keeps only weak references to unchanged
        # objects; and the ids found to have none. Asked for again, neither costs a query.
        self._read: list[StaffCopy] = []
        self._absent: set[str] = set()

    def add(self, copy: StaffCopy) -> None:
        self._absent.discard(copy.staff_id)
        self.session.add(copy)

    def get(self, staff_id: str) -> StaffCopy | None:
        if staff_id in self._absent:
            return None
        return self.session.get(StaffCopy, staff_id)

    def read_ahead(self, staff_ids: Collection[str]) -> list[StaffCopy]:
        """Load these copies in one query (later `get`s find them in the session); those not found
        are remembered as absent."""
        wanted = set(staff_ids) - self._absent
        if not wanted:
            return []
        found = list(self.session.scalars(select(StaffCopy).where(staff.c.staff_id.in_(wanted))))
        self._read += found
        self._absent |= wanted - {copy.staff_id for copy in found}
        return found

    def many(self, staff_ids: Collection[str]) -> list[StaffCopy]:
        return self.read_ahead(staff_ids)

    def holding_role(self, role: str) -> list[StaffCopy]:
        # Roles are a JSON list. SQLite has no JSON containment, and PostgreSQL's (@>) needs jsonb
        # while the shared column is json; a LIKE on the list's text for the quoted name works the
        # same on both. It narrows the rows in SQL; the check in Python makes the answer exact.
        # No index serves it: it runs once per waiting request, over a directory of thousands.
        query = (
            select(StaffCopy)
            .where(cast(staff.c.roles, Text).contains(f'"{role}"', autoescape=True),
                   staff.c.status == StaffStatus.ACTIVE)
            .order_by(staff.c.name, staff.c.staff_id)
        )
        return [copy for copy in self.session.scalars(query) if role in copy.roles]


class SqlInboxRepository(InboxRepository):
    def __init__(self, session: Session) -> None:
        self.session = session
        self.inserts = _Inserts(session, inbox_entries)

    def add_once(self, entry: InboxEntry) -> bool:
        self.inserts.add(entry)
        return True

    def get(self, entry_id: str) -> InboxEntry | None:
        self.inserts.write()
        return self.session.get(InboxEntry, entry_id)

    def page(self, recipient_id: str, *, limit: int, offset: int,
             since: datetime | None = None) -> tuple[list[InboxEntry], int, int]:
        self.inserts.write()
        # One statement, one round trip: the counts' row, joined to the page's rows (none past the end).
        table = inbox_entries
        mine = table.c.recipient_id == recipient_id
        listed = mine if since is None else mine & (table.c.created_at > since)
        counts = select(func.count().filter(listed).label("total"),
                        func.count().filter(table.c.read_at.is_(None)).label("unread")).where(mine).subquery()
        page = (select(table).where(listed).order_by(table.c.created_at.desc(), table.c.id)
                .limit(limit).offset(offset).subquery())
        entry = aliased(InboxEntry, page)
        rows = self.session.execute(
            select(counts.c.total, counts.c.unread, entry).select_from(counts).outerjoin(page, true())
            .order_by(page.c.created_at.desc(), page.c.id)
        ).all()
        return [row[2] for row in rows if row[2] is not None], rows[0].total, rows[0].unread

    def mark_all_read(self, recipient_id: str, at: datetime) -> int:
        self.inserts.write()
        result = self.session.execute(
            update(inbox_entries)
            .where(inbox_entries.c.recipient_id == recipient_id, inbox_entries.c.read_at.is_(None))
            .values(read_at=at)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount

    def read_for(self, event_id: str, recipient_id: str) -> bool:
        self.inserts.write()
        query = select(InboxEntry.read_at).where(
            InboxEntry.event_id == event_id, InboxEntry.recipient_id == recipient_id)
        return self.session.execute(query).scalar() is not None


class SqlDeliveryRepository(DeliveryRepository):
    def __init__(self, session: Session) -> None:
        self.session = session
        self.inserts = _Inserts(session, deliveries)
        # A dispatcher's batch logs its attempts in one statement, at commit.
        self.attempts = _Inserts(session, delivery_attempts)

    def add_once(self, delivery: Delivery) -> bool:
        self.inserts.add(delivery)
        return True

    def claim_due(self, now: datetime, limit: int) -> list[Delivery]:
        self.inserts.write()
        # Locked rows another dispatcher holds are skipped, not waited for.
        query = (
            select(Delivery)
            .where(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now)
            .order_by(Delivery.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def page(
        self, *, recipient_id: str | None, status: DeliveryStatus | None, limit: int, offset: int
    ) -> tuple[list[Delivery], int]:
        self.inserts.write()
        query = select(Delivery)
        if recipient_id:
            query = query.where(Delivery.recipient_id == recipient_id)
        if status:
            query = query.where(Delivery.status == status)
        order = (Delivery.created_at.desc(), Delivery.id)
        return paginate(self.session, query, *order, limit=limit, offset=offset)

    def claim_unconfirmed(self, now: datetime, limit: int) -> list[Delivery]:
        self.inserts.write()
        query = (
            select(Delivery)
            .where(Delivery.confirm_by.is_not(None), Delivery.confirm_by <= now)
            .order_by(Delivery.confirm_by)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def in_chain(self, chain_id: str) -> list[Delivery]:
        self.inserts.write()
        query = select(Delivery).where(Delivery.chain_id == chain_id).order_by(Delivery.step, Delivery.created_at)
        return list(self.session.scalars(query))

    def held_for(self, recipient_id: str) -> list[Delivery]:
        self.inserts.write()
        query = select(Delivery).where(
            Delivery.recipient_id == recipient_id, Delivery.status == DeliveryStatus.PENDING,
            Delivery.held_until.is_not(None),
        )
        return list(self.session.scalars(query))

    def pending_regarding(self, regarding: str, recipient_id: str | None = None) -> list[Delivery]:
        self.inserts.write()
        query = select(Delivery).where(Delivery.regarding == regarding, Delivery.status == DeliveryStatus.PENDING)
        if recipient_id:
            query = query.where(Delivery.recipient_id == recipient_id)
        return list(self.session.scalars(query.with_for_update()))

    def log_attempt(self, attempt: Attempt) -> None:
        self.attempts.add(attempt)

    def attempts_of(self, delivery_ids: list[str]) -> dict[str, list[Attempt]]:
        self.attempts.write()
        found: dict[str, list[Attempt]] = {delivery_id: [] for delivery_id in delivery_ids}
        if found:
            query = select(Attempt).where(Attempt.delivery_id.in_(found)).order_by(Attempt.delivery_id, Attempt.number)
            for attempt in self.session.scalars(query):
                found[attempt.delivery_id].append(attempt)
        return found


class SqlDeviceRepository(DeviceRepository):
    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_person: dict[str, list[Device]] = {}

    def add(self, device: Device) -> None:
        self._by_person.clear()  # a device may have changed hands: read again
        self.session.add(device)

    def get(self, device_id: str) -> Device | None:
        return self.session.get(Device, device_id)

    def find(self, kind: DeviceKind, address: str) -> Device | None:
        return self.session.scalars(select(Device).where(Device.kind == kind, Device.address == address)).first()

    def of_person(self, staff_id: str) -> list[Device]:
        if staff_id in self._by_person:
            return list(self._by_person[staff_id])
        query = select(Device).where(Device.staff_id == staff_id).order_by(Device.created_at, Device.id)
        return list(self.session.scalars(query))

    def read_ahead(self, staff_ids: Collection[str]) -> None:
        """Load these people's devices in one query; `of_person` then answers for them without one."""
        by_person: dict[str, list[Device]] = {staff_id: [] for staff_id in staff_ids}
        if not by_person:
            return
        query = select(Device).where(Device.staff_id.in_(by_person)).order_by(Device.created_at, Device.id)
        for device in self.session.scalars(query):
            by_person[device.staff_id].append(device)
        self._by_person.update(by_person)

    def remove(self, device: Device) -> None:
        self._by_person.clear()
        self.session.delete(device)


class SqlPreferencesRepository(PreferencesRepository):
    def __init__(self, session: Session) -> None:
        self.session = session
        # Read ahead, with None for those who chose nothing (the session remembers only what it found).
        self._known: dict[str, Preferences | None] = {}

    def add(self, preferences: Preferences) -> None:
        self._known[preferences.staff_id] = preferences
        self.session.add(preferences)

    def get(self, staff_id: str) -> Preferences | None:
        if staff_id in self._known:
            return self._known[staff_id]
        return self.session.get(Preferences, staff_id)

    def read_ahead(self, staff_ids: Collection[str]) -> None:
        """Load these people's choices in one query; `get` then answers for them without one."""
        wanted = [staff_id for staff_id in staff_ids if staff_id not in self._known]
        if wanted:
            self._known.update(dict.fromkeys(wanted))
            self._known.update(self.of_people(wanted))

    def of_people(self, staff_ids: list[str]) -> dict[str, Preferences]:
        if not staff_ids:
            return {}
        found = self.session.scalars(select(Preferences).where(Preferences.staff_id.in_(staff_ids)))
        return {p.staff_id: p for p in found}
