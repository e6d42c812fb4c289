"""The unit of work every use case takes: one transaction, and the events it publishes.

Plain Python, so use cases and their tests need no database: `psn_shared.db.UnitOfWork` is the
real one (SQLAlchemy, outbox), `psn_shared.testing.fakes.FakeUnitOfWork` the one tests use.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import Self

from psn_shared.events import Envelope, NewEvent


class AbstractUnitOfWork(abc.ABC):
    """Rolls back unless `commit()` is called; events published through it commit with the state."""

    source: str

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.rollback()

    @abc.abstractmethod
    def publish(self, event: NewEvent) -> Envelope:
        """Publish `event` if, and only if, this unit of work commits."""

    def publish_many(self, events: Iterable[NewEvent]) -> None:
        for event in events:
            self.publish(event)

    @abc.abstractmethod
    def hold(self, entity: object) -> None:
        """Keep others from changing `entity` until this unit of work ends (a row lock where there is one).

        An edit that checks what the client last read (If-Match) holds the entity first, so two
        edits of the same version cannot both pass the check.
        """

    @abc.abstractmethod
    def notify_on_commit(self, channel: str) -> None:
        """Wake whoever waits on `channel` once this unit of work commits."""

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...
