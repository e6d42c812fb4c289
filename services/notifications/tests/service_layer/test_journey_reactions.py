"""A request moving between supporters, and one waiting too long: who is told, neutrally, once."""

from __future__ import annotations

import pytest

from notifications.domain.model import StaffCopy
from psn_shared.events import Envelope
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork
from services.notifications.tests.service_layer.support import T0, allocated, handle, left, new_id, person

NOT_ON_A_SHARED_SCREEN = ("peer support", "support", "sought", "help")


@pytest.fixture
def uow() -> FakeNotificationsUnitOfWork:
    return FakeNotificationsUnitOfWork()


def sessions(type_: str, **data: object) -> Envelope:
    return Envelope.new(f"sessions.request.{type_}", data, source="sessions")


def inbox(uow: FakeNotificationsUnitOfWork, who: StaffCopy) -> list[tuple[str, str]]:
    return [(entry.subject, entry.body) for entry in uow.inbox.of(who.staff_id)]


def neutral(subject: str) -> bool:
    return not any(word in subject.lower() for word in NOT_ON_A_SHARED_SCREEN)


def test_an_acceptance_tells_the_supporter_neutrally_and_once(uow):
    rita, sam = person(uow, "Rita Requester"), person(uow, "Sam Supporter")
    event = sessions("accepted", request_id=new_id(), requester_id=rita.staff_id, supporter_id=sam.staff_id,
                     accepted_at=T0)
    handle(uow, event)
    handle(uow, event)  # redelivered: no second message
    [(subject, body)] = inbox(uow, sam)
    assert neutral(subject) and "Rita" not in subject
    assert "accepted" in body
    assert inbox(uow, rita) == []


def test_a_case_handed_back_tells_the_requester_only_while_it_waits(uow):
    rita, sam, sue = person(uow, "Rita Requester"), person(uow, "Sam Supporter"), person(uow, "Sue Supporter")
    common = {"requester_id": rita.staff_id, "previous_supporter_id": sam.staff_id, "handed_back_at": T0}
    handle(uow, sessions("handed_back", request_id=new_id(), supporter_id=sue.staff_id, **common))
    assert inbox(uow, rita) == [] and inbox(uow, sam) == []  # the allocation event tells Rita of Sue
    handle(uow, sessions("handed_back", request_id=new_id(), supporter_id=None, **common))
    [(subject, body)] = inbox(uow, rita)
    assert neutral(subject) and "someone new" in body
    assert "Sam" not in body


@pytest.mark.parametrize(("cause", "said"), [
    ("requester_asked", "asked to continue with someone else"),
    ("coordinator", "network coordinator"),
    ("line_authority", "change in line management"),
])
def test_a_moved_case_tells_the_previous_supporter_why_neutrally(uow, cause, said):
    rita, sam, sue = person(uow, "Rita Requester"), person(uow, "Sam Supporter"), person(uow, "Sue Supporter")
    handle(uow, sessions("reallocated", request_id=new_id(), requester_id=rita.staff_id,
                         previous_supporter_id=sam.staff_id, supporter_id=sue.staff_id, cause=cause,
                         reallocated_at=T0))
    [(subject, body)] = inbox(uow, sam)
    assert neutral(subject) and said in body and "Rita" not in body and "Sue" not in body
    assert inbox(uow, sue) == [] and inbox(uow, rita) == []


def test_a_case_moved_by_a_change_in_line_management_that_now_waits_tells_the_requester(uow):
    rita, sam = person(uow, "Rita Requester"), person(uow, "Sam Supporter")
    handle(uow, sessions("reallocated", request_id=new_id(), requester_id=rita.staff_id,
                         previous_supporter_id=sam.staff_id, supporter_id=None, cause="line_authority",
                         reallocated_at=T0))
    assert [subject for subject, _ in inbox(uow, rita)] == ["An update for you"]


def test_a_long_wait_alerts_every_active_coordinator_but_not_whose_and_not_the_requester(uow):
    rita = person(uow, "Rita Requester")
    cleo = person(uow, "Cleo Coordinator", roles=("coordinator",))
    carl = person(uow, "Carl Coordinator", roles=("coordinator",))
    gone = person(uow, "Gil Gone", roles=("coordinator",))
    handle(uow, left(gone.staff_id))
    request_id = new_id()
    handle(uow, sessions("waiting_too_long", request_id=request_id, requester_id=rita.staff_id,
                         waiting_since=T0))
    [(subject, body)] = inbox(uow, cleo)
    assert neutral(subject) and request_id in body and "Rita" not in body
    assert "20 November 2026 at 10:00 GMT" in body  # T0, shown in Europe/London time
    assert len(inbox(uow, carl)) == 1 and inbox(uow, gone) == [] and inbox(uow, rita) == []
    handle(uow, sessions("waiting_too_long", request_id=new_id(), requester_id=cleo.staff_id, waiting_since=T0))
    assert len(inbox(uow, cleo)) == 1 and len(inbox(uow, carl)) == 2


def test_the_allocation_subject_for_the_requester_is_neutral(uow):
    rita, sam = person(uow, "Rita Requester"), person(uow, "Sam Supporter")
    handle(uow, allocated(rita.staff_id, sam.staff_id))
    [(subject, _)] = inbox(uow, rita)
    assert neutral(subject)
