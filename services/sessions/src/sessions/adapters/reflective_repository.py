"""Repositories for reflective practice: group sessions (with their bookings), series, wellbeing
reviews and plans, teams, and who belongs to which audience (abstract and SQL)."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from sessions.domain.model import SupporterProfile
from sessions.domain.reflective import Booking, GroupSession, SessionStatus, Standing
from sessions.domain.series import Series
from sessions.domain.staff import StaffCopy
from sessions.domain.teams import Team
from sessions.domain.wellbeing import ReviewStatus, WellbeingPlan, WellbeingReview


@dataclass(frozen=True)
class CoverageRow:
    """One team's staff (active) and how many of them had a review held since the report's date."""

    team_id: str | None
    team: str | None
    service: str | None
    staff: int
    reviewed: int


class GroupSessionRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, session: GroupSession) -> None: ...

    @abc.abstractmethod
    def get(self, session_id: str) -> GroupSession | None: ...

    @abc.abstractmethod
    def upcoming(self, since: datetime, *, series_id: str | None, limit: int, offset: int
                 ) -> tuple[list[GroupSession], int]:
        """Sessions ending after `since`, cancelled ones too, soonest first."""

    @abc.abstractmethod
    def occurrences_made(self, series_id: str, since: datetime) -> set[datetime]:
        """The `occurs_at` of the series' occurrences made from `since` on (moved or cancelled ones too)."""

    @abc.abstractmethod
    def booked_by(self, staff_id: str, since: datetime) -> list[GroupSession]:
        """Sessions ending after `since` the person has (or had) a booking on, or facilitates; soonest first."""

    @abc.abstractmethod
    def starting_between(self, after: datetime, before: datetime) -> list[GroupSession]:
        """Scheduled sessions starting in (after, before]: the reminders' round."""


class SeriesRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, series: Series) -> None: ...

    @abc.abstractmethod
    def get(self, series_id: str) -> Series | None: ...

    @abc.abstractmethod
    def running(self) -> list[Series]:
        """Series not ended, oldest first."""

    @abc.abstractmethod
    def all(self) -> list[Series]: ...


class AudienceRepository(abc.ABC):
    @abc.abstractmethod
    def standing(self, staff_id: str) -> Standing | None:
        """None when the person's record has not reached sessions."""

    @abc.abstractmethod
    def reports_of(self, manager_id: str) -> list[str]:
        """Who the person line-manages (active)."""

    @abc.abstractmethod
    def supervision_overdue(self, due_before: datetime) -> list[tuple[SupporterProfile, StaffCopy | None]]:
        """Active supporters whose last supervision (else their grant) was before `due_before`, longest first."""


class WellbeingRepository(abc.ABC):
    @abc.abstractmethod
    def add_review(self, review: WellbeingReview) -> None: ...

    @abc.abstractmethod
    def review(self, review_id: str) -> WellbeingReview | None: ...

    @abc.abstractmethod
    def reviews_involving(self, staff_ids: list[str], reviewer_id: str) -> list[WellbeingReview]:
        """Reviews of any of `staff_ids`, or with `reviewer_id` as reviewer; newest first."""

    @abc.abstractmethod
    def reviews_in_calendar_of(self, staff_id: str, since: datetime) -> list[WellbeingReview]: ...

    @abc.abstractmethod
    def reviews_starting_between(self, after: datetime, before: datetime) -> list[WellbeingReview]:
        """Arranged reviews starting in (after, before]."""

    @abc.abstractmethod
    def add_plan(self, plan: WellbeingPlan) -> None: ...

    @abc.abstractmethod
    def plan_of(self, owner_id: str) -> WellbeingPlan | None: ...

    @abc.abstractmethod
    def plans_shared_with(self, staff_id: str) -> list[WellbeingPlan]: ...

    @abc.abstractmethod
    def coverage(self, since: datetime) -> list[CoverageRow]:
        """Per team (and no team), active staff and those with a review held since `since`."""

    @abc.abstractmethod
    def team(self, team_id: str) -> Team | None: ...

    @abc.abstractmethod
    def add_team(self, team: Team) -> None: ...


class SqlGroupSessionRepository(GroupSessionRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, session: GroupSession) -> None:
        self.session.add(session)

    def get(self, session_id: str) -> GroupSession | None:
        return self.session.get(GroupSession, session_id)

    def upcoming(self, since: datetime, *, series_id: str | None, limit: int, offset: int
                 ) -> tuple[list[GroupSession], int]:
        query = select(GroupSession).where(GroupSession.ends_at > since)
        if series_id is not None:
            query = query.where(GroupSession.series_id == series_id)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        page = query.order_by(GroupSession.starts_at, GroupSession.id).limit(limit).offset(offset)
        return list(self.session.scalars(page)), total

    def occurrences_made(self, series_id: str, since: datetime) -> set[datetime]:
        query = select(GroupSession.occurs_at).where(GroupSession.series_id == series_id,
                                                     GroupSession.occurs_at >= since)
        return {at for at in self.session.scalars(query) if at is not None}

    def booked_by(self, staff_id: str, since: datetime) -> list[GroupSession]:
        booked = exists().where(Booking.session_id == GroupSession.id, Booking.staff_id == staff_id)
        query = select(GroupSession).where(GroupSession.ends_at > since,
                                           or_(booked, GroupSession.facilitator_id == staff_id))
        return list(self.session.scalars(query.order_by(GroupSession.starts_at, GroupSession.id)))

    def starting_between(self, after: datetime, before: datetime) -> list[GroupSession]:
        query = select(GroupSession).where(GroupSession.status == SessionStatus.SCHEDULED,
                                           GroupSession.starts_at > after, GroupSession.starts_at <= before)
        return list(self.session.scalars(query.order_by(GroupSession.starts_at, GroupSession.id)))


