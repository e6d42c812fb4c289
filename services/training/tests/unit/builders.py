"""Domain objects for the unit tests: people with both managers, cohorts, nominations taken through approval."""

from __future__ import annotations

from datetime import UTC, date, datetime

from training.domain.cohorts import Cohort, CohortDay
from training.domain.nominations import Approval, Nomination, nominate
from training.domain.staff import StaffCopy

NOW = datetime(2026, 11, 1, 10, tzinfo=UTC)
LINE, SENIOR = "line-1", "senior-1"
DAY_1, DAY_2 = date(2026, 12, 1), date(2026, 12, 2)


def person(staff_id: str = "ann", **kwargs) -> StaffCopy:
    kwargs.setdefault("line_manager_id", LINE)
    kwargs.setdefault("senior_manager_id", SENIOR)
    return StaffCopy(staff_id=staff_id, name=staff_id.title(), as_of=NOW, **kwargs)


def cohort(capacity: int = 10, level: int = 2, dates=(DAY_1, DAY_2), **kwargs) -> Cohort:
    days = [CohortDay(on=on, location="Room 4") for on in dates]
    return Cohort(name="Autumn", level=level, capacity=capacity, days=days, created_by="c", **kwargs)


def nomination_for(member: StaffCopy, course: Cohort | None, level: int = 2,
                   refusal: str | None = None) -> Nomination:
    return nominate(member, level=level, cohort=course, nominated_by=member.staff_id, completed_levels={1, 2} - {level},
                    has_open_nomination=False, level_3_refusal=refusal, at=NOW)


def approve(nomination: Nomination, member: StaffCopy, approver: str, hours: int | None = 4,
            acting_for: set[str] | None = None) -> Approval:
    return nomination.approve(member, approver_id=approver, acting_for=acting_for or {approver},
                              monthly_hours=hours, at=NOW)


def booked(member: StaffCopy, course: Cohort, hours: tuple[int, int] = (4, 3)) -> Nomination:
    nomination = nomination_for(member, course)
    approve(nomination, member, LINE, hours[0])
    approve(nomination, member, SENIOR, hours[1])
    nomination.booked(course, course.place(nomination, NOW))
    return nomination
