"""What identity's use cases and queries share: the day, finding a person, who manages whom."""

from __future__ import annotations

from datetime import UTC, date, datetime

from identity.domain import policy
from identity.domain.model import Staff
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.errors import InvalidInput, NotFound


def today() -> date:
    return datetime.now(UTC).date()


def get_member(staff_id: str, uow: IdentityUnitOfWork) -> Staff:
    member = uow.staff.get(staff_id)
    if member is None:
        raise NotFound("no such member of staff")
    return member


def check_active_member(staff_id: str | None, field_name: str, uow: IdentityUnitOfWork) -> None:
    """A manager or a delegate named in a request must be someone on record who has not left."""
    if staff_id:
        member = uow.staff.get(staff_id)
        if member is None or not member.active:
            raise InvalidInput("no such active member of staff", field=field_name)


def manages(actor_id: str, member: Staff, uow: IdentityUnitOfWork) -> bool:
    """Is `actor_id` this person's line or senior manager, or standing in for their line manager today?"""
    return policy.manages(actor_id, member, uow.staff.delegators(actor_id, today()))