class SqlSeriesRepository(SeriesRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, series: Series) -> None:
        """Written at once: its occurrences refer to it, and the mapper knows no order between them."""
        self.session.add(series)
        self.session.flush()

    def get(self, series_id: str) -> Series | None:
        return self.session.get(Series, series_id)

    def running(self) -> list[Series]:
        query = select(Series).where(Series.ended_at.is_(None)).order_by(Series.created_at, Series.id)
        return list(self.session.scalars(query))

    def all(self) -> list[Series]:
        return list(self.session.scalars(select(Series).order_by(Series.created_at, Series.id)))


class SqlAudienceRepository(AudienceRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def standing(self, staff_id: str) -> Standing | None:
        member = self.session.get(StaffCopy, staff_id)
        if member is None:
            return None
        report = aliased(StaffCopy)
        manages = self.session.scalar(select(exists().where(
            report.line_manager_id == staff_id, report.status == "active")))
        profile = self.session.get(SupporterProfile, staff_id)
        return Standing(active=member.active, manages_someone=bool(manages),
                        peer_supporter=profile is not None and profile.active)

    def reports_of(self, manager_id: str) -> list[str]:
        query = select(StaffCopy.staff_id).where(StaffCopy.line_manager_id == manager_id, StaffCopy.status == "active")
        return list(self.session.scalars(query.order_by(StaffCopy.staff_id)))

    def supervision_overdue(self, due_before: datetime) -> list[tuple[SupporterProfile, StaffCopy | None]]:
        last = func.coalesce(SupporterProfile.last_supervised_at, SupporterProfile.role_changed_at)
        query = (
            select(SupporterProfile, StaffCopy)
            .outerjoin(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
            .where(SupporterProfile.active.is_(True), last < due_before,
                   or_(StaffCopy.staff_id.is_(None), StaffCopy.status == "active"))
            .order_by(last, SupporterProfile.staff_id)
        )
        return [(profile, member) for profile, member in self.session.execute(query)]


class SqlWellbeingRepository(WellbeingRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_review(self, review: WellbeingReview) -> None:
        self.session.add(review)

    def review(self, review_id: str) -> WellbeingReview | None:
        return self.session.get(WellbeingReview, review_id)

    def reviews_involving(self, staff_ids: list[str], reviewer_id: str) -> list[WellbeingReview]:
        query = select(WellbeingReview).where(or_(WellbeingReview.staff_id.in_(staff_ids),
                                                  WellbeingReview.reviewer_id == reviewer_id))
        return list(self.session.scalars(query.order_by(WellbeingReview.starts_at.desc(), WellbeingReview.id)))

    def reviews_in_calendar_of(self, staff_id: str, since: datetime) -> list[WellbeingReview]:
        query = select(WellbeingReview).where(
            or_(WellbeingReview.staff_id == staff_id, WellbeingReview.reviewer_id == staff_id),
            WellbeingReview.ends_at > since)
        return list(self.session.scalars(query.order_by(WellbeingReview.starts_at, WellbeingReview.id)))

    def reviews_starting_between(self, after: datetime, before: datetime) -> list[WellbeingReview]:
        query = select(WellbeingReview).where(WellbeingReview.status == ReviewStatus.SCHEDULED,
                                              WellbeingReview.starts_at > after, WellbeingReview.starts_at <= before)
        return list(self.session.scalars(query.order_by(WellbeingReview.starts_at, WellbeingReview.id)))

    def add_plan(self, plan: WellbeingPlan) -> None:
        self.session.add(plan)

    def plan_of(self, owner_id: str) -> WellbeingPlan | None:
        return self.session.scalars(select(WellbeingPlan).where(WellbeingPlan.owner_id == owner_id)).first()

    def plans_shared_with(self, staff_id: str) -> list[WellbeingPlan]:
        # A JSON list of ids: matched in Python among the few plans shared at all with anyone.
        query = select(WellbeingPlan).where(cast(WellbeingPlan.shared_with, String).contains(staff_id))
        return [plan for plan in self.session.scalars(query.order_by(WellbeingPlan.owner_id))
                if staff_id in plan.shared_with]

    def coverage(self, since: datetime) -> list[CoverageRow]:
        reviewed = exists().where(WellbeingReview.staff_id == StaffCopy.staff_id,
                                  WellbeingReview.status == ReviewStatus.HELD, WellbeingReview.held_at >= since)
        query = (
            select(StaffCopy.team_id, Team.name, Team.service, func.count(),
                   func.count().filter(reviewed))
            .outerjoin(Team, Team.team_id == StaffCopy.team_id)
            .where(StaffCopy.status == "active")
            .group_by(StaffCopy.team_id, Team.name, Team.service)
        )
        rows = [CoverageRow(team_id, name, service, staff, done)
                for team_id, name, service, staff, done in self.session.execute(query)]
        return sorted(rows, key=lambda r: (r.service or "", r.team or "", r.team_id or ""))

    def team(self, team_id: str) -> Team | None:
        return self.session.get(Team, team_id)

    def add_team(self, team: Team) -> None:
        self.session.add(team)
