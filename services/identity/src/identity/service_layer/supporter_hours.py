"""A peer supporter's monthly hours after the grant: lowered at once, raised by both managers (decision 83).

Each use case takes a command and a unit of work, and commits or changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from identity.domain.model import RoleGrant, Staff
from identity.domain.supporter_hours import (
    HoursActor,
    HoursChange,
    agree_raise,
    change_hours,
    decline_raise,
    pending_raise,
    withdraw_raise,
)
from identity.events import published
from identity.service_layer.common import get_member, today
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden
from psn_shared.roles import COORDINATORS, Role


@dataclass(frozen=True)
class ChangeHours:
    staff_id: str
    monthly_hours: int
    reason: str | None
    actor: Principal = field(repr=False)


@dataclass(frozen=True)
class DecideRaise:
    """Agree to, or withdraw, the pending raise `change_id`."""

    staff_id: str
    change_id: str
    actor: Principal = field(repr=False)


@dataclass(frozen=True)
class DeclineRaise:
    """Decline the pending raise `change_id`, with an optional reason for its proposer."""

    staff_id: str
    change_id: str
    reason: str | None
    actor: Principal = field(repr=False)


def change(cmd: ChangeHours, uow: IdentityUnitOfWork) -> dict[str, Any]:
    """Lower a supporter's hours at once, or propose a raise that waits for the other manager."""
    member, grant, actor = _held(cmd.staff_id, cmd.actor, uow)
    made = change_hours(grant, cmd.monthly_hours, actor=actor, reason=cmd.reason, at=datetime.now(UTC))
    if made.awaited_post is None:
        uow.publish(published.supporter_hours_changed(made))
    else:
        awaiting = actor.holders[made.awaited_post]
        # Nobody else in the post: the coordinators agree for it, and the event names no manager.
        uow.publish(published.supporter_hours_raise_proposed(made, awaiting if awaiting != actor.staff_id else None))
    uow.commit()
    return hours_view(member, grant, uow)


def agree(cmd: DecideRaise, uow: IdentityUnitOfWork) -> dict[str, Any]:
    """The other manager (or a coordinator for a vacant post) agrees: the raise takes effect now."""
    member, grant, actor = _held(cmd.staff_id, cmd.actor, uow)
    agreed = agree_raise(grant, cmd.change_id, actor=actor, at=datetime.now(UTC))
    uow.publish(published.supporter_hours_changed(agreed))
    uow.commit()
    return hours_view(member, grant, uow)


def decline(cmd: DeclineRaise, uow: IdentityUnitOfWork) -> dict[str, Any]:
    """The other manager (or a coordinator for a vacant post) declines: the hours stay, the proposer is told."""
    member, grant, actor = _held(cmd.staff_id, cmd.actor, uow)
    declined = decline_raise(grant, cmd.change_id, actor=actor, reason=cmd.reason, at=datetime.now(UTC))
    uow.publish(published.supporter_hours_raise_declined(declined, grant.monthly_hours))
    uow.commit()
    return hours_view(member, grant, uow)


def withdraw(cmd: DecideRaise, uow: IdentityUnitOfWork) -> dict[str, Any]:
    """The proposer takes their raise back before it is agreed."""
    member, grant, actor = _held(cmd.staff_id, cmd.actor, uow)
    withdraw_raise(grant, cmd.change_id, actor=actor, at=datetime.now(UTC))
    uow.commit()
    return hours_view(member, grant, uow)


def read(staff_id: str, principal: Principal, uow: IdentityUnitOfWork) -> dict[str, Any]:
    """The hours in force, a raise waiting for agreement, and every change: for the supporter, their
    managers (and a stand-in) and the coordinators."""
    member = get_member(staff_id, uow)
    actor = hours_actor(member, principal, uow)
    if not actor.may_lower:
        raise Forbidden("a supporter's hours are seen by them, their managers and the coordinators")
    grant = member.active_grant(Role.PEER_SUPPORTER)
    if grant is None:
        raise Conflict(f"{member.name} is not a peer supporter in post")
    return hours_view(member, grant, uow)


def hours_actor(member: Staff, principal: Principal, uow: IdentityUnitOfWork) -> HoursActor:
    """Who `principal` is to this supporter as the directory stands today."""
    stands_in_for = uow.staff.delegators(principal.staff_id, today())
    posts: set[Role] = set()
    if member.line_manager_id and (principal.staff_id == member.line_manager_id
                                   or member.line_manager_id in stands_in_for):
        posts.add(Role.LINE_MANAGER)
    if principal.staff_id == member.senior_manager_id:
        posts.add(Role.SENIOR_MANAGER)
    return HoursActor(
        staff_id=principal.staff_id, is_supporter=principal.staff_id == member.id,
        posts=frozenset(posts),
        is_coordinator=not principal.roles.isdisjoint(COORDINATORS),
        holders={Role.LINE_MANAGER: _in_post(member.line_manager_id, uow),
                 Role.SENIOR_MANAGER: _in_post(member.senior_manager_id, uow)},
    )


def hours_view(member: Staff, grant: RoleGrant, uow: IdentityUnitOfWork) -> dict[str, Any]:
    """What the API and the web page show: the hours, the pending raise (with whom it waits for), the history."""
    pending = pending_raise(grant)
    return {
        "staff_id": member.id,
        "monthly_hours": grant.monthly_hours,
        "pending_raise": _change_view(pending) if pending else None,
        "changes": [_change_view(c) for c in reversed(grant.hours_changes)],
        "line_manager_id": _in_post(member.line_manager_id, uow),
        "senior_manager_id": _in_post(member.senior_manager_id, uow),
    }


def _change_view(change: HoursChange) -> dict[str, Any]:
    return {
        "id": change.id, "monthly_hours": change.monthly_hours, "previous_hours": change.previous_hours,
        "state": change.state, "reason": change.reason, "proposed_by": change.proposed_by,
        "proposed_as": change.proposed_as, "proposed_at": change.proposed_at, "agreed_by": change.agreed_by,
        "agreed_as": change.agreed_as, "agreed_at": change.agreed_at, "closed_at": change.closed_at,
        "closed_by": change.closed_by, "closed_as": change.closed_as, "closed_reason": change.closed_reason,
        "awaited_post": change.awaited_post,
    }


def _held(staff_id: str, principal: Principal, uow: IdentityUnitOfWork) -> tuple[Staff, RoleGrant, HoursActor]:
    member = get_member(staff_id, uow)
    grant = member.active_grant(Role.PEER_SUPPORTER)
    if grant is None:
        raise Conflict(f"{member.name} is not a peer supporter in post", field="monthly_hours")
    uow.staff.lock_grant(grant)
    return member, grant, hours_actor(member, principal, uow)


def _in_post(manager_id: str | None, uow: IdentityUnitOfWork) -> str | None:
    """The manager named for a post, or None when the post is vacant (nobody named, or they have left)."""
    if manager_id is None:
        return None
    manager = uow.staff.get(manager_id)
    return manager.id if manager is not None and manager.active else None
