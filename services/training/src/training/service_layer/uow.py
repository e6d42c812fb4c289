"""Training's unit of work: one transaction, with its repositories and its outbox.

Use cases take the abstract `TrainingUnitOfWork`; the app, the consumer and the scheduler make
SQLAlchemy ones (`uow_factory`), the service-layer tests in-memory ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Self

from sqlalchemy import Engine, TextClause, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from psn_shared.db import UnitOfWork, unit_of_work_factory
from psn_shared.events import NewEvent
from psn_shared.unit_of_work import AbstractUnitOfWork
from training.adapters.board import BoardFigures, SqlBoardFigures
from training.adapters.orm import messaging, start_mappers
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
from training.adapters.sql_repository import (
    SqlCertificateRepository,
    SqlClaimRepository,
    SqlCohortRepository,
    SqlCompetenceRepository,
    SqlCompletionRepository,
    SqlDelegationRepository,
    SqlNominationRepository,
    SqlOrganisationPolicyRepository,
    SqlStaffRepository,
    SqlTeamRepository,
    participant_for_completion,
)
from training.domain.certificates import Certificate
from training.domain.cohorts import Cohort, Place
from training.domain.levels import Competence, LevelCompletion
from training.domain.nominations import Nomination

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Completing:
    """What completing one participant's course reads, under its locks: the cohort (locked) with its days
    and of its places only this person's, with their attendance and sign-offs (nothing else of `places`
    may be relied on); that place's nomination (locked) with its approvals, None without a place; the
    level's current competences; whether the level is already recorded as complete for them."""

    cohort: Cohort
    nomination: Nomination | None
    competences: list[Competence]
    already_complete: bool


class TrainingUnitOfWork(AbstractUnitOfWork):
    """`now()` is the unit of work's clock: the system's, or one a test sets (as the scheduler's `now`)."""

    clock: Clock = staticmethod(system_clock)
    staff: StaffRepository
    teams: TeamRepository
    competences: CompetenceRepository
    completions: CompletionRepository
    claims: ClaimRepository
    cohorts: CohortRepository
    nominations: NominationRepository
    delegations: DelegationRepository
    certificates: CertificateRepository
    organisation_policies: OrganisationPolicyRepository
    board: BoardFigures

    def now(self) -> datetime:
        return self.clock()

    def completing(self, cohort_id: str, staff_id: str) -> Completing | None:
        """Everything a course completion reads, before anything changes; None: no such cohort."""
        cohort = self.cohorts.get(cohort_id, lock=True)
        if cohort is None:
            return None
        seat = cohort.place_of(staff_id)
        return Completing(cohort, self.nominations.for_place(seat) if seat else None,
                          self.competences.for_level(cohort.level),
                          self.completions.get(staff_id, cohort.level) is not None)

    def add_completion(self, seat: Place, nomination: Nomination, completion: LevelCompletion,
                       certificate: Certificate, announcement: NewEvent) -> None:
        """A course completed: the seat's attendance and sign-offs as they now stand, its nomination
        completed, the completion with its certificate, and the event announcing it, written together."""
        self.completions.add(completion)
        self.certificates.add(certificate)
        self.publish(announcement)


class SqlTrainingUnitOfWork(UnitOfWork, TrainingUnitOfWork):
    def __init__(self, session_factory: sessionmaker[Session], clock: Clock = system_clock) -> None:
        super().__init__(session_factory, messaging, source="training")
        self.clock = clock

    def __enter__(self) -> Self:
        super().__enter__()
        session = self.session
        self.staff = SqlStaffRepository(session)
        self.teams = SqlTeamRepository(session)
        self.competences = SqlCompetenceRepository(session)
        self.completions = SqlCompletionRepository(session)
        self.claims = SqlClaimRepository(session)
        self.cohorts = SqlCohortRepository(session)
        self.nominations = SqlNominationRepository(session)
        self.delegations = SqlDelegationRepository(session)
        self.certificates = SqlCertificateRepository(session)
        self.organisation_policies = SqlOrganisationPolicyRepository(session)
        self.board = SqlBoardFigures(session)
        return self

    def completing(self, cohort_id: str, staff_id: str) -> Completing | None:
        """On PostgreSQL in one statement (the headline pays for it); elsewhere through the repositories."""
        if self.session.get_bind().dialect.name != "postgresql":
            return super().completing(cohort_id, staff_id)
        read = participant_for_completion(self.session, cohort_id, staff_id)
        return None if read is None else Completing(*read)

    def add_completion(self, seat: Place, nomination: Nomination, completion: LevelCompletion,
                       certificate: Certificate, announcement: NewEvent) -> None:
        """On PostgreSQL in one statement, where the ORM's flush would send six (the headline pays for it).

        The seat's attendance and sign-offs the use case added or changed, and the nomination, are
        written here; the seat and the nomination then leave the session, so no flush writes them again.
        """
        if self.session.get_bind().dialect.name != "postgresql":
            return super().add_completion(seat, nomination, completion, certificate, announcement)
        _, outbox = self._to_send(announcement)
        values = _completion_values(seat, nomination, completion, certificate)
        with self.session.no_autoflush:  # what the ORM would flush is in this statement
            self.session.execute(_COMPLETION, values | {f"event_{key}": value for key, value in outbox.items()})
        self.session.expunge(seat)
        self.session.expunge(nomination)


