"""Training's policy: the configurable numbers its rules use, and who may read or act on what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden
from psn_shared.roles import COORDINATORS, Role
from training.domain.cohorts import Cohort
from training.domain.nominations import Nomination
from training.domain.staff import StaffCopy


@dataclass(frozen=True)
class Policy:
    nomination_remind_after: timedelta = timedelta(days=7)
    nomination_expire_after: timedelta = timedelta(days=28)
    certificate_validity: timedelta = timedelta(days=730)
    refresher_reminder_days: tuple[int, ...] = (60, 14)
    level_3_min_supporter_period: timedelta = timedelta(days=180)
    level_3_min_grade: str = "Band 7"
    health_board_course_code: str = "GCC 277"
    local_authority_course_codes: tuple[str, ...] = ("LA-PW-01",)
    # A stand-in is told on their period's first day from this hour (the board's clock), not at midnight.
    stand_in_told_from_hour: int = 8


# Whoever teaches a refresher may record it, as well as the coordinators.
REFRESHER_RECORDERS = frozenset({Role.TRAINER, *COORDINATORS})


def check_may_read(member: StaffCopy, principal: Principal) -> None:
    """A person's training is theirs, their managers' and the network coordinators' business."""
    readers = (member.staff_id, member.line_manager_id, member.senior_manager_id)
    if principal.staff_id not in readers and not principal.has_role(*COORDINATORS):
        raise Forbidden("you may read only your own training and that of the people you manage")


def check_may_deliver(cohort: Cohort, principal: Principal) -> None:
    """The cohort's assigned trainers deliver it; coordinators and administrators may act for them."""
    if principal.staff_id not in cohort.trainer_ids and not principal.has_role(*COORDINATORS):
        raise Forbidden("only this cohort's trainers or a coordinator record attendance and completion")


def check_may_see_days(cohort: Cohort, principal: Principal) -> None:
    """A cohort's days go into the calendars of those booked on it and of those who deliver it (as above)."""
    delivering = principal.staff_id in cohort.trainer_ids or principal.has_role(*COORDINATORS)
    if cohort.booked_place(principal.staff_id) is None and not delivering:
        raise Forbidden("only those booked on this cohort, its trainers and a coordinator have its days in a calendar")


def check_may_book(nomination: Nomination, principal: Principal) -> None:
    if principal.staff_id != nomination.nominee_id and not principal.has_role(*COORDINATORS):
        raise Forbidden("only the nominee or a coordinator books their place")
