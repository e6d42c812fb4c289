"""Repositories: how training finds and stores its aggregates.

`lock=True` takes a row lock (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises writers
anyway) so that two requests deciding on the same thing queue up instead of both succeeding.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from training.domain.model import OPEN_STATUSES, Cohort, LevelCompletion, Nomination, StaffMember


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, member: StaffMember) -> None:
        self.session.add(member)

    def get(self, staff_id: str, *, lock: bool = False) -> StaffMember | None:
        return self.session.get(StaffMember, staff_id, with_for_update=lock)


class CompletionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, completion: LevelCompletion) -> None:
        self.session.add(completion)

    def get(self, staff_id: str, level: int) -> LevelCompletion | None:
        query = select(LevelCompletion).where(LevelCompletion.staff_id == staff_id, LevelCompletion.level == level)
        return self.session.scalars(query).first()

    def for_staff(self, staff_id: str) -> list[LevelCompletion]:
        query = select(LevelCompletion).where(LevelCompletion.staff_id == staff_id).order_by(LevelCompletion.level)
        return list(self.session.scalars(query))


class CohortRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, cohort: Cohort) -> None:
        self.session.add(cohort)

    def get(self, cohort_id: str, *, lock: bool = False) -> Cohort | None:
        return self.session.get(Cohort, cohort_id, with_for_update=lock)


class NominationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, nomination: Nomination) -> None:
        self.session.add(nomination)

    def get(self, nomination_id: str, *, lock: bool = False) -> Nomination | None:
        return self.session.get(Nomination, nomination_id, with_for_update=lock)

    def open_for(self, nominee_id: str, level: int) -> Nomination | None:
        query = select(Nomination).where(
            Nomination.nominee_id == nominee_id, Nomination.level == level, Nomination.status.in_(OPEN_STATUSES)
        )
        return self.session.scalars(query).first()

    def for_nominee(self, nominee_id: str) -> list[Nomination]:
        query = select(Nomination).where(Nomination.nominee_id == nominee_id).order_by(Nomination.nominated_at)
        return list(self.session.scalars(query))
