"""A peer supporter's monthly hours, changed after the Level 2 grant: lowered at once, raised by both managers.

The hours were released by both of the supporter's managers when they approved the nomination
(decision 4). Lowering them protects the supporter's own time, so it never waits: the supporter,
either manager (or a stand-in for the line manager) or a coordinator lowers them at once. Raising
them asks more of the supporter's job, so it needs both managers again: one proposes, the other
agrees or declines. A post that is vacant, or held by the proposer too, is agreed for (or declined) by a
coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from identity.domain.model import RoleGrant, new_id
from psn_shared.errors import Conflict, Forbidden, InvalidInput
from psn_shared.roles import Role

# As training bounds the hours each manager releases on a Level 2 nomination.
MIN_MONTHLY_HOURS, MAX_MONTHLY_HOURS = 1, 40

MANAGER_POSTS = (Role.LINE_MANAGER, Role.SENIOR_MANAGER)


class HoursChangeState(StrEnum):
    PENDING = "pending"  # a raise waiting for the other manager
    IN_FORCE = "in_force"
    WITHDRAWN = "withdrawn"  # by its proposer
    DECLINED = "declined"  # by the one who would have agreed
    REPLACED = "replaced"  # by a newer change before it was agreed


class ActingAs(StrEnum):
    SUPPORTER = "supporter"
    LINE_MANAGER = "line_manager"
    SENIOR_MANAGER = "senior_manager"
    COORDINATOR = "coordinator"


@dataclass(frozen=True)
class HoursActor:
    """Who is changing a supporter's hours, as the directory stands today.

    `posts`: the manager posts the actor holds for this supporter (the line manager's includes a
    stand-in in force); `holders`: who holds each post, None where it is vacant (nobody named, or
    the one named has left).
    """

    staff_id: str
    is_supporter: bool
    posts: frozenset[Role]
    is_coordinator: bool
    holders: dict[Role, str | None]

    @property
    def may_lower(self) -> bool:
        return self.is_supporter or bool(self.posts) or self.is_coordinator

    def acting_as(self) -> ActingAs:
        """The capacity recorded for a change: a manager post before coordinator, the supporter last."""
        for post in MANAGER_POSTS:
            if post in self.posts:
                return ActingAs(post)
        return ActingAs.COORDINATOR if self.is_coordinator else ActingAs.SUPPORTER


@dataclass(eq=False)
class HoursChange:
    """One change of a supporter's monthly hours: who made it, who agreed (a raise), when, and why."""

    grant_id: str
    staff_id: str
    monthly_hours: int
    previous_hours: int | None
    proposed_by: str
    proposed_as: ActingAs
    proposed_at: datetime
    state: HoursChangeState
    reason: str | None = None
    agreed_by: str | None = None
    agreed_as: ActingAs | None = None
    agreed_at: datetime | None = None
    closed_at: datetime | None = None  # withdrawn, replaced or declined
    closed_by: str | None = None
    closed_as: ActingAs | None = None  # declined: in which capacity
    closed_reason: str | None = None  # declined: why, in the decliner's words
    id: str = field(default_factory=new_id)

    @property
    def is_raise(self) -> bool:
        return self.previous_hours is not None and self.monthly_hours > self.previous_hours

    @property
    def effective_at(self) -> datetime | None:
        """When the hours took effect: at once for a lowering, on agreement for a raise."""
        if self.state != HoursChangeState.IN_FORCE:
            return None
        return self.agreed_at or self.proposed_at

    @property
    def awaited_post(self) -> Role | None:
        """The manager post whose agreement a pending raise waits for: the one its proposer does not hold."""
        if self.state != HoursChangeState.PENDING:
            return None
        return Role.SENIOR_MANAGER if self.proposed_as == ActingAs.LINE_MANAGER else Role.LINE_MANAGER


def check_hours(monthly_hours: int) -> None:
    if not MIN_MONTHLY_HOURS <= monthly_hours <= MAX_MONTHLY_HOURS:
        raise InvalidInput(f"monthly hours must be between {MIN_MONTHLY_HOURS} and {MAX_MONTHLY_HOURS}",
                           field="monthly_hours")


def pending_raise(grant: RoleGrant) -> HoursChange | None:
    return next((c for c in grant.hours_changes if c.state == HoursChangeState.PENDING), None)


