"""Repositories for conversations, availability, anonymous feedback and calendar feeds (abstract and SQL)."""

from __future__ import annotations

import abc
from datetime import date, datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from sessions.domain.availability import AvailabilityWindow, Leave
from sessions.domain.calendar import CalendarFeed
from sessions.domain.conversations import Conversation, ConversationStatus, week_of_london
from sessions.domain.feedback import FeedbackInvitation, FeedbackResponse

OPEN = (ConversationStatus.PROPOSED, ConversationStatus.BOOKED)


class ConversationRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, conversation: Conversation) -> None: ...

    @abc.abstractmethod
    def get(self, conversation_id: str) -> Conversation | None: ...

    @abc.abstractmethod
    def for_request(self, request_id: str) -> list[Conversation]:
        """Oldest first."""

    @abc.abstractmethod
    def open_for_request(self, request_id: str) -> list[Conversation]:
        """Proposed or booked (a booked one may already have started)."""

    @abc.abstractmethod
    def in_calendar_of(self, staff_id: str, since: datetime) -> list[Conversation]:
        """Conversations the person is party to that were ever booked (cancelled ones too), ending after `since`."""

    @abc.abstractmethod
    def booked_in_week_of(self, supporter_id: str, at: datetime, *, excluding: str | None = None) -> int:
        """The supporter's conversations (not cancelled) starting in the Europe/London week of `at`."""


class AvailabilityRepository(abc.ABC):
    @abc.abstractmethod
    def windows(self, supporter_id: str) -> list[AvailabilityWindow]:
        """By weekday, then start."""

    @abc.abstractmethod
    def replace_windows(self, supporter_id: str, windows: list[AvailabilityWindow]) -> None: ...

    @abc.abstractmethod
    def leave(self, supporter_id: str, *, ending_on_or_after: date) -> list[Leave]:
        """By first day."""

    @abc.abstractmethod
    def add_leave(self, leave: Leave) -> None: ...

    @abc.abstractmethod
    def get_leave(self, leave_id: str) -> Leave | None: ...

    @abc.abstractmethod
    def remove_leave(self, leave: Leave) -> None: ...


class FeedbackRepository(abc.ABC):
    @abc.abstractmethod
    def invite(self, invitation: FeedbackInvitation) -> None: ...

    @abc.abstractmethod
    def invitation(self, token_hash: str) -> FeedbackInvitation | None: ...

    @abc.abstractmethod
    def forget(self, invitation: FeedbackInvitation) -> None:
        """Delete the invitation: its token is single use, and nothing must tie a response to it."""

    @abc.abstractmethod
    def respond(self, response: FeedbackResponse) -> None: ...

    @abc.abstractmethod
    def responses_for(self, supporter_id: str) -> list[FeedbackResponse]: ...

    @abc.abstractmethod
    def unreleased_for(self, supporter_id: str) -> list[FeedbackResponse]:
        """The supporter's answers not yet shown to them, locked: two answering at once release one batch."""

    @abc.abstractmethod
    def network_counts(self) -> tuple[int, int, dict[int, int], dict[str, int], int]:
        """Responses, their ratings' sum, counts by rating, counts by "did it help", supporters rated."""


class CalendarFeedRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, feed: CalendarFeed) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str) -> CalendarFeed | None: ...

    @abc.abstractmethod
    def by_secret_hash(self, secret_hash: str) -> CalendarFeed | None: ...

    @abc.abstractmethod
    def remove(self, feed: CalendarFeed) -> None: ...


