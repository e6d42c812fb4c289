"""Training's unit of work and repositories in memory: the use cases and event reactions, tested
without a database. Each fake subclasses the abstract repository it stands in for, so it offers
exactly what the real one promises (orderings included, where a use case relies on them)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from psn_shared.events import Envelope
from psn_shared.testing.fakes import FakeUnitOfWork, InMemoryRepository
from services.training.tests.clock import TestClock
from training.adapters.repository import (
    CertificateRepository,
    ClaimRepository,
    CohortRepository,
    CompetenceRepository,
    CompletionRepository,
    DelegationRepository,
    NominationRepository,
    OrganisationPolicyRepository,
    StaffRepository,
    TeamRepository,
)
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.cohorts import Cohort, CohortKind, CohortStatus, PlaceStatus
from training.domain.grading import OrganisationPolicy
from training.domain.levels import ClaimStatus, Competence, Level1Claim, LevelCompletion
from training.domain.nominations import AWAITING, OPEN_STATUSES, Nomination, NominationStatus
from training.domain.staff import Delegation, StaffCopy, Team
from training.events.handlers import HANDLERS
from training.service_layer.uow import TrainingUnitOfWork


class FakeStaffRepository(InMemoryRepository[StaffCopy], StaffRepository):
    key = "staff_id"

    def get(self, staff_id: str, *, lock: bool = False) -> StaffCopy | None:
        return self.items.get(staff_id)

    def many(self, staff_ids: list[str]) -> list[StaffCopy]:
        return [self.items[staff_id] for staff_id in staff_ids if staff_id in self.items]

    def by_employee_numbers(self, numbers: set[str]) -> dict[str, StaffCopy]:
        return {m.employee_number: m for m in self if m.employee_number in numbers}

    def active(self) -> list[StaffCopy]:
        return [m for m in self if m.active]

    def active_in_team(self, team_id: str) -> list[StaffCopy]:
        return [m for m in self if m.active and m.team_id == team_id]


class FakeOrganisationPolicyRepository(InMemoryRepository[OrganisationPolicy], OrganisationPolicyRepository):
    key = "organisation_id"

    def get(self, organisation_id: str, *, lock: bool = False) -> OrganisationPolicy | None:
        return self.items.get(organisation_id)

    def all(self) -> list[OrganisationPolicy]:
        return list(self)


class FakeTeamRepository(InMemoryRepository[Team], TeamRepository):
    def all(self) -> list[Team]:
        return sorted(self, key=lambda t: (t.service, t.name))


class FakeCompetenceRepository(InMemoryRepository[Competence], CompetenceRepository):
    def for_level(self, level: int, *, include_retired: bool = False) -> list[Competence]:
        found = [c for c in self if c.level == level and (include_retired or not c.retired)]
        return sorted(found, key=lambda c: (c.position, c.code))

    def code_taken(self, level: int, code: str) -> bool:
        return any(c.level == level and c.code == code for c in self)

    def next_position(self, level: int) -> int:
        return max((c.position for c in self if c.level == level), default=0) + 1


class FakeCompletionRepository(InMemoryRepository[LevelCompletion], CompletionRepository):
    def get(self, staff_id: str, level: int) -> LevelCompletion | None:
        return next((c for c in self if c.staff_id == staff_id and c.level == level), None)

    def for_staff(self, staff_id: str) -> list[LevelCompletion]:
        return sorted((c for c in self if c.staff_id == staff_id), key=lambda c: c.level)

    def staff_with_level(self, level: int) -> set[str]:
        return {c.staff_id for c in self if c.level == level}

    def completed_on(self, cohort_id: str, staff_ids: list[str]) -> set[str]:
        return {c.staff_id for c in self if c.cohort_id == cohort_id and c.staff_id in staff_ids}

    def count_by_level(self) -> dict[int, int]:
        return dict(Counter(c.level for c in self))


class FakeClaimRepository(InMemoryRepository[Level1Claim], ClaimRepository):
    def get(self, claim_id: str, *, lock: bool = False) -> Level1Claim | None:
        return self.items.get(claim_id)

    def pending_for(self, staff_id: str) -> Level1Claim | None:
        return next((c for c in self if c.staff_id == staff_id and c.status == ClaimStatus.PENDING), None)

    def for_staff(self, staff_id: str) -> list[Level1Claim]:
        return sorted((c for c in self if c.staff_id == staff_id), key=lambda c: c.submitted_at, reverse=True)

    def page(self, *, status: str | None, limit: int, offset: int) -> tuple[list[Level1Claim], int]:
        found = sorted((c for c in self if not status or c.status == status), key=lambda c: (c.submitted_at, c.id))
        return found[offset:offset + limit], len(found)


class FakeCohortRepository(InMemoryRepository[Cohort], CohortRepository):
    def get(self, cohort_id: str, *, lock: bool = False) -> Cohort | None:
        return self.items.get(cohort_id)

    def page(self, *, level: int | None, status: str | None, limit: int, offset: int) -> tuple[list[Cohort], int]:
        found = [c for c in self if (not level or c.level == level) and (not status or c.status == status)]
        found.sort(key=lambda c: (c.name, c.id))
        return found[offset:offset + limit], len(found)

    def booked_for(self, staff_id: str) -> list[Cohort]:
        still_to_run = (CohortStatus.PLANNED, CohortStatus.OPEN, CohortStatus.RUNNING)
        return [c for c in self if c.status in still_to_run
                and any(p.staff_id == staff_id and p.status == PlaceStatus.BOOKED for p in c.places)]

    def taught_by(self, staff_id: str) -> list[Cohort]:
        still_taught = (CohortStatus.PLANNED, CohortStatus.OPEN, CohortStatus.RUNNING)
        return [c for c in self if c.status in still_taught and staff_id in c.trainer_ids]


class FakeNominationRepository(InMemoryRepository[Nomination], NominationRepository):
    def __init__(self, staff: FakeStaffRepository) -> None:
        super().__init__()
        self.staff = staff  # the join the SQL query makes: whose step it is depends on the nominee's managers
    def get(self, nomination_id: str, *, lock: bool = False) -> Nomination | None:
        return self.items.get(nomination_id)

    def open_for(self, nominee_id: str, level: int) -> Nomination | None:
        return next((n for n in self if n.nominee_id == nominee_id and n.level == level
                     and n.status in OPEN_STATUSES), None)

    def for_nominee(self, nominee_id: str) -> list[Nomination]:
        return sorted((n for n in self if n.nominee_id == nominee_id), key=lambda n: n.nominated_at)

    def awaiting_decision_of(self, manager_ids: set[str]) -> list[Nomination]:
        found = [n for n in self if n.status in AWAITING
                 and n.awaited_manager(self.staff.items[n.nominee_id]) in manager_ids]
        return sorted(found, key=lambda n: (n.awaiting_since, n.id))

    def awaiting_since_before(self, cutoff: datetime) -> list[Nomination]:
        return [n for n in self if n.status in AWAITING and n.awaiting_since <= cutoff]

    def count_by_status(self, level: int) -> dict[str, int]:
        return dict(Counter(n.status for n in self if n.level == level and n.kind == CohortKind.COURSE))

    def general_list(self, level: int) -> list[Nomination]:
        found = [n for n in self if n.level == level and n.kind == CohortKind.COURSE
                 and n.status == NominationStatus.APPROVED and n.cohort_id is None]
        return sorted(found, key=lambda n: (n.awaiting_since, n.id))


class FakeDelegationRepository(InMemoryRepository[Delegation], DelegationRepository):
    def covering(self, delegate_id: str, on: date) -> list[Delegation]:
        return [d for d in self if d.delegate_id == delegate_id and d.covers(on)]

    def delegates_of(self, manager_id: str, on: date) -> list[str]:
        return sorted({d.delegate_id for d in self if d.manager_id == manager_id and d.covers(on)})

    def starting_untold(self, on: date) -> list[Delegation]:
        return [d for d in self if d.start_untold(on)]


class FakeCertificateRepository(InMemoryRepository[Certificate], CertificateRepository):
    def get(self, certificate_id: str, *, lock: bool = False) -> Certificate | None:
        return self.items.get(certificate_id)

    def by_code(self, code: str) -> Certificate | None:
        return next((c for c in self if c.verification_code == code), None)

    def for_staff(self, staff_id: str) -> list[Certificate]:
        return sorted((c for c in self if c.staff_id == staff_id), key=lambda c: c.level)

    def of(self, staff_id: str, level: int, *, lock: bool = False) -> Certificate | None:
        return next((c for c in self if c.staff_id == staff_id and c.level == level), None)

    def valid_expiring_by(self, last_day: date) -> list[Certificate]:
        return [c for c in self if c.status == CertificateStatus.VALID and c.expires_on <= last_day]

    def lapsed_staff(self, level: int) -> set[str]:
        return {c.staff_id for c in self if c.level == level and c.status != CertificateStatus.VALID}

    def count_lapsed(self) -> dict[int, int]:
        return dict(Counter(c.level for c in self if c.status != CertificateStatus.VALID))


class FakeTrainingUnitOfWork(FakeUnitOfWork, TrainingUnitOfWork):
    def __init__(self, clock: TestClock | None = None) -> None:
        super().__init__(source="training")
        self.clock = clock or TestClock()
        self.staff = FakeStaffRepository()
        self.teams = FakeTeamRepository()
        self.competences = FakeCompetenceRepository()
        self.completions = FakeCompletionRepository()
        self.claims = FakeClaimRepository()
        self.cohorts = FakeCohortRepository()
        self.nominations = FakeNominationRepository(self.staff)
        self.delegations = FakeDelegationRepository()
        self.certificates = FakeCertificateRepository()
        self.organisation_policies = FakeOrganisationPolicyRepository()

    def handle(self, *events: Envelope) -> None:
        """Apply events through training's handlers, as the consumer does (it, not they, commits)."""
        for event in events:
            HANDLERS[event.type](event, self)
