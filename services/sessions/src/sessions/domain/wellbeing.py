"""Annual wellbeing reviews and the personal wellbeing plans they produce.

Each member of staff has a review each year with their line manager or another person they
choose. It is arranged, reminded the day before, and held; the staff member then keeps a
wellbeing plan (what keeps them well, early signs, what helps, agreed adjustments, when to look
at it again). The plan is theirs: visible to them and to whom they share it with, until they take
it back. Their manager sees that a review took place, never the plan unless it is shared with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from sessions.domain.conversations import london, shown
from sessions.domain.model import new_id
from sessions.domain.reflective import Place

PLAN_TEXT_LENGTH = 4000
MAX_SHARES = 20
REVIEW_INTERVAL = timedelta(days=365)  # "in the last 12 months"


class ReviewStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


@dataclass(eq=False)
class WellbeingReview:
    staff_id: str
    reviewer_id: str
    starts_at: datetime
    ends_at: datetime
    scheduled_by: str
    created_at: datetime
    updated_at: datetime
    link: str | None = None
    room: str | None = None
    status: ReviewStatus = ReviewStatus.SCHEDULED
    sequence: int = 0
    held_at: datetime | None = None
    cancelled_by: str | None = None
    reminded: bool = False
    id: str = field(default_factory=new_id)

    @classmethod
    def schedule(cls, *, staff_id: str, reviewer_id: str, times: tuple[datetime, datetime], place: Place,
                 by: str, at: datetime) -> WellbeingReview:
        if reviewer_id == staff_id:
            raise InvalidInput("the review is with your line manager or another person you choose, not yourself",
                               field="reviewer_id")
        return cls(staff_id=staff_id, reviewer_id=reviewer_id, starts_at=times[0], ends_at=times[1],
                   link=place.link, room=place.room, scheduled_by=by, created_at=at, updated_at=at)

    @property
    def parties(self) -> tuple[str, str]:
        return self.staff_id, self.reviewer_id

    def move(self, times: tuple[datetime, datetime], place: Place | None, at: datetime) -> datetime:
        """A new time (and place); returns the start it had."""
        self._upcoming(at, "moved")
        previous = self.starts_at
        self.starts_at, self.ends_at = times
        if place is not None:
            self.link, self.room = place.link, place.room
        self.sequence += 1
        self.reminded = False
        self.updated_at = at
        return previous

    def cancel(self, by: str, at: datetime) -> None:
        self._upcoming(at, "cancelled")
        self.status, self.cancelled_by, self.updated_at = ReviewStatus.CANCELLED, by, at
        self.sequence += 1

    def hold(self, at: datetime) -> None:
        """Recorded by either of the two, once it has started."""
        if self.status != ReviewStatus.SCHEDULED:
            raise Conflict(f"this review is {self.status}", field="status")
        if at < self.starts_at:
            raise Conflict(f"it starts at {shown(self.starts_at)}: record it as held after that", field="status")
        self.status, self.held_at, self.updated_at = ReviewStatus.HELD, at, at

    def _upcoming(self, at: datetime, change: str) -> None:
        if self.status != ReviewStatus.SCHEDULED:
            raise Conflict(f"only an arranged review can be {change}; this one is {self.status}", field="status")
        if self.starts_at <= at:
            raise Conflict(f"it started at {shown(self.starts_at)} and can no longer be {change}", field="status")


def checked_text(value: str | None, name: str) -> str:
    value = (value or "").strip()
    if len(value) > PLAN_TEXT_LENGTH:
        raise InvalidInput(f"at most {PLAN_TEXT_LENGTH} characters", field=name)
    return value


@dataclass(eq=False)
class WellbeingPlan:
    """One plan per person, kept up to date by them; `review_id` is the review it last came from."""

    owner_id: str
    keeps_me_well: str
    early_signs: str
    what_helps: str
    adjustments: str
    review_on: date
    created_at: datetime
    updated_at: datetime
    review_id: str | None = None
    shared_with: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    @classmethod
    def written(cls, owner_id: str, at: datetime, **content: object) -> WellbeingPlan:
        plan = cls(owner_id=owner_id, keeps_me_well="", early_signs="", what_helps="", adjustments="",
                   review_on=at.date(), created_at=at, updated_at=at)
        plan.rewrite(at=at, **content)  # type: ignore[arg-type]
        return plan

    def rewrite(self, *, keeps_me_well: str, early_signs: str, what_helps: str, adjustments: str, review_on: date,
                review_id: str | None, at: datetime) -> None:
        texts = {name: checked_text(value, name) for name, value in (
            ("keeps_me_well", keeps_me_well), ("early_signs", early_signs), ("what_helps", what_helps),
            ("adjustments", adjustments))}
        if not any(texts.values()):
            raise InvalidInput("write at least one part of the plan", field="keeps_me_well")
        today = london(at).date()  # the UK's calendar: near midnight UTC's date is a day behind in summer
        if review_on <= today:
            raise InvalidInput("the date to look at the plan again is in the future", field="review_on")
        if review_on > today + timedelta(days=2 * 366):
            raise InvalidInput("look at the plan again within two years", field="review_on")
        self.keeps_me_well, self.early_signs = texts["keeps_me_well"], texts["early_signs"]
        self.what_helps, self.adjustments = texts["what_helps"], texts["adjustments"]
        self.review_on, self.updated_at = review_on, at
        if review_id is not None:
            self.review_id = review_id

    def share_with(self, staff_id: str) -> bool:
        """False when it was already shared with them."""
        if staff_id == self.owner_id:
            raise InvalidInput("the plan is yours already", field="staff_id")
        if staff_id in self.shared_with:
            return False
        if len(self.shared_with) >= MAX_SHARES:
            raise Conflict(f"a plan can be shared with at most {MAX_SHARES} people", field="staff_id")
        self.shared_with = sorted({*self.shared_with, staff_id})
        return True

    def revoke(self, staff_id: str) -> None:
        if staff_id not in self.shared_with:
            raise Conflict("the plan is not shared with them", field="staff_id")
        self.shared_with = [s for s in self.shared_with if s != staff_id]

    def readable_by(self, staff_id: str) -> bool:
        return staff_id == self.owner_id or staff_id in self.shared_with

    def refuse_unless_owner(self, staff_id: str) -> None:
        if staff_id != self.owner_id:
            raise Forbidden("only its owner changes or shares a wellbeing plan")
