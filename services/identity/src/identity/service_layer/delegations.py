"""Delegations: a temporary manager standing in for a line manager over a period.

Each use case takes a command and a unit of work, and commits or changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from identity.domain.model import Delegation
from identity.domain.policy import check_may_delegate
from identity.events import published
from identity.service_layer.common import check_active_member, get_member
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import NotFound


@dataclass(frozen=True)
class Delegate:
    manager_id: str
    delegate_id: str
    starts_on: date
    ends_on: date
    reason: str
    actor: Principal = field(repr=False)


@dataclass(frozen=True)
class EndDelegation:
    manager_id: str
    delegation_id: str
    reason: str
    actor: Principal = field(repr=False)


def delegate(cmd: Delegate, uow: IdentityUnitOfWork) -> Delegation:
    """A line manager (or a directory administrator for them) names a temporary manager for a period."""
    check_may_delegate(cmd.actor.staff_id, cmd.actor.roles, cmd.manager_id)
    manager = get_member(cmd.manager_id, uow)
    check_active_member(cmd.delegate_id, "delegate_id", uow)
    delegation = Delegation(
        manager_id=manager.id, delegate_id=cmd.delegate_id, starts_on=cmd.starts_on, ends_on=cmd.ends_on,
        reason=cmd.reason, created_by=cmd.actor.staff_id,
    )
    uow.delegations.add(delegation)
    uow.publish(published.delegation_granted(delegation))
    uow.commit()
    return delegation


def end_delegation(cmd: EndDelegation, uow: IdentityUnitOfWork) -> Delegation:
    """End a delegation early, or cancel one not yet begun: whoever may delegate for the manager may end it."""
    check_may_delegate(cmd.actor.staff_id, cmd.actor.roles, cmd.manager_id)
    delegation = uow.delegations.get(cmd.delegation_id, lock=True)
    if delegation is None or delegation.manager_id != cmd.manager_id:
        raise NotFound("no such delegation for this manager")
    delegation.end(reason=cmd.reason, ended_by=cmd.actor.staff_id, at=datetime.now(UTC))
    uow.publish(published.delegation_ended(delegation))
    uow.commit()
    return delegation