def change_hours(
    grant: RoleGrant, monthly_hours: int, *, actor: HoursActor, reason: str | None, at: datetime
) -> HoursChange:
    """Lower the hours at once, or propose a raise for the other manager to agree.

    Either replaces a raise still pending: the newer word on the supporter's time is the one that counts.
    """
    check_hours(monthly_hours)
    _check_in_force(grant)
    if monthly_hours == grant.monthly_hours:
        raise Conflict(f"the monthly hours are already {monthly_hours}", field="monthly_hours")
    lowering = grant.monthly_hours is not None and monthly_hours < grant.monthly_hours
    if lowering and not actor.may_lower:
        raise Forbidden("the supporter, their managers or a coordinator may lower their hours", field="monthly_hours")
    if not lowering:
        _check_may_propose_raise(actor)
    change = HoursChange(
        grant_id=grant.id, staff_id=grant.staff_id, monthly_hours=monthly_hours,
        previous_hours=grant.monthly_hours, proposed_by=actor.staff_id, proposed_as=actor.acting_as(),
        proposed_at=at, reason=reason, state=HoursChangeState.IN_FORCE if lowering else HoursChangeState.PENDING,
    )
    earlier = pending_raise(grant)
    if earlier is not None:
        earlier.state, earlier.closed_at, earlier.closed_by = HoursChangeState.REPLACED, at, actor.staff_id
    grant.hours_changes.append(change)
    if lowering:
        grant.monthly_hours = monthly_hours
    return change


def agree_raise(grant: RoleGrant, change_id: str, *, actor: HoursActor, at: datetime) -> HoursChange:
    """The other manager agrees to a pending raise, which takes effect now."""
    change = _pending(grant, change_id)
    if actor.staff_id == change.proposed_by:
        raise Forbidden("a raise is agreed by the other manager, not by the one who proposed it")
    change.state, change.agreed_by, change.agreed_as, change.agreed_at = (
        HoursChangeState.IN_FORCE, actor.staff_id, _deciding_as(change, actor), at)
    grant.monthly_hours = change.monthly_hours
    return change


def decline_raise(grant: RoleGrant, change_id: str, *, actor: HoursActor, reason: str | None,
                  at: datetime) -> HoursChange:
    """Whoever may agree to a pending raise may decline it instead; the hours stay as they are.

    Its proposer does not decline their own: they withdraw it.
    """
    change = _pending(grant, change_id)
    if actor.staff_id == change.proposed_by:
        raise Forbidden("a raise is declined by the other manager; the one who proposed it withdraws it")
    change.state, change.closed_at, change.closed_by, change.closed_as, change.closed_reason = (
        HoursChangeState.DECLINED, at, actor.staff_id, _deciding_as(change, actor), reason)
    return change


def withdraw_raise(grant: RoleGrant, change_id: str, *, actor: HoursActor, at: datetime) -> HoursChange:
    """Its proposer takes a pending raise back; the hours stay as they are."""
    change = _pending(grant, change_id)
    if actor.staff_id != change.proposed_by:
        raise Forbidden("only the manager who proposed a raise may withdraw it")
    change.state, change.closed_at, change.closed_by = HoursChangeState.WITHDRAWN, at, actor.staff_id
    return change


def _deciding_as(change: HoursChange, actor: HoursActor) -> ActingAs:
    """The capacity in which `actor` agrees to or declines a pending raise: the awaited post, or a coordinator
    for it when it is unavailable; anyone else is refused."""
    post = change.awaited_post
    if post is not None and post in actor.posts:
        return ActingAs(post)
    if actor.is_coordinator and _post_unavailable(post, change, actor):
        return ActingAs.COORDINATOR
    raise Forbidden(f"this raise waits for the supporter's {str(post).replace('_', ' ')}")


def _check_in_force(grant: RoleGrant) -> None:
    if not grant.active:
        raise Conflict("only a peer supporter in post has monthly hours to change", field="monthly_hours")


def _pending(grant: RoleGrant, change_id: str) -> HoursChange:
    _check_in_force(grant)
    change = pending_raise(grant)
    if change is None or change.id != change_id:
        raise Conflict("that raise is no longer waiting: it was agreed, declined, withdrawn or replaced",
                       field="change_id")
    return change


def _check_may_propose_raise(actor: HoursActor) -> None:
    if not actor.posts:
        raise Forbidden("a raise is proposed by one of the supporter's managers and agreed by the other",
                        field="monthly_hours")


def _post_unavailable(post: Role | None, change: HoursChange, actor: HoursActor) -> bool:
    """A coordinator agrees for a post that is vacant now, or that the proposer holds as well as their own."""
    if post is None:
        return False
    holder = actor.holders.get(post)
    return holder is None or holder == change.proposed_by
