"""Where identity keeps what it hears of peer supporters' availability."""

from __future__ import annotations

import abc
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.domain.model import SupporterAvailability


class SupporterAvailabilityRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, availability: SupporterAvailability) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str) -> SupporterAvailability | None: ...

    @abc.abstractmethod
    def of(self, staff_ids: Collection[str]) -> dict[str, SupporterAvailability]:
        """What is known of each of these people, by id (those with no news are absent)."""


class SqlSupporterAvailabilityRepository(SupporterAvailabilityRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, availability: SupporterAvailability) -> None:
        self.session.add(availability)

    def get(self, staff_id: str) -> SupporterAvailability | None:
        return self.session.get(SupporterAvailability, staff_id, with_for_update=True)

    def of(self, staff_ids: Collection[str]) -> dict[str, SupporterAvailability]:
        if not staff_ids:
            return {}
        query = select(SupporterAvailability).where(SupporterAvailability.staff_id.in_(list(staff_ids)))
        return {a.staff_id: a for a in self.session.scalars(query)}
