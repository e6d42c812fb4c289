"""Nominations: someone put forward for a course, then the line and senior managers' approval (or their delegates')."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.cohorts import Cohort, CohortKind, CohortStatus, Place, PlaceStatus
from training.domain.ids import new_id
from training.domain.staff import Capacity, StaffCopy

MAX_MONTHLY_HOURS = 40
LEFT_THE_BOARD = "left the board"


class NominationStatus(StrEnum):
    AWAITING_LINE_MANAGER = "awaiting_line_manager"
    AWAITING_SENIOR_MANAGER = "awaiting_senior_manager"
    APPROVED = "approved"  # both managers agreed; on the general list, with no cohort yet
    WAITING_LIST = "waiting_list"
    BOOKED = "booked"
    COMPLETED = "completed"
    REFUSED = "refused"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


AWAITING = frozenset({NominationStatus.AWAITING_LINE_MANAGER, NominationStatus.AWAITING_SENIOR_MANAGER})
OPEN_STATUSES = AWAITING | {NominationStatus.APPROVED, NominationStatus.WAITING_LIST, NominationStatus.BOOKED}
# Whose endorsement a nomination waits for, in the order they are given.
AWAITED_CAPACITY = {
    NominationStatus.AWAITING_LINE_MANAGER: Capacity.LINE_MANAGER,
    NominationStatus.AWAITING_SENIOR_MANAGER: Capacity.SENIOR_MANAGER,
}


@dataclass(eq=False)
class Approval:
    """One manager's support for a nomination (or their delegate's), with the monthly hours they confirm."""

    approver_id: str
    capacity: Capacity
    monthly_hours: int
    approved_at: datetime
    on_behalf_of: str | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Nomination:
    """A request that someone takes a course: the line manager, then the senior manager, decide.

    `awaiting_since` is when the current step began: reminders and expiry count from it.
    """

    nominee_id: str
    level: int
    nominated_by: str
    nominated_at: datetime
    cohort_id: str | None = None
    status: NominationStatus = NominationStatus.AWAITING_LINE_MANAGER
    awaiting_since: datetime | None = None
    reminders_sent: int = 0
    refused_by: str | None = None
    refused_at: datetime | None = None
    refusal_reason: str | None = None
    closed_at: datetime | None = None
    # Why a nomination ended without anyone deciding it (the nominee left the board).
    end_reason: str | None = None
    # A refresher booking needs no approval: the hours were agreed when the level was first taken.
    kind: CohortKind = CohortKind.COURSE
    approvals: list[Approval] = field(default_factory=list)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.awaiting_since = self.awaiting_since or self.nominated_at

    @property
    def agreed_monthly_hours(self) -> int | None:
        """The senior manager decides last, so their figure is the one agreed."""
        return next((a.monthly_hours for a in self.approvals if a.capacity == Capacity.SENIOR_MANAGER), None)

    @property
    def awaited_capacity(self) -> Capacity | None:
        return AWAITED_CAPACITY.get(self.status)

    def awaited_manager(self, nominee: StaffCopy) -> str | None:
        """The manager whose decision the nomination waits for, if it waits for one."""
        capacity = self.awaited_capacity
        return nominee.manager(capacity) if capacity else None

    def approve(self, nominee: StaffCopy, *, approver_id: str, acting_for: set[str], monthly_hours: int | None,
                at: datetime) -> Approval:
        """Each manager (or their delegate) confirms the monthly hours they allow.

        `acting_for` holds the managers the approver may decide for today: themselves and whoever
        delegated to them. After the senior manager the nomination is `approved`; booking follows.
        """
        capacity, manager_id = self._step_for(nominee, approver_id, acting_for)
        if monthly_hours is None or not 1 <= monthly_hours <= MAX_MONTHLY_HOURS:
            raise InvalidInput(f"monthly hours must be between 1 and {MAX_MONTHLY_HOURS}", field="monthly_hours")
        approval = Approval(
            approver_id=approver_id, capacity=capacity, monthly_hours=monthly_hours, approved_at=at,
            on_behalf_of=manager_id if manager_id != approver_id else None,
        )
        self.approvals.append(approval)
        if capacity == Capacity.LINE_MANAGER:
            self.status = NominationStatus.AWAITING_SENIOR_MANAGER
        else:
            self.status = NominationStatus.APPROVED
        self.awaiting_since, self.reminders_sent = at, 0
        return approval

    def refuse(self, nominee: StaffCopy, *, approver_id: str, acting_for: set[str], reason: str | None,
               at: datetime) -> None:
        self._step_for(nominee, approver_id, acting_for)
        if not (reason and reason.strip()):
            raise InvalidInput("say why the nomination is refused", field="reason")
        self.status = NominationStatus.REFUSED
        self.refused_by, self.refused_at, self.refusal_reason, self.closed_at = approver_id, at, reason, at

    def booked(self, cohort: Cohort, seat: Place) -> None:
        self.cohort_id = cohort.id
        self.status = NominationStatus.BOOKED if seat.status == PlaceStatus.BOOKED else NominationStatus.WAITING_LIST

    def back_to_general_list(self) -> None:
        """Its cohort was cancelled: still approved, waiting for another date."""
        self.cohort_id = None
        self.status = NominationStatus.APPROVED

    def withdraw(self, at: datetime) -> None:
        if self.status not in OPEN_STATUSES:
            raise Conflict(f"the nomination is already {self.status.replace('_', ' ')}")
        self.status, self.closed_at = NominationStatus.WITHDRAWN, at

    def end_as_nominee_left(self, at: datetime) -> None:
        """Identity says the nominee left: the nomination ends; a later reinstatement does not reopen it."""
        self.status, self.closed_at, self.end_reason = NominationStatus.WITHDRAWN, at, LEFT_THE_BOARD

    def pass_step(self, at: datetime) -> None:
        """The awaited manager changed (the directory names another): their step starts afresh."""
        self.awaiting_since, self.reminders_sent = at, 0

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def expire(self, at: datetime) -> None:
        self.status, self.closed_at = NominationStatus.EXPIRED, at

    def complete(self, at: datetime) -> None:
        self.status, self.closed_at = NominationStatus.COMPLETED, at

    def _step_for(self, nominee: StaffCopy, approver_id: str, acting_for: set[str]) -> tuple[Capacity, str]:
        """The endorsement this person gives now, and for which manager: 403 if not theirs, 409 if done."""
        if approver_id == self.nominee_id:
            raise Forbidden("nobody decides on their own nomination")
        awaited = self.awaited_capacity
        manager_id = self.awaited_manager(nominee)
        if manager_id is not None and manager_id in acting_for:
            if manager_id == self.nominee_id:
                raise Forbidden("nobody decides on their own nomination")
            if any(a.approver_id == approver_id for a in self.approvals):
                raise Conflict("the same person cannot give both endorsements")
            return awaited, manager_id
        is_manager = not acting_for.isdisjoint({nominee.line_manager_id, nominee.senior_manager_id} - {None})
        if is_manager and (awaited is None or any(a.approver_id == approver_id for a in self.approvals)):
            raise Conflict(f"the nomination is {self.status.replace('_', ' ')}; there is no decision for you to make")
        raise Forbidden("only the nominee's line manager, and then their senior manager, decide on a nomination")


def nominate(
    nominee: StaffCopy,
    *,
    level: int,
    cohort: Cohort | None,
    nominated_by: str,
    completed_levels: set[int],
    has_open_nomination: bool,
    level_3_refusal: str | None,
    at: datetime,
) -> Nomination:
    """Anyone may nominate a colleague (or themselves); the nominee must be ready for the level.

    `level_3_refusal` is why the nominee is not yet eligible for Level 3 (None when they are).
    """
    if cohort is not None and cohort.level != level:
        raise InvalidInput(f"that cohort teaches Level {cohort.level}", field="cohort_id")
    if cohort is not None and cohort.is_refresher:
        raise InvalidInput("that cohort is a refresher, for those renewing a certificate", field="cohort_id")
    if cohort is not None and cohort.status in (CohortStatus.FINISHED, CohortStatus.CANCELLED, CohortStatus.RUNNING):
        raise Conflict(f"the cohort is {cohort.status}", field="cohort_id")
    if not nominee.active:
        raise Conflict(f"{nominee.name} has left", field="nominee_id")
    if level in completed_levels:
        raise Conflict(f"Level {level} is already complete", field="nominee_id")
    if level - 1 not in completed_levels:
        raise Conflict(f"Level {level - 1} not complete", field="nominee_id")
    if level == 3 and level_3_refusal:
        raise Conflict(f"not yet eligible for Level 3: {level_3_refusal}", field="nominee_id")
    if not (nominee.line_manager_id and nominee.senior_manager_id):
        raise Conflict("a nomination needs a line manager and a senior manager on record", field="nominee_id")
    if has_open_nomination:
        raise Conflict(f"there is already an open Level {level} nomination", field="nominee_id")
    return Nomination(
        nominee_id=nominee.staff_id, level=level, cohort_id=cohort.id if cohort else None, nominated_by=nominated_by,
        nominated_at=at,
    )


def book_refresher(
    member: StaffCopy,
    cohort: Cohort,
    *,
    certificate: Certificate | None,
    has_open_nomination: bool,
    booked_by: str,
    due_within_days: int,
    at: datetime,
) -> Nomination:
    """A holder whose certificate is due (within `due_within_days` of expiry) or lapsed books a refresher.

    No approval: the managers agreed the hours when the level was first taken. The seat follows.
    """
    if cohort.status != CohortStatus.OPEN:
        raise Conflict(f"the cohort is {cohort.status}; it takes no bookings", field="cohort_id")
    if not member.active:
        raise Conflict(f"{member.name} has left", field="nominee_id")
    if certificate is None:
        raise Conflict(f"there is no Level {cohort.level} certificate to refresh", field="nominee_id")
    days_left = (certificate.expires_on - at.date()).days
    if certificate.status == CertificateStatus.VALID and days_left > due_within_days:
        raise Conflict(f"the Level {cohort.level} certificate runs until {certificate.expires_on.isoformat()}; "
                       f"a refresher is booked in its last {due_within_days} days or once lapsed", field="nominee_id")
    if has_open_nomination:
        raise Conflict(f"there is already an open Level {cohort.level} booking", field="nominee_id")
    return Nomination(
        nominee_id=member.staff_id, level=cohort.level, cohort_id=cohort.id, nominated_by=booked_by, nominated_at=at,
        status=NominationStatus.APPROVED, kind=CohortKind.REFRESHER,
    )
