"""The repositories over SQLAlchemy: one session, shared with the unit of work.

`lock=True` is SELECT ... FOR UPDATE on PostgreSQL (SQLite serialises writers anyway); the
scheduler's queries add SKIP LOCKED so two schedulers never do one job twice.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from sqlalchemy import Select, TextClause, and_, bindparam, func, or_, select, text
from sqlalchemy.orm import Session, joinedload

from psn_shared.db import paginate
from psn_shared.db.stored import as_stored
from psn_shared.staff_copy import StaffStatus
from training.adapters import orm
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
from training.domain.cohorts import (
    Attendance,
    Cohort,
    CohortDay,
    CohortKind,
    CohortStatus,
    Place,
    PlaceStatus,
    SignOff,
)
from training.domain.grading import OrganisationPolicy
from training.domain.levels import ClaimStatus, Competence, Level1Claim, LevelCompletion
from training.domain.nominations import AWAITING, OPEN_STATUSES, Approval, Nomination, NominationStatus
from training.domain.staff import Delegation, StaffCopy, Team

STILL_TO_RUN = (CohortStatus.PLANNED, CohortStatus.OPEN, CohortStatus.RUNNING)


class _OnSession:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, item: object) -> None:
        self.session.add(item)


class SqlStaffRepository(_OnSession, StaffRepository):
    def get(self, staff_id: str, *, lock: bool = False) -> StaffCopy | None:
        return self.session.get(StaffCopy, staff_id, with_for_update=lock)

    def many(self, staff_ids: list[str]) -> list[StaffCopy]:
        return list(self.session.scalars(select(StaffCopy).where(StaffCopy.staff_id.in_(staff_ids))))

    def by_employee_numbers(self, numbers: set[str]) -> dict[str, StaffCopy]:
        query = select(StaffCopy).where(StaffCopy.employee_number.in_(numbers))
        return {m.employee_number: m for m in self.session.scalars(query)}

    def active(self) -> list[StaffCopy]:
        return list(self.session.scalars(select(StaffCopy).where(StaffCopy.status == StaffStatus.ACTIVE)))

    def active_in_team(self, team_id: str) -> list[StaffCopy]:
        query = select(StaffCopy).where(StaffCopy.team_id == team_id, StaffCopy.status == StaffStatus.ACTIVE)
        return list(self.session.scalars(query))


class SqlOrganisationPolicyRepository(_OnSession, OrganisationPolicyRepository):
    def get(self, organisation_id: str, *, lock: bool = False) -> OrganisationPolicy | None:
        return self.session.get(OrganisationPolicy, organisation_id, with_for_update=lock)

    def all(self) -> list[OrganisationPolicy]:
        return list(self.session.scalars(select(OrganisationPolicy)))


class SqlTeamRepository(_OnSession, TeamRepository):
    def get(self, team_id: str) -> Team | None:
        return self.session.get(Team, team_id)

    def all(self) -> list[Team]:
        return list(self.session.scalars(select(Team).order_by(Team.service, Team.name)))


class SqlCompetenceRepository(_OnSession, CompetenceRepository):
    def get(self, competence_id: str) -> Competence | None:
        return self.session.get(Competence, competence_id)

    def for_level(self, level: int, *, include_retired: bool = False) -> list[Competence]:
        return list(self.session.scalars(_competences_of_level(include_retired), {"level": level}))

    def code_taken(self, level: int, code: str) -> bool:
        query = select(Competence.id).where(Competence.level == level, Competence.code == code)
        return self.session.scalar(query) is not None

    def next_position(self, level: int) -> int:
        return (self.session.scalar(select(func.max(Competence.position)).where(Competence.level == level)) or 0) + 1


class SqlCompletionRepository(_OnSession, CompletionRepository):
    def get(self, staff_id: str, level: int) -> LevelCompletion | None:
        query = select(LevelCompletion).where(LevelCompletion.staff_id == staff_id, LevelCompletion.level == level)
        return self.session.scalars(query).first()

    def for_staff(self, staff_id: str) -> list[LevelCompletion]:
        query = select(LevelCompletion).where(LevelCompletion.staff_id == staff_id).order_by(LevelCompletion.level)
        return list(self.session.scalars(query))

    def staff_with_level(self, level: int) -> set[str]:
        return set(self.session.scalars(select(LevelCompletion.staff_id).where(LevelCompletion.level == level)))

    def completed_on(self, cohort_id: str, staff_ids: list[str]) -> set[str]:
        # By the people first: (staff_id, level) is indexed, the cohort is not.
        query = select(LevelCompletion.staff_id).where(LevelCompletion.staff_id.in_(staff_ids),
                                                       LevelCompletion.cohort_id == cohort_id)
        return set(self.session.scalars(query))

    def count_by_level(self) -> dict[int, int]:
        query = select(LevelCompletion.level, func.count()).group_by(LevelCompletion.level)
        return {level: count for level, count in self.session.execute(query)}


class SqlClaimRepository(_OnSession, ClaimRepository):
    def get(self, claim_id: str, *, lock: bool = False) -> Level1Claim | None:
        return self.session.get(Level1Claim, claim_id, with_for_update=lock)

    def pending_for(self, staff_id: str) -> Level1Claim | None:
        query = select(Level1Claim).where(
            Level1Claim.staff_id == staff_id, Level1Claim.status == ClaimStatus.PENDING
        )
        return self.session.scalars(query).first()

    def for_staff(self, staff_id: str) -> list[Level1Claim]:
        query = select(Level1Claim).where(Level1Claim.staff_id == staff_id)
        return list(self.session.scalars(query.order_by(Level1Claim.submitted_at.desc(), Level1Claim.id)))

    def page(self, *, status: str | None, limit: int, offset: int) -> tuple[list[Level1Claim], int]:
        query = select(Level1Claim)
        if status:
            query = query.where(Level1Claim.status == status)
        return paginate(self.session, query, Level1Claim.submitted_at, Level1Claim.id, limit=limit, offset=offset)


class SqlCohortRepository(_OnSession, CohortRepository):
    def get(self, cohort_id: str, *, lock: bool = False) -> Cohort | None:
        return self.session.get(Cohort, cohort_id, with_for_update=lock)

    def page(self, *, level: int | None, status: str | None, limit: int, offset: int) -> tuple[list[Cohort], int]:
        query = select(Cohort)
        if level:
            query = query.where(Cohort.level == level)
        if status:
            query = query.where(Cohort.status == status)
        return paginate(self.session, query, Cohort.name, Cohort.id, limit=limit, offset=offset)

    def booked_for(self, staff_id: str) -> list[Cohort]:
        query = select(Cohort).join(orm.places).where(orm.places.c.staff_id == staff_id,
                                                      orm.places.c.status == PlaceStatus.BOOKED,
                                                      Cohort.status.in_(STILL_TO_RUN))
        return list(self.session.scalars(query))

    def taught_by(self, staff_id: str) -> list[Cohort]:
        # JSON containment differs between databases; trainers teach few cohorts, so filter here.
        query = select(Cohort).where(Cohort.status.in_(STILL_TO_RUN))
        return [c for c in self.session.scalars(query) if staff_id in c.trainer_ids]


class SqlNominationRepository(_OnSession, NominationRepository):
    def get(self, nomination_id: str, *, lock: bool = False) -> Nomination | None:
        # Its approvals in the same round trip; a lock holds the nomination's row alone.
        return self.session.get(Nomination, nomination_id, options=[joinedload(Nomination.approvals)],
                                with_for_update={"of": orm.nominations} if lock else None)

    def open_for(self, nominee_id: str, level: int) -> Nomination | None:
        query = select(Nomination).where(
            Nomination.nominee_id == nominee_id, Nomination.level == level, Nomination.status.in_(OPEN_STATUSES)
        )
        return self.session.scalars(query).first()

    def for_nominee(self, nominee_id: str) -> list[Nomination]:
        query = select(Nomination).where(Nomination.nominee_id == nominee_id).order_by(Nomination.nominated_at)
        return list(self.session.scalars(query))

    def awaiting_decision_of(self, manager_ids: set[str]) -> list[Nomination]:
        if not manager_ids:
            return []
        query = (
            select(Nomination)
            .join(StaffCopy, StaffCopy.staff_id == Nomination.nominee_id)
            .where(or_(
                and_(Nomination.status == NominationStatus.AWAITING_LINE_MANAGER,
                     StaffCopy.line_manager_id.in_(manager_ids)),
                and_(Nomination.status == NominationStatus.AWAITING_SENIOR_MANAGER,
                     StaffCopy.senior_manager_id.in_(manager_ids)),
            ))
            .order_by(Nomination.awaiting_since, Nomination.id)
        )
        return list(self.session.scalars(query))

    def awaiting_since_before(self, cutoff: datetime) -> list[Nomination]:
        query = (
            select(Nomination)
            .where(Nomination.status.in_(AWAITING), Nomination.awaiting_since <= cutoff)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def count_by_status(self, level: int) -> dict[str, int]:
        query = (
            select(Nomination.status, func.count())
            .where(Nomination.level == level, Nomination.kind == CohortKind.COURSE)
            .group_by(Nomination.status)
        )
        return {status: count for status, count in self.session.execute(query)}

    def general_list(self, level: int) -> list[Nomination]:
        query = (
            select(Nomination)
            .where(Nomination.level == level, Nomination.kind == CohortKind.COURSE,
                   Nomination.status == NominationStatus.APPROVED, Nomination.cohort_id.is_(None))
            .order_by(Nomination.awaiting_since, Nomination.id)
        )
        return list(self.session.scalars(query))


class SqlDelegationRepository(_OnSession, DelegationRepository):
    def get(self, delegation_id: str) -> Delegation | None:
        return self.session.get(Delegation, delegation_id)

    def covering(self, delegate_id: str, on: date) -> list[Delegation]:
        query = select(Delegation).where(
            Delegation.delegate_id == delegate_id,
            Delegation.starts_on <= on,
            Delegation.ends_on >= on,
            Delegation.ended_at.is_(None),
        )
        return list(self.session.scalars(query))

    def delegates_of(self, manager_id: str, on: date) -> list[str]:
        query = select(Delegation.delegate_id).where(
            Delegation.manager_id == manager_id,
            Delegation.starts_on <= on,
            Delegation.ends_on >= on,
            Delegation.ended_at.is_(None),
        )
        return sorted(set(self.session.scalars(query)))

    def starting_untold(self, on: date) -> list[Delegation]:
        query = (
            select(Delegation)
            .where(
                Delegation.stand_in_told.is_(False),
                Delegation.starts_on <= on,
                Delegation.ends_on >= on,
                Delegation.ended_at.is_(None),
            )
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))


class SqlCertificateRepository(_OnSession, CertificateRepository):
    def add(self, certificate: Certificate) -> None:
        # No relationship ties a certificate to its completion, so write the completion first.
        self.session.flush()
        self.session.add(certificate)

    def get(self, certificate_id: str, *, lock: bool = False) -> Certificate | None:
        return self.session.get(Certificate, certificate_id, with_for_update=lock)

    def by_code(self, code: str) -> Certificate | None:
        return self.session.scalars(select(Certificate).where(Certificate.verification_code == code)).first()

    def for_staff(self, staff_id: str) -> list[Certificate]:
        query = select(Certificate).where(Certificate.staff_id == staff_id).order_by(Certificate.level)
        return list(self.session.scalars(query))

    def of(self, staff_id: str, level: int, *, lock: bool = False) -> Certificate | None:
        query = select(Certificate).where(Certificate.staff_id == staff_id, Certificate.level == level)
        if lock:
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def valid_expiring_by(self, last_day: date) -> list[Certificate]:
        query = (
            select(Certificate)
            .where(Certificate.status == CertificateStatus.VALID, Certificate.expires_on <= last_day)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def lapsed_staff(self, level: int) -> set[str]:
        query = select(Certificate.staff_id).where(
            Certificate.level == level, Certificate.status != CertificateStatus.VALID
        )
        return set(self.session.scalars(query))

    def count_lapsed(self) -> dict[int, int]:
        query = (
            select(Certificate.level, func.count())
            .where(Certificate.status != CertificateStatus.VALID)
            .group_by(Certificate.level)
        )
        return {level: count for level, count in self.session.execute(query)}


def participant_for_completion(session: Session, cohort_id: str, staff_id: str
                               ) -> tuple[Cohort, Nomination | None, list[Competence], bool] | None:
    """On PostgreSQL, in one statement: the cohort locked, with its days and of its places only this
    person's (with their attendance and sign-offs); that place's nomination locked, with its approvals;
    the level's current competences; whether they have completed the level (False without a place).
    None: no such cohort. The cohort and the nomination, with what they hold, are the session's, as though
    it had loaded them (a refresher's renewal is flushed from them); the competences, only read, are not.

    The headline's training hop pays for this read: three ORM queries and the loading of their joined
    rows took 1.7-2.0 ms of CPU, a third of the completion's; one statement of JSON read through the
    mappers takes about half that, and two round trips fewer (bench/README.md, seventh round).
    """
    row = session.execute(_COMPLETING, {"cohort_id": cohort_id, "staff_id": staff_id}).one_or_none()
    if row is None:
        return None
    cohort_row, days, place, attendance, sign_offs, nomination_row, approvals, competences, completed = row
    seat = None if place is None else as_stored(
        Place, place, attendance=[as_stored(Attendance, a) for a in attendance],
        sign_offs=[as_stored(SignOff, s) for s in sign_offs])
    cohort = as_stored(Cohort, cohort_row, days=[as_stored(CohortDay, d) for d in days],
                       places=[] if seat is None else [seat])
    nomination = None if nomination_row is None else as_stored(
        Nomination, nomination_row, approvals=[as_stored(Approval, a) for a in approvals])
    read_competences = [as_stored(Competence, c) for c in competences]
    session.add_all([cohort, *([nomination] if nomination else [])])
    return cohort, nomination, read_competences, completed


# Each row as to_jsonb writes it (column name: value), each collection in the order its relationship
# keeps. The cohort's and the nomination's rows are locked, as the ORM's queries locked them; the
# nomination's CTE, locking, is evaluated once, when the seat is found.
_COMPLETING: TextClause = text("""
WITH cohort AS (
    SELECT * FROM cohorts WHERE id = :cohort_id FOR UPDATE
), seat AS (
    SELECT * FROM places WHERE cohort_id = :cohort_id AND staff_id = :staff_id
), nomination AS (
    SELECT nominations.* FROM nominations JOIN seat ON seat.nomination_id = nominations.id FOR UPDATE OF nominations
)
SELECT to_jsonb(cohort),
       (SELECT coalesce(jsonb_agg(d ORDER BY d.date), '[]') FROM cohort_days d WHERE d.cohort_id = cohort.id),
       (SELECT to_jsonb(seat) FROM seat),
       (SELECT coalesce(jsonb_agg(a ORDER BY a.date), '[]') FROM attendance a JOIN seat ON a.place_id = seat.id),
       (SELECT coalesce(jsonb_agg(s), '[]') FROM sign_offs s JOIN seat ON s.place_id = seat.id),
       (SELECT to_jsonb(nomination) FROM nomination),
       (SELECT coalesce(jsonb_agg(a ORDER BY a.approved_at), '[]')
        FROM approvals a JOIN nomination ON a.nomination_id = nomination.id),
       (SELECT coalesce(jsonb_agg(c ORDER BY c.position, c.code), '[]')
        FROM competences c WHERE c.level = cohort.level AND NOT c.retired),
       EXISTS (SELECT FROM level_completions l JOIN seat ON l.staff_id = seat.staff_id WHERE l.level = cohort.level)
FROM cohort
""")


@cache
def _competences_of_level(include_retired: bool) -> Select:
    """Built once: every course completion reads them."""
    query = select(Competence).where(Competence.level == bindparam("level"))
    if not include_retired:
        query = query.where(Competence.retired.is_(False))
    return query.order_by(Competence.position, Competence.code)
