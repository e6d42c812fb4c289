"""A fresh in-memory unit of work per test, and people, cohorts and levels put straight into it."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.training.tests.clock import START, TestClock
from services.training.tests.service_layer.fakes import FakeTrainingUnitOfWork
from training.domain.cohorts import Cohort, CohortDay
from training.domain.levels import CompletionSource, LevelCompletion
from training.domain.staff import StaffCopy

T0 = START


def an_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def uow(clock: TestClock) -> FakeTrainingUnitOfWork:
    return FakeTrainingUnitOfWork(clock)


class World:
    """What a use case finds in the repositories before it runs; ids are UUIDs, as events need."""

    def __init__(self, uow: FakeTrainingUnitOfWork) -> None:
        self.uow = uow

    def person(self, *, roles: tuple[str, ...] = ("staff",), levels: tuple[int, ...] = (), managed: bool = True,
               **fields: object) -> StaffCopy:
        if managed:
            fields = {"line_manager_id": an_id(), "senior_manager_id": an_id(), **fields}
        staff_id = str(fields.pop("staff_id", None) or an_id())
        name = str(fields.pop("name", "Ann Example"))
        member = StaffCopy(staff_id=staff_id, name=name, as_of=T0, roles=list(roles), **fields)
        self.uow.staff.add(member)
        for level in levels:
            self.uow.completions.add(LevelCompletion(
                staff_id=member.staff_id, level=level, completed_on=T0.date(), source=CompletionSource.LEARNPRO,
                recorded_by=an_id(), recorded_at=T0,
            ))
        return member

    def cohort(self, *, capacity: int = 10, level: int = 2, first_day: date | None = None, days: int = 2,
               **fields: object) -> Cohort:
        first_day = first_day or T0.date() + timedelta(days=14)
        course = Cohort(name=f"Cohort {an_id()[:4]}", level=level, capacity=capacity, created_by=an_id(),
                        days=[CohortDay(on=first_day + timedelta(days=n), location="Room 4") for n in range(days)],
                        **fields)
        self.uow.cohorts.add(course)
        return course


@pytest.fixture
def world(uow: FakeTrainingUnitOfWork) -> World:
    return World(uow)
