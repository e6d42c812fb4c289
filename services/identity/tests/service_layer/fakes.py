"""Identity's unit of work and repositories in memory: the use cases tested without a database.

Each fake subclasses the abstract repository it stands in for, so it offers exactly what the real
one promises; queries are answered by plain filtering, in the order the real ones give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date, datetime

from identity.adapters.repositories.delegations import DelegationRepository
from identity.adapters.repositories.organisations import OrganisationRepository, ServiceRepository, TeamRepository
from identity.adapters.repositories.signposting import HelpSourceRepository
from identity.adapters.repositories.staff import StaffRepository
from identity.adapters.repositories.supporters import SupporterAvailabilityRepository
from identity.adapters.repositories.tokens import PasswordResetRepository, RefreshTokenRepository
from identity.domain.enums import StaffStatus
from identity.domain.hr_import import Directory, StaffRecord, TeamKey, Update
from identity.domain.model import Delegation, Organisation, RoleGrant, Service, Staff, SupporterAvailability, Team
from identity.domain.signposting import HelpSource
from identity.domain.tokens import PasswordReset, RefreshToken
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.roles import Role
from psn_shared.testing.fakes import FakeUnitOfWork, InMemoryRepository


class FakeOrganisations(InMemoryRepository[Organisation], OrganisationRepository):
    def by_name(self, name: str) -> Organisation | None:
        return next((o for o in self if o.name == name), None)

    def list(self) -> list[Organisation]:
        return sorted(self, key=lambda o: o.name)


class FakeServices(InMemoryRepository[Service], ServiceRepository):
    def find(self, organisation_id: str, name: str) -> Service | None:
        return next((s for s in self if (s.organisation_id, s.name) == (organisation_id, name)), None)

    def list(self, organisation_id: str | None = None) -> list[Service]:
        return sorted((s for s in self if organisation_id in (None, s.organisation_id)), key=lambda s: s.name)


class FakeTeams(InMemoryRepository[Team], TeamRepository):
    def find(self, service_id: str, name: str) -> Team | None:
        return next((t for t in self if (t.service_id, t.name) == (service_id, name)), None)

    def list(self, *, service_id: str | None = None, organisation_id: str | None = None) -> list[Team]:
        found = [t for t in self if service_id in (None, t.service_id) and organisation_id in (None, t.organisation_id)]
        return sorted(found, key=lambda t: t.name)

    def keyed(self) -> dict[TeamKey, str]:
        return {(t.organisation_id, t.service, t.name): t.id for t in self}


class FakeDelegations(InMemoryRepository[Delegation], DelegationRepository):
    def get(self, delegation_id: str, *, lock: bool = False) -> Delegation | None:
        return super().get(delegation_id)

    def of_manager(self, manager_id: str) -> list[Delegation]:
        return sorted((d for d in self if d.manager_id == manager_id), key=lambda d: d.starts_on)


class FakeStaff(InMemoryRepository[Staff], StaffRepository):
    def __init__(self, teams: FakeTeams, delegations: FakeDelegations) -> None:
        super().__init__()
        self.teams, self.delegations = teams, delegations

    def many(self, staff_ids: Iterable[str]) -> list[Staff]:
        return [self.items[staff_id] for staff_id in staff_ids if staff_id in self.items]

    def by_email(self, email: str) -> Staff | None:
        return next((m for m in self if m.email == email.strip().lower()), None)

    def by_employee_number(self, organisation_id: str | None, employee_number: str) -> Staff | None:
        return next((m for m in self if (m.organisation_id, m.employee_number) == (organisation_id, employee_number)),
                    None)

    def list(self, *, limit: int = 50, offset: int = 0, **filters: str | None) -> tuple[list[Staff], int]:
        found = sorted((m for m in self if self._matches(m, **filters)), key=lambda m: (m.name, m.id))
        return found[offset:offset + limit], len(found)

    def _matches(self, member: Staff, team_id: str | None = None, service_id: str | None = None,
                 organisation_id: str | None = None, status: str | None = None, role: str | None = None,
                 q: str | None = None) -> bool:
        team = self.teams.get(member.team_id) if member.team_id else None
        names = f"{member.name} {member.preferred_name or ''}".lower()
        held = member.held_roles() | self.manager_roles(member.id, date.today())
        return (team_id in (None, member.team_id) and service_id in (None, team and team.service_id)
                and organisation_id in (None, member.organisation_id) and status in (None, member.status)
                and role in (None, *held) and (not q or q.lower() in names))

    def manager_roles(self, staff_id: str, today: date) -> set[Role]:
        active = [m for m in self if m.active]
        roles = set()
        if any(m.line_manager_id == staff_id for m in active) or self.delegators(staff_id, today):
            roles.add(Role.LINE_MANAGER)
        if any(m.senior_manager_id == staff_id for m in active):
            roles.add(Role.SENIOR_MANAGER)
        return roles

    def lock_grant(self, grant: RoleGrant) -> None:
        """In memory, one test at a time: nobody else can change the grant meanwhile."""

    def delegators(self, delegate_id: str, today: date) -> list[str]:
        return [d.manager_id for d in self.delegations if d.delegate_id == delegate_id and d.in_force(today)]

    def reports_of(self, manager_id: str, today: date) -> list[Staff]:
        managers = [manager_id, *self.delegators(manager_id, today)]
        found = [m for m in self if m.line_manager_id in managers or m.senior_manager_id == manager_id]
        return sorted(found, key=lambda m: m.name)

    def holders(self, role: str, team_ids: Collection[str]) -> list[Staff]:
        found = [m for m in self if m.active and m.team_id in team_ids and role in m.held_roles()]
        return sorted(found, key=lambda m: m.name)

    def holders_by_team(self, role: str) -> dict[str, int]:
        return dict(Counter(m.team_id for m in self if m.active and m.team_id and role in m.held_roles()))

    def directory_for_import(self, organisations: dict[str, str], teams: dict[TeamKey, str]) -> Directory:
        wanted = set(organisations.values())
        people = {(m.organisation_id, m.employee_number): _record(m) for m in self if m.organisation_id in wanted}
        email_owner = {m.email: m.id for m in self}
        manager_of = {m.id: m.line_manager_id for m in self}
        return Directory(organisations, teams, people, email_owner, manager_of)

    def insert_many(self, records: list[StaffRecord]) -> None:
        for r in records:
            self.add(Staff(
                id=r.id, organisation_id=r.organisation_id, employee_number=r.employee_number, status=r.status,
                name=r.name, email=r.email, job_title=r.job_title, grade=r.grade, team_id=r.team_id,
                line_manager_id=r.line_manager_id, senior_manager_id=r.senior_manager_id, start_date=r.start_date,
            ))

    def update_many(self, updates: list[Update]) -> None:
        for update in updates:
            for name, value in update.changes.items():
                setattr(self.items[update.record.id], name, value)


def _record(member: Staff) -> StaffRecord:
    return StaffRecord(
        id=member.id, organisation_id=member.organisation_id, employee_number=member.employee_number,
        status=StaffStatus(member.status), name=member.name, email=member.email, job_title=member.job_title,
        grade=member.grade, team_id=member.team_id, line_manager_id=member.line_manager_id,
        senior_manager_id=member.senior_manager_id, start_date=member.start_date,
        granted_roles=frozenset(g.role for g in member.role_grants if g.active),
    )


class FakeRefreshTokens(InMemoryRepository[RefreshToken], RefreshTokenRepository):
    def by_hash(self, token_hash: str) -> RefreshToken | None:
        return next((t for t in self if t.token_hash == token_hash), None)

    def revoke_family(self, family_id: str, at: datetime) -> None:
        self._revoke([t for t in self if t.family_id == family_id], at)

    def revoke_all_of(self, staff_id: str, at: datetime) -> None:
        self._revoke([t for t in self if t.staff_id == staff_id], at)

    @staticmethod
    def _revoke(tokens: list[RefreshToken], at: datetime) -> None:
        for token in tokens:
            if token.revoked_at is None:
                token.revoked_at = at


class FakePasswordResets(InMemoryRepository[PasswordReset], PasswordResetRepository):
    def by_hash(self, token_hash: str) -> PasswordReset | None:
        return next((r for r in self if r.token_hash == token_hash), None)

    def spend_all_of(self, staff_id: str, at: datetime) -> None:
        for reset in self:
            if reset.staff_id == staff_id and reset.used_at is None:
                reset.used_at = at


class FakeSupporters(InMemoryRepository[SupporterAvailability], SupporterAvailabilityRepository):
    key = "staff_id"

    def of(self, staff_ids: Collection[str]) -> dict[str, SupporterAvailability]:
        return {i: self.items[i] for i in staff_ids if i in self.items}


class FakeHelpSources(InMemoryRepository[HelpSource], HelpSourceRepository):
    def search(
        self, *, q: str | None, kind: str | None, organisation_id: str | None, region: str | None,
        include_withdrawn: bool, limit: int, offset: int,
    ) -> tuple[list[HelpSource], int]:
        def matches(s: HelpSource) -> bool:
            words = f"{s.name} {s.description or ''} {s.for_whom}".lower()
            return ((s.active or include_withdrawn) and kind in (None, s.kind)
                    and (organisation_id is None or s.organisation_id in (None, organisation_id))
                    and (not region or s.region is None or s.region.lower() == region.lower())
                    and (not q or q.lower() in words))

        found = sorted((s for s in self if matches(s)), key=lambda s: (s.kind != "crisis_line", s.name, s.id))
        return found[offset:offset + limit], len(found)


class FakeIdentityUnitOfWork(FakeUnitOfWork, IdentityUnitOfWork):
    def __init__(self) -> None:
        super().__init__(source="identity")
        self.organisations = FakeOrganisations()
        self.services = FakeServices()
        self.teams = FakeTeams()
        self.delegations = FakeDelegations()
        self.staff = FakeStaff(self.teams, self.delegations)
        self.supporters = FakeSupporters()
        self.help_sources = FakeHelpSources()
        self.refresh_tokens = FakeRefreshTokens()
        self.password_resets = FakePasswordResets()


def person(uow: FakeIdentityUnitOfWork, **fields: object) -> Staff:
    """Someone on record (not announced: as if registered long ago)."""
    n = len(uow.staff) + 1
    member = Staff(**{"employee_number": f"E{n}", "name": f"Person {n}", "email": f"p{n}@psn.test", **fields})
    uow.staff.add(member)
    return member