def _completion_values(seat: Place, nomination: Nomination, completion: LevelCompletion,
                       certificate: Certificate) -> dict[str, object]:
    """The completion statement's parameters: the seat's attendance and sign-offs only as added or changed."""
    attendance = [a for a in seat.attendance if _changed(a)]
    sign_offs = [s for s in seat.sign_offs if _changed(s)]
    return {
        "completion_id": completion.id, "staff_id": completion.staff_id, "level": completion.level,
        "completed_on": completion.completed_on, "source": str(completion.source),
        "recorded_by": completion.recorded_by, "recorded_at": completion.recorded_at,
        "cohort_id": completion.cohort_id, "nomination_id": nomination.id,
        "nomination_status": str(nomination.status), "closed_at": nomination.closed_at,
        "certificate_id": certificate.id, "issued_on": certificate.issued_on, "expires_on": certificate.expires_on,
        "verification_code": certificate.verification_code, "certificate_status": str(certificate.status),
        "reminders_sent": certificate.reminders_sent, "place_id": seat.id,
        "attendance_ids": [a.id for a in attendance], "attendance_dates": [a.on for a in attendance],
        "attended": [a.attended for a in attendance], "attendance_by": [a.recorded_by for a in attendance],
        "attendance_at": [a.recorded_at for a in attendance],
        "sign_off_ids": [s.id for s in sign_offs], "competence_ids": [s.competence_id for s in sign_offs],
        "sign_off_by": [s.signed_off_by for s in sign_offs], "sign_off_at": [s.signed_off_at for s in sign_offs],
    }


def _changed(item: object) -> bool:
    state = inspect(item)
    return state.pending or state.modified


# The completion, its certificate, the nomination completed, the seat's new or changed attendance
# (a day already on the register, say as an absence, is updated in place) and new sign-offs, in CTEs
# of the outbox's INSERT; rows go as arrays, so the statement is one whatever their number. Each CTE
# sees the tables as they were before the statement; the foreign keys are checked at its end.
_COMPLETION: TextClause = text("""
WITH completion AS (
    INSERT INTO level_completions (id, staff_id, level, completed_on, source, recorded_by, recorded_at,
                                   cohort_id, nomination_id)
    VALUES (:completion_id, :staff_id, :level, :completed_on, :source, :recorded_by, :recorded_at,
            :cohort_id, :nomination_id)
), certificate AS (
    INSERT INTO certificates (id, staff_id, level, completion_id, issued_on, expires_on, verification_code,
                              status, reminders_sent)
    VALUES (:certificate_id, :staff_id, :level, :completion_id, :issued_on, :expires_on, :verification_code,
            :certificate_status, :reminders_sent)
), nomination AS (
    UPDATE nominations SET status = :nomination_status, closed_at = :closed_at WHERE id = :nomination_id
), attendance AS (
    INSERT INTO attendance (id, place_id, date, attended, recorded_by, recorded_at)
    SELECT a.id, :place_id, a.date, a.attended, a.recorded_by, a.recorded_at
    FROM unnest(CAST(:attendance_ids AS text[]), CAST(:attendance_dates AS date[]), CAST(:attended AS boolean[]),
                CAST(:attendance_by AS text[]), CAST(:attendance_at AS timestamptz[]))
         AS a(id, date, attended, recorded_by, recorded_at)
    ON CONFLICT (place_id, date) DO UPDATE
    SET attended = excluded.attended, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
), sign_offs AS (
    INSERT INTO sign_offs (id, place_id, competence_id, signed_off_by, signed_off_at)
    SELECT s.id, :place_id, s.competence_id, s.signed_off_by, s.signed_off_at
    FROM unnest(CAST(:sign_off_ids AS text[]), CAST(:competence_ids AS text[]), CAST(:sign_off_by AS text[]),
                CAST(:sign_off_at AS timestamptz[])) AS s(id, competence_id, signed_off_by, signed_off_at)
)
INSERT INTO outbox (id, routing_key, body, correlation_id, created_at)
VALUES (:event_id, :event_routing_key, :event_body, :event_correlation_id, :event_created_at)
""")


def uow_factory(engine: Engine, clock: Clock = system_clock) -> Callable[[], SqlTrainingUnitOfWork]:
    return unit_of_work_factory(engine, start_mappers, partial(SqlTrainingUnitOfWork, clock=clock))
