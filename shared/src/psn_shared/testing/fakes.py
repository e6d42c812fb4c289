"""In-memory stand-ins for the unit of work and repositories: service-layer tests without a database.

Each service's tests subclass these together with its own abstract unit of work and
repositories, so a fake can only do what the real one promises.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from psn_shared.events import Envelope, NewEvent
from psn_shared.unit_of_work import AbstractUnitOfWork

T = TypeVar("T")


class FakeUnitOfWork(AbstractUnitOfWork):
    """Records what was published and whether it committed; repositories are the subclass's.

    The repositories' objects are not rolled back (as in the cosmicpython fakes): a test
    that needs rollback semantics belongs with the real database.
    """

    def __init__(self, source: str = "test") -> None:
        self.source = source
        self.published: list[Envelope] = []
        self.notified: set[str] = set()
        self.commits = 0
        self.held: list[object] = []  # what a use case held before an edit checked against If-Match
        self._pending: list[Envelope] = []
        self._pending_notify: set[str] = set()

    def publish(self, event: NewEvent) -> Envelope:
        envelope = Envelope.of(event, source=self.source)
        self._pending.append(envelope)
        return envelope

    def notify_on_commit(self, channel: str) -> None:
        self._pending_notify.add(channel)

    def hold(self, entity: object) -> None:
        self.held.append(entity)

    def commit(self) -> None:
        self.published += self._pending
        self.notified |= self._pending_notify
        self.commits += 1
        self._pending, self._pending_notify = [], set()

    def rollback(self) -> None:
        self._pending, self._pending_notify = [], set()

    def published_types(self) -> list[str]:
        return [envelope.type for envelope in self.published]

    def pending_types(self) -> list[str]:
        """What the unit of work holds uncommitted (an event handler never commits: the consumer does)."""
        return [envelope.type for envelope in self._pending]


class InMemoryRepository(Generic[T]):
    """Objects kept in a dict by one of their attributes: `get`, `add` and iteration."""

    key = "id"

    def __init__(self, *items: T) -> None:
        self.items: dict[str, T] = {}
        for item in items:
            self.add(item)

    def add(self, item: T) -> None:
        self.items[getattr(item, self.key)] = item

    def get(self, key: str) -> T | None:
        return self.items.get(key)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self.items.values()))

    def __len__(self) -> int:
        return len(self.items)
