"""In-memory repositories for reflective practice: group sessions, series, audiences, wellbeing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from psn_shared.testing.fakes import InMemoryRepository
from services.sessions.tests.service_layer.fakes_conversations import FakeBusyTimeRepository, FakeConversationRepository
from sessions.adapters.reflective_repository import (
    AudienceRepository,
    CoverageRow,
    GroupSessionRepository,
    SeriesRepository,
    WellbeingRepository,
)
from sessions.domain.busy import Busy
from sessions.domain.model import SupporterProfile
from sessions.domain.reflective import GroupSession, SessionStatus, Standing
from sessions.domain.series import Series
from sessions.domain.staff import StaffCopy
from sessions.domain.teams import Team
from sessions.domain.wellbeing import ReviewStatus, WellbeingPlan, WellbeingReview


class FakeGroupSessionRepository(InMemoryRepository[GroupSession], GroupSessionRepository):
    def upcoming(self, since: datetime, *, series_id: str | None, limit: int, offset: int
                 ) -> tuple[list[GroupSession], int]:
        found = sorted((s for s in self if s.ends_at > since and (series_id is None or s.series_id == series_id)),
                       key=lambda s: (s.starts_at, s.id))
        return found[offset:offset + limit], len(found)

    def occurrences_made(self, series_id: str, since: datetime) -> set[datetime]:
        return {s.occurs_at for s in self if s.series_id == series_id and s.occurs_at and s.occurs_at >= since}

    def booked_by(self, staff_id: str, since: datetime) -> list[GroupSession]:
        found = [s for s in self if s.ends_at > since
                 and (s.facilitator_id == staff_id or s.booking_of(staff_id) is not None)]
        return sorted(found, key=lambda s: (s.starts_at, s.id))

    def starting_between(self, after: datetime, before: datetime) -> list[GroupSession]:
        found = [s for s in self if s.status == SessionStatus.SCHEDULED and after < s.starts_at <= before]
        return sorted(found, key=lambda s: (s.starts_at, s.id))


class FakeSeriesRepository(InMemoryRepository[Series], SeriesRepository):
    def running(self) -> list[Series]:
        return [s for s in self.all() if not s.ended]

    def all(self) -> list[Series]:
        return sorted(self, key=lambda s: (s.created_at, s.id))


class FakeAudienceRepository(AudienceRepository):
    def __init__(self, staff: InMemoryRepository[StaffCopy], supporters: InMemoryRepository[SupporterProfile]) -> None:
        self.staff, self.supporters = staff, supporters

    def standing(self, staff_id: str) -> Standing | None:
        member = self.staff.get(staff_id)
        if member is None:
            return None
        profile = self.supporters.get(staff_id)
        return Standing(active=member.active,
                        manages_someone=any(m.line_manager_id == staff_id and m.active for m in self.staff),
                        peer_supporter=profile is not None and profile.active)

    def reports_of(self, manager_id: str) -> list[str]:
        return sorted(m.staff_id for m in self.staff if m.line_manager_id == manager_id and m.active)

    def supervision_overdue(self, due_before: datetime) -> list[tuple[SupporterProfile, StaffCopy | None]]:
        def last(p: SupporterProfile) -> datetime:
            return p.last_supervised_at or p.role_changed_at

        found = [(p, self.staff.get(p.staff_id)) for p in self.supporters if p.active and last(p) < due_before]
        found = [(p, m) for p, m in found if m is None or m.active]
        return sorted(found, key=lambda pair: (last(pair[0]), pair[0].staff_id))


class FakeWellbeingRepository(WellbeingRepository):
    def __init__(self, staff: InMemoryRepository[StaffCopy]) -> None:
        self.staff = staff
        self.reviews = InMemoryRepository[WellbeingReview]()
        self.plans: dict[str, WellbeingPlan] = {}
        self.teams: dict[str, Team] = {}

    def add_review(self, review: WellbeingReview) -> None:
        self.reviews.add(review)

    def review(self, review_id: str) -> WellbeingReview | None:
        return self.reviews.get(review_id)

    def reviews_involving(self, staff_ids: list[str], reviewer_id: str) -> list[WellbeingReview]:
        found = [r for r in self.reviews if r.staff_id in staff_ids or r.reviewer_id == reviewer_id]
        found.sort(key=lambda r: r.id)
        return sorted(found, key=lambda r: r.starts_at, reverse=True)

    def reviews_in_calendar_of(self, staff_id: str, since: datetime) -> list[WellbeingReview]:
        return sorted((r for r in self.reviews if staff_id in r.parties and r.ends_at > since),
                      key=lambda r: (r.starts_at, r.id))

    def reviews_starting_between(self, after: datetime, before: datetime) -> list[WellbeingReview]:
        return sorted((r for r in self.reviews if r.status == ReviewStatus.SCHEDULED and after < r.starts_at <= before),
                      key=lambda r: (r.starts_at, r.id))

    def add_plan(self, plan: WellbeingPlan) -> None:
        self.plans[plan.owner_id] = plan

    def plan_of(self, owner_id: str) -> WellbeingPlan | None:
        return self.plans.get(owner_id)

    def plans_shared_with(self, staff_id: str) -> list[WellbeingPlan]:
        return sorted((p for p in self.plans.values() if staff_id in p.shared_with), key=lambda p: p.owner_id)

    def coverage(self, since: datetime) -> list[CoverageRow]:
        reviewed = {r.staff_id for r in self.reviews
                    if r.status == ReviewStatus.HELD and r.held_at is not None and r.held_at >= since}
        rows: dict[str | None, list[int]] = {}
        for member in self.staff:
            if member.active:
                counts = rows.setdefault(member.team_id, [0, 0])
                counts[0] += 1
                counts[1] += member.staff_id in reviewed
        found = []
        for team_id, (staff, done) in rows.items():
            team = self.teams.get(team_id) if team_id else None
            found.append(CoverageRow(team_id, team.name if team else None, team.service if team else None,
                                     staff, done))
        return sorted(found, key=lambda r: (r.service or "", r.team or "", r.team_id or ""))

    def team(self, team_id: str) -> Team | None:
        return self.teams.get(team_id)

    def add_team(self, team: Team) -> None:
        self.teams[team.team_id] = team


class FakeBusyEverywhere(FakeBusyTimeRepository):
    """As the SQL's union: conversations, places on (and facilitating) scheduled group sessions, reviews."""

    def __init__(self, conversations: FakeConversationRepository, sessions: FakeGroupSessionRepository,
                 wellbeing: FakeWellbeingRepository) -> None:
        super().__init__(conversations)
        self.sessions, self.wellbeing = sessions, wellbeing

    def busy(self, staff_ids: Iterable[str], starts_at: datetime, ends_at: datetime,
             *, excluding: str | None = None) -> list[Busy]:
        people = set(staff_ids)
        found = super().busy(people, starts_at, ends_at, excluding=excluding)
        for s in self.sessions:
            if s.status == SessionStatus.SCHEDULED and s.id != excluding and s.starts_at < ends_at \
                    and s.ends_at > starts_at:
                holders = {b.staff_id for b in s.booked} | {s.facilitator_id}
                found += [Busy(person, s.starts_at, s.ends_at, "group_session", s.id) for person in holders & people]
        for r in self.wellbeing.reviews:
            if r.status in (ReviewStatus.SCHEDULED, ReviewStatus.HELD) and r.id != excluding \
                    and r.starts_at < ends_at and r.ends_at > starts_at:
                found += [Busy(person, r.starts_at, r.ends_at, "wellbeing_review", r.id)
                          for person in set(r.parties) & people]
        return sorted(found, key=lambda b: (b.starts_at, b.staff_id, b.ref))