class SqlConversationRepository(ConversationRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, conversation: Conversation) -> None:
        self.session.add(conversation)

    def get(self, conversation_id: str) -> Conversation | None:
        return self.session.get(Conversation, conversation_id)

    def for_request(self, request_id: str) -> list[Conversation]:
        query = select(Conversation).where(Conversation.request_id == request_id)
        return list(self.session.scalars(query.order_by(Conversation.created_at, Conversation.id)))

    def open_for_request(self, request_id: str) -> list[Conversation]:
        query = select(Conversation).where(Conversation.request_id == request_id, Conversation.status.in_(OPEN))
        return list(self.session.scalars(query.order_by(Conversation.created_at, Conversation.id)))

    def in_calendar_of(self, staff_id: str, since: datetime) -> list[Conversation]:
        query = select(Conversation).where(
            or_(Conversation.requester_id == staff_id, Conversation.supporter_id == staff_id),
            Conversation.starts_at.is_not(None),
            Conversation.ends_at > since,
        )
        return list(self.session.scalars(query.order_by(Conversation.starts_at, Conversation.id)))

    def booked_in_week_of(self, supporter_id: str, at: datetime, *, excluding: str | None = None) -> int:
        starts, ends = week_of_london(at)
        query = select(func.count()).where(
            Conversation.supporter_id == supporter_id,
            Conversation.status != ConversationStatus.CANCELLED,
            Conversation.starts_at >= starts,
            Conversation.starts_at < ends,
        )
        if excluding is not None:
            query = query.where(Conversation.id != excluding)
        return self.session.scalar(query) or 0


class SqlAvailabilityRepository(AvailabilityRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def windows(self, supporter_id: str) -> list[AvailabilityWindow]:
        query = select(AvailabilityWindow).where(AvailabilityWindow.supporter_id == supporter_id)
        return list(self.session.scalars(query.order_by(AvailabilityWindow.weekday, AvailabilityWindow.starts)))

    def replace_windows(self, supporter_id: str, windows: list[AvailabilityWindow]) -> None:
        for window in self.windows(supporter_id):
            self.session.delete(window)
        self.session.flush()
        self.session.add_all(windows)

    def leave(self, supporter_id: str, *, ending_on_or_after: date) -> list[Leave]:
        query = select(Leave).where(Leave.supporter_id == supporter_id, Leave.last_day >= ending_on_or_after)
        return list(self.session.scalars(query.order_by(Leave.first_day, Leave.id)))

    def add_leave(self, leave: Leave) -> None:
        self.session.add(leave)

    def get_leave(self, leave_id: str) -> Leave | None:
        return self.session.get(Leave, leave_id)

    def remove_leave(self, leave: Leave) -> None:
        self.session.delete(leave)


class SqlFeedbackRepository(FeedbackRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def invite(self, invitation: FeedbackInvitation) -> None:
        self.session.add(invitation)

    def invitation(self, token_hash: str) -> FeedbackInvitation | None:
        query = select(FeedbackInvitation).where(FeedbackInvitation.token_hash == token_hash)
        return self.session.scalars(query).first()

    def forget(self, invitation: FeedbackInvitation) -> None:
        self.session.execute(delete(FeedbackInvitation).where(FeedbackInvitation.id == invitation.id))

    def respond(self, response: FeedbackResponse) -> None:
        self.session.add(response)

    def responses_for(self, supporter_id: str) -> list[FeedbackResponse]:
        query = select(FeedbackResponse).where(FeedbackResponse.supporter_id == supporter_id)
        return list(self.session.scalars(query))

    def unreleased_for(self, supporter_id: str) -> list[FeedbackResponse]:
        query = select(FeedbackResponse).where(FeedbackResponse.supporter_id == supporter_id,
                                               FeedbackResponse.released.is_(False)).with_for_update()
        return list(self.session.scalars(query))

    def network_counts(self) -> tuple[int, int, dict[int, int], dict[str, int], int]:
        total, rating_sum, supporters = self.session.execute(select(
            func.count(), func.coalesce(func.sum(FeedbackResponse.rating), 0),
            func.count(func.distinct(FeedbackResponse.supporter_id)),
        )).one()
        by_rating = dict(self.session.execute(
            select(FeedbackResponse.rating, func.count()).group_by(FeedbackResponse.rating)).all())
        by_helped = {str(helped): count for helped, count in self.session.execute(
            select(FeedbackResponse.helped, func.count()).group_by(FeedbackResponse.helped))}
        return total, rating_sum, by_rating, by_helped, supporters


class SqlCalendarFeedRepository(CalendarFeedRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, feed: CalendarFeed) -> None:
        self.session.add(feed)

    def get(self, staff_id: str) -> CalendarFeed | None:
        return self.session.get(CalendarFeed, staff_id)

    def by_secret_hash(self, secret_hash: str) -> CalendarFeed | None:
        return self.session.scalars(select(CalendarFeed).where(CalendarFeed.secret_hash == secret_hash)).first()

    def remove(self, feed: CalendarFeed) -> None:
        self.session.delete(feed)
