"""In-memory repositories for conversations, busy time, availability, feedback and calendar feeds.

Each answers as its SQL counterpart does, same order too (`fakes.py` puts them in the unit of work).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from psn_shared.testing.fakes import InMemoryRepository
from sessions.adapters.busy import HOLDING, BusyTimeRepository
from sessions.adapters.conversation_repository import (
    OPEN,
    AvailabilityRepository,
    CalendarFeedRepository,
    ConversationRepository,
    FeedbackRepository,
)
from sessions.domain.availability import AvailabilityWindow, Leave
from sessions.domain.busy import Busy
from sessions.domain.calendar import CalendarFeed
from sessions.domain.conversations import Conversation, ConversationStatus, week_of_london
from sessions.domain.feedback import FeedbackInvitation, FeedbackResponse


class FakeConversationRepository(InMemoryRepository[Conversation], ConversationRepository):
    def for_request(self, request_id: str) -> list[Conversation]:
        return sorted((c for c in self if c.request_id == request_id), key=lambda c: (c.created_at, c.id))

    def open_for_request(self, request_id: str) -> list[Conversation]:
        return [c for c in self.for_request(request_id) if c.status in OPEN]

    def in_calendar_of(self, staff_id: str, since: datetime) -> list[Conversation]:
        found = [c for c in self if staff_id in c.parties and c.starts_at is not None
                 and c.ends_at is not None and c.ends_at > since]
        return sorted(found, key=lambda c: (c.starts_at, c.id))

    def booked_in_week_of(self, supporter_id: str, at: datetime, *, excluding: str | None = None) -> int:
        """Also the weekly-conversations cap's count, as the candidate query's `week_conversations` counts it."""
        starts, ends = week_of_london(at)
        return sum(1 for c in self if c.supporter_id == supporter_id and c.status != ConversationStatus.CANCELLED
                   and c.id != excluding and c.starts_at is not None and starts <= c.starts_at < ends)


class FakeBusyTimeRepository(BusyTimeRepository):
    def __init__(self, conversations: FakeConversationRepository) -> None:
        self.conversations = conversations

    def busy(self, staff_ids: Iterable[str], starts_at: datetime, ends_at: datetime,
             *, excluding: str | None = None) -> list[Busy]:
        people = set(staff_ids)
        found = [
            Busy(person, c.starts_at, c.ends_at, "conversation", c.id)
            for c in self.conversations
            if c.status in HOLDING and c.id != excluding and c.starts_at is not None and c.ends_at is not None
            and c.starts_at < ends_at and c.ends_at > starts_at
            for person in c.parties if person in people
        ]
        return sorted(found, key=lambda b: (b.starts_at, b.staff_id, b.ref))


class FakeAvailabilityRepository(AvailabilityRepository):
    def __init__(self) -> None:
        self.held_windows: dict[str, list[AvailabilityWindow]] = {}
        self.held_leave = InMemoryRepository[Leave]()

    def windows(self, supporter_id: str) -> list[AvailabilityWindow]:
        return sorted(self.held_windows.get(supporter_id, []), key=lambda w: (w.weekday, w.starts))

    def replace_windows(self, supporter_id: str, windows: list[AvailabilityWindow]) -> None:
        self.held_windows[supporter_id] = list(windows)

    def leave(self, supporter_id: str, *, ending_on_or_after: date) -> list[Leave]:
        found = [x for x in self.held_leave if x.supporter_id == supporter_id and x.last_day >= ending_on_or_after]
        return sorted(found, key=lambda x: (x.first_day, x.id))

    def add_leave(self, leave: Leave) -> None:
        self.held_leave.add(leave)

    def get_leave(self, leave_id: str) -> Leave | None:
        return self.held_leave.get(leave_id)

    def remove_leave(self, leave: Leave) -> None:
        del self.held_leave.items[leave.id]


class FakeFeedbackRepository(FeedbackRepository):
    def __init__(self) -> None:
        self.invitations = InMemoryRepository[FeedbackInvitation]()
        self.responses = InMemoryRepository[FeedbackResponse]()

    def invite(self, invitation: FeedbackInvitation) -> None:
        self.invitations.add(invitation)

    def invitation(self, token_hash: str) -> FeedbackInvitation | None:
        return next((i for i in self.invitations if i.token_hash == token_hash), None)

    def forget(self, invitation: FeedbackInvitation) -> None:
        del self.invitations.items[invitation.id]

    def respond(self, response: FeedbackResponse) -> None:
        self.responses.add(response)

    def responses_for(self, supporter_id: str) -> list[FeedbackResponse]:
        return [r for r in self.responses if r.supporter_id == supporter_id]

    def unreleased_for(self, supporter_id: str) -> list[FeedbackResponse]:
        return [r for r in self.responses_for(supporter_id) if not r.released]

    def network_counts(self) -> tuple[int, int, dict[int, int], dict[str, int], int]:
        answers = list(self.responses)
        return (len(answers), sum(r.rating for r in answers), dict(Counter(r.rating for r in answers)),
                dict(Counter(str(r.helped) for r in answers)), len({r.supporter_id for r in answers}))


class FakeCalendarFeedRepository(InMemoryRepository[CalendarFeed], CalendarFeedRepository):
    key = "staff_id"

    def by_secret_hash(self, secret_hash: str) -> CalendarFeed | None:
        return next((f for f in self if f.secret_hash == secret_hash), None)

    def remove(self, feed: CalendarFeed) -> None:
        del self.items[feed.staff_id]
