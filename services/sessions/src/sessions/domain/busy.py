"""Busy time: when a person already has something booked in sessions, whatever it is.

Every kind of booking (conversations, group reflective sessions, wellbeing reviews) answers
the same question through one query (`adapters/busy.py`), so no one is double booked across them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psn_shared.errors import Conflict
from sessions.domain.conversations import Slot, shown


@dataclass(frozen=True)
class Busy:
    staff_id: str
    starts_at: datetime
    ends_at: datetime
    kind: str  # "conversation", "group_session" or "wellbeing_review"
    ref: str  # the booking's id


def refuse_if_busy(slot: Slot, busy: list[Busy], caller_id: str, field: str = "slots") -> None:
    """The caller hears what clashes for them; of the other person, only that they are busy then."""
    for booking in busy:
        if slot.overlaps(booking.starts_at, booking.ends_at):
            if booking.staff_id == caller_id:
                raise Conflict(f"{shown(slot.starts_at)} clashes with your {booking.kind.replace('_', ' ')} at "
                               f"{shown(booking.starts_at)}", field=field)
            raise Conflict(f"{shown(slot.starts_at)}: the other person already has something booked then",
                           field=field)
