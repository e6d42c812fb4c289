"""Repositories: how training finds and stores its aggregates, as the use cases see them.

These are the abstract ones: `adapters/sql_repository.py` implements them over SQLAlchemy, and
the service-layer tests over dicts (`tests/service_layer/fakes.py`). `lock=True` asks for a row
lock: two requests deciding on the same thing queue up instead of both succeeding. The
scheduler's `due` queries skip rows another run holds, so two schedulers never do one job twice.
"""

from __future__ import annotations

import abc
from datetime import date, datetime

from training.domain.certificates import Certificate
from training.domain.cohorts import Cohort, Place
from training.domain.grading import OrganisationPolicy
from training.domain.levels import Competence, Level1Claim, LevelCompletion
from training.domain.nominations import Nomination
from training.domain.staff import Delegation, StaffCopy, Team


class StaffRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, copy: StaffCopy) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str, *, lock: bool = False) -> StaffCopy | None: ...

    @abc.abstractmethod
    def many(self, staff_ids: list[str]) -> list[StaffCopy]: ...

    @abc.abstractmethod
    def by_employee_numbers(self, numbers: set[str]) -> dict[str, StaffCopy]: ...

    @abc.abstractmethod
    def active(self) -> list[StaffCopy]: ...

    @abc.abstractmethod
    def active_in_team(self, team_id: str) -> list[StaffCopy]: ...


class OrganisationPolicyRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, policy: OrganisationPolicy) -> None: ...

    @abc.abstractmethod
    def get(self, organisation_id: str, *, lock: bool = False) -> OrganisationPolicy | None: ...

    @abc.abstractmethod
    def all(self) -> list[OrganisationPolicy]: ...


class TeamRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, team: Team) -> None: ...

    @abc.abstractmethod
    def get(self, team_id: str) -> Team | None: ...

    @abc.abstractmethod
    def all(self) -> list[Team]:
        """By service, then name."""


class CompetenceRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, competence: Competence) -> None: ...

    @abc.abstractmethod
    def get(self, competence_id: str) -> Competence | None: ...

    @abc.abstractmethod
    def for_level(self, level: int, *, include_retired: bool = False) -> list[Competence]:
        """In position order, then by code."""

    @abc.abstractmethod
    def code_taken(self, level: int, code: str) -> bool: ...

    @abc.abstractmethod
    def next_position(self, level: int) -> int: ...


class CompletionRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, completion: LevelCompletion) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str, level: int) -> LevelCompletion | None: ...

    @abc.abstractmethod
    def for_staff(self, staff_id: str) -> list[LevelCompletion]:
        """By level."""

    @abc.abstractmethod
    def staff_with_level(self, level: int) -> set[str]: ...

    @abc.abstractmethod
    def completed_on(self, cohort_id: str, staff_ids: list[str]) -> set[str]:
        """Which of these people completed their course on this cohort."""

    @abc.abstractmethod
    def count_by_level(self) -> dict[int, int]: ...


class ClaimRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, claim: Level1Claim) -> None: ...

    @abc.abstractmethod
    def get(self, claim_id: str, *, lock: bool = False) -> Level1Claim | None: ...

    @abc.abstractmethod
    def pending_for(self, staff_id: str) -> Level1Claim | None: ...

    @abc.abstractmethod
    def for_staff(self, staff_id: str) -> list[Level1Claim]:
        """The person's claims, newest first."""

    @abc.abstractmethod
    def page(self, *, status: str | None, limit: int, offset: int) -> tuple[list[Level1Claim], int]:
        """Oldest first; and how many there are in all."""


class CohortRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, cohort: Cohort) -> None: ...

    @abc.abstractmethod
    def get(self, cohort_id: str, *, lock: bool = False) -> Cohort | None: ...

    @abc.abstractmethod
    def page(self, *, level: int | None, status: str | None, limit: int, offset: int) -> tuple[list[Cohort], int]:
        """By name; and how many there are in all."""

    @abc.abstractmethod
    def booked_for(self, staff_id: str) -> list[Cohort]:
        """The planned, open or running cohorts this person holds a seat on (a finished one clashes no more)."""

    @abc.abstractmethod
    def taught_by(self, staff_id: str) -> list[Cohort]:
        """The planned, open or running cohorts this person teaches."""


class NominationRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, nomination: Nomination) -> None: ...

    @abc.abstractmethod
    def get(self, nomination_id: str, *, lock: bool = False) -> Nomination | None: ...

    @abc.abstractmethod
    def open_for(self, nominee_id: str, level: int) -> Nomination | None: ...

    @abc.abstractmethod
    def for_nominee(self, nominee_id: str) -> list[Nomination]:
        """Oldest first."""

    def for_place(self, place: Place) -> Nomination:
        """The nomination a place was given for (locked: its status changes with the place)."""
        nomination = self.get(place.nomination_id, lock=True)
        if nomination is None:
            raise LookupError(f"place {place.id} names no nomination")
        return nomination

    @abc.abstractmethod
    def awaiting_decision_of(self, manager_ids: set[str]) -> list[Nomination]:
        """Nominations whose current step waits for one of these managers (the nominee's line manager
        at the first step, senior manager at the second), oldest step first."""

    @abc.abstractmethod
    def awaiting_since_before(self, cutoff: datetime) -> list[Nomination]:
        """Nominations waiting for a manager since `cutoff` or earlier, skipping those another run holds."""

    @abc.abstractmethod
    def count_by_status(self, level: int) -> dict[str, int]: ...

    @abc.abstractmethod
    def general_list(self, level: int) -> list[Nomination]:
        """The general list: a level's course nominations both managers approved, with no cohort yet, longest
        waiting first."""


class DelegationRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, delegation: Delegation) -> None: ...

    @abc.abstractmethod
    def get(self, delegation_id: str) -> Delegation | None: ...

    @abc.abstractmethod
    def covering(self, delegate_id: str, on: date) -> list[Delegation]:
        """The delegations in force on `on` that let `delegate_id` decide for a manager."""

    @abc.abstractmethod
    def delegates_of(self, manager_id: str, on: date) -> list[str]:
        """Who may decide for `manager_id` on `on`."""

    @abc.abstractmethod
    def starting_untold(self, on: date) -> list[Delegation]:
        """The delegations in force on `on` whose stand-in has not been told, locked; those another
        scheduler holds are skipped (it is telling them)."""


class CertificateRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, certificate: Certificate) -> None: ...

    @abc.abstractmethod
    def get(self, certificate_id: str, *, lock: bool = False) -> Certificate | None: ...

    @abc.abstractmethod
    def by_code(self, code: str) -> Certificate | None: ...

    @abc.abstractmethod
    def for_staff(self, staff_id: str) -> list[Certificate]:
        """By level."""

    @abc.abstractmethod
    def of(self, staff_id: str, level: int, *, lock: bool = False) -> Certificate | None: ...

    @abc.abstractmethod
    def valid_expiring_by(self, last_day: date) -> list[Certificate]:
        """Valid certificates ending on `last_day` or before, skipping those another run holds."""

    @abc.abstractmethod
    def lapsed_staff(self, level: int) -> set[str]: ...

    @abc.abstractmethod
    def count_lapsed(self) -> dict[int, int]: ...
