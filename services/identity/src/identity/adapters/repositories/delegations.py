"""Where delegations are found and kept."""

from __future__ import annotations

import abc

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.domain.model import Delegation


class DelegationRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, delegation: Delegation) -> None: ...

    @abc.abstractmethod
    def get(self, delegation_id: str, *, lock: bool = False) -> Delegation | None:
        """`lock`: hold it until the transaction ends, so two requests cannot end it at once."""

    @abc.abstractmethod
    def of_manager(self, manager_id: str) -> list[Delegation]:
        """A manager's delegations, by their first day."""


class SqlDelegationRepository(DelegationRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, delegation: Delegation) -> None:
        self.session.add(delegation)

    def get(self, delegation_id: str, *, lock: bool = False) -> Delegation | None:
        return self.session.get(Delegation, delegation_id, with_for_update=lock)

    def of_manager(self, manager_id: str) -> list[Delegation]:
        query = select(Delegation).where(Delegation.manager_id == manager_id).order_by(Delegation.starts_on)
        return list(self.session.scalars(query))
