"""Referral events as notifications handles them: once per event and person, urgent ones critical."""

from __future__ import annotations

import logging

import pytest

from psn_shared.events import Envelope
from psn_shared.staff_copy import StaffNotYetKnown
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork
from services.notifications.tests.service_layer.support import T0, handle, new_id, person


@pytest.fixture
def uow() -> FakeNotificationsUnitOfWork:
    return FakeNotificationsUnitOfWork()


def suggested(requester_id: str, supporter_id: str, urgent: bool = False) -> Envelope:
    return Envelope.new("sessions.referral.suggested", {
        "referral_id": new_id(), "request_id": new_id(), "requester_id": requester_id,
        "supporter_id": supporter_id, "urgent": urgent, "suggested_at": T0,
    }, source="sessions")


def decided(requester_id: str, supporter_id: str | None, decision: str, *, by: str | None = None,
            safeguarding: bool = False) -> Envelope:
    return Envelope.new("sessions.referral.decided", {
        "referral_id": new_id(), "request_id": new_id(), "requester_id": requester_id,
        "supporter_id": supporter_id, "decision": decision, "decided_by": by or requester_id, "decided_at": T0,
        "safeguarding": safeguarding,
    }, source="sessions")


def entries(uow: FakeNotificationsUnitOfWork, staff_id: str) -> list[tuple[str, bool]]:
    return [(entry.kind, entry.critical) for entry in uow.inbox.of(staff_id)]


def test_a_suggestion_asks_the_person_once_and_alerts_nobody_else(uow):
    rita, sue = person(uow, "Rita Requester"), person(uow, "Sue Supporter")
    cleo = person(uow, "Cleo Coordinator", roles=("coordinator",))
    event = suggested(rita.staff_id, sue.staff_id)
    handle(uow, event)
    handle(uow, event)
    assert entries(uow, rita.staff_id) == [("referral_suggested", False)]
    assert entries(uow, sue.staff_id) == entries(uow, cleo.staff_id) == []
    assert [d.recipient_id for d in uow.deliveries] == [rita.staff_id]


def test_an_urgent_suggestion_alerts_every_coordinator_as_critical(uow):
    rita, sue = person(uow, "Rita Requester"), person(uow, "Sue Supporter")
    cleo = person(uow, "Cleo Coordinator", roles=("coordinator",))
    carl = person(uow, "Carl Coordinator", roles=("coordinator",))
    admin = person(uow, "Ada Admin", roles=("admin",))
    handle(uow, suggested(rita.staff_id, sue.staff_id, urgent=True))
    assert entries(uow, cleo.staff_id) == entries(uow, carl.staff_id) == [("referral_urgent", True)]
    assert entries(uow, rita.staff_id) == [("referral_suggested", False)]
    assert entries(uow, admin.staff_id) == []
    assert "Rita" not in " ".join(e.body for e in uow.inbox.of(cleo.staff_id))


def test_an_urgent_suggestion_with_no_coordinator_still_asks_the_person_and_says_so(uow, caplog):
    rita, sue = person(uow, "Rita Requester"), person(uow, "Sue Supporter")
    with caplog.at_level(logging.WARNING):
        handle(uow, suggested(rita.staff_id, sue.staff_id, urgent=True))
    assert "no coordinator to alert" in caplog.text
    assert entries(uow, rita.staff_id) == [("referral_suggested", False)]


def test_a_suggestion_for_someone_not_yet_copied_is_retried(uow):
    sue = person(uow, "Sue Supporter")
    with pytest.raises(StaffNotYetKnown):
        handle(uow, suggested(new_id(), sue.staff_id))


@pytest.mark.parametrize(("decision", "told"), [("consented", True), ("refused", True), ("made", False),
                                                ("accepted", False), ("closed", False)])
def test_the_supporter_hears_the_persons_decision_only(uow, decision, told):
    rita, sue = person(uow, "Rita Requester"), person(uow, "Sue Supporter")
    handle(uow, decided(rita.staff_id, sue.staff_id, decision))
    assert entries(uow, sue.staff_id) == ([("referral_decided", False)] if told else [])
    assert entries(uow, rita.staff_id) == ([("referral_answered", False)] if decision == "accepted" else [])


@pytest.mark.parametrize(("answer", "words"), [("accepted", "it was accepted"), ("declined", "could not be taken up")])
def test_the_person_hears_the_service_answered_what_they_agreed_to_and_not_which(uow, answer, words):
    rita, sue = person(uow, "Rita Requester"), person(uow, "Sue Supporter")
    event = decided(rita.staff_id, sue.staff_id, answer)
    handle(uow, event)
    handle(uow, event)
    [entry] = uow.inbox.of(rita.staff_id)
    assert entry.subject == "An update is waiting for you" and words in entry.body
    assert "referral" not in (entry.subject + entry.body).lower()


def test_a_decision_while_the_request_waits_for_a_supporter_tells_nobody(uow):
    rita = person(uow, "Rita Requester")
    handle(uow, decided(rita.staff_id, None, "consented"))
    assert len(uow.inbox) == len(uow.deliveries) == 0


def test_a_referral_made_for_safeguarding_tells_the_person_and_their_supporter_once_and_neutrally(uow):
    rita, sue, cora = person(uow, "Rita Requester"), person(uow, "Sue Supporter"), person(uow, "Cora Coordinator")
    event = decided(rita.staff_id, sue.staff_id, "made", by=cora.staff_id, safeguarding=True)
    handle(uow, event)
    handle(uow, event)
    [to_rita], [to_sue] = uow.inbox.of(rita.staff_id), uow.inbox.of(sue.staff_id)
    assert to_rita.subject == to_sue.subject == "An update for you"
    assert "without waiting for your agreement" in to_rita.body and "concerned for your safety" in to_rita.body
    assert "without waiting for the colleague's agreement" in to_sue.body
    for entry in (to_rita, to_sue):
        assert "referral" not in (entry.subject + entry.body).lower() and "Cora" not in entry.body
    assert uow.inbox.of(cora.staff_id) == []

