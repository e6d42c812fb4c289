"""Every event sessions publishes, built from domain objects, matches the catalogue and survives the wire."""

from datetime import UTC, datetime

import pytest

from psn_shared.events import Envelope, NewEvent
from services.sessions.tests.unit.conversation_events import CONVERSATION_CASES, proposed, withdrawn
from services.sessions.tests.unit.reflective_events import REFLECTIVE_CASES
from sessions.domain.model import Mode, Scope, SupporterProfile, SupportRequest, Urgency
from sessions.domain.referrals import Referral, Service
from sessions.events import published

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)
SUE, ANN = "5a1b2c3d-0000-4000-8000-000000000001", "5a1b2c3d-0000-4000-8000-000000000002"
OTHER = "5a1b2c3d-0000-4000-8000-000000000003"


def request() -> SupportRequest:
    return SupportRequest(requester_id=ANN, mode=Mode.IN_PERSON, scope=Scope.OUTSIDE_TEAM, urgency=Urgency.URGENT,
                          details="Confidential.", created_at=NOW, location="Gartnavel General")


def allocated() -> SupportRequest:
    held = request()
    held.allocate(SUE, NOW)
    return held


def waiting() -> SupportRequest:
    left_waiting = request()
    left_waiting.wait("no supporter offers in-person support at Gartnavel General")
    return left_waiting


def accepted() -> SupportRequest:
    held = allocated()
    held.accept(NOW)
    return held


def referral() -> Referral:
    return Referral.suggest(request_id=allocated().id, requester_id=ANN, supporter_id=SUE, service=Service.GP,
                            reason="Confidential.", at=NOW)


CASES = {
    "supporter_activated": lambda: published.supporter_activated(
        SupporterProfile.granted(SUE, monthly_hours=3, at=NOW)),
    "request_allocated": lambda: published.request_allocated(allocated()),
    "request_waiting": lambda: published.request_waiting(waiting()),
    "request_accepted": lambda: published.request_accepted(accepted()),
    "request_handed_back": lambda: published.request_handed_back(waiting(), SUE, NOW),
    "request_reallocated": lambda: published.request_reallocated(allocated(), OTHER, "line_authority", NOW),
    "request_waiting_too_long": lambda: published.request_waiting_too_long(waiting()),
    "referral_suggested": lambda: published.referral_suggested(referral()),
    "referral_decided": lambda: published.referral_decided(referral(), allocated()),
    **CONVERSATION_CASES,
    **REFLECTIVE_CASES,
}


def test_every_function_in_published_has_a_case():
    functions = {name for name, value in vars(published).items()
                 if callable(value) and getattr(value, "__module__", None) == published.__name__}
    assert functions == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_event_matches_the_catalogue_and_survives_the_wire(name):
    event = CASES[name]()
    assert isinstance(event, NewEvent)
    assert event.type.startswith("sessions.")
    envelope = Envelope.of(event, source="t")
    again = Envelope.from_json(envelope.to_json())
    assert (again.type, again.subject, again.data) == (event.type, event.subject, envelope.data)


def test_a_request_event_says_nothing_confidential():
    for event in (published.request_allocated(allocated()), published.request_waiting(waiting())):
        wire = Envelope.of(event, source="t").to_dict()["data"]
        assert event.subject == wire["request_id"]
        assert not {"details", "scope", "urgency", "location"} & set(wire)


def test_what_the_events_carry():
    held = allocated()
    assert Envelope.of(published.request_allocated(held), source="t").to_dict()["data"] == {
        "request_id": held.id, "requester_id": ANN, "supporter_id": SUE, "mode": "in_person",
        "allocated_at": NOW.isoformat()}
    profile = SupporterProfile.granted(SUE, monthly_hours=None, at=NOW)
    activated = published.supporter_activated(profile)
    assert (activated.subject, activated.data.supporter_id, activated.data.monthly_capacity) == (SUE, SUE, 2)


def test_the_journeys_events_carry_ids_and_times_only():
    events = [published.request_accepted(accepted()), published.request_handed_back(waiting(), SUE, NOW),
              published.request_reallocated(allocated(), OTHER, "requester_asked", NOW),
              published.request_waiting_too_long(waiting())]
    for event in events:
        wire = Envelope.of(event, source="t").to_dict()["data"]
        assert not {"details", "scope", "urgency", "location", "reason", "handed_back_reason"} & set(wire)
    handed_back = Envelope.of(events[1], source="t").to_dict()["data"]
    assert (handed_back["previous_supporter_id"], handed_back["supporter_id"]) == (SUE, None)


def test_times_offered_carry_who_offered_them_in_order_and_how_not_where():
    offer = proposed()
    event = published.conversation_proposed(offer)
    wire = Envelope.of(event, source="t").to_dict()["data"]
    assert event.subject == offer.request_id
    assert (wire["requester_id"], wire["supporter_id"], wire["proposed_by"], wire["mode"]) == (ANN, SUE, SUE, "video")
    assert [time["starts_at"] for time in wire["times"]] == [slot.starts_at.isoformat() for slot in offer.slots]
    assert wire["times"][0]["starts_at"] < wire["times"][1]["starts_at"]
    assert not {"details", "link", "room", "reason"} & set(wire)


def test_times_withdrawn_say_who_offered_and_who_called_them_off_never_why():
    wire = Envelope.of(published.conversation_withdrawn(withdrawn()), source="t").to_dict()["data"]
    assert (wire["proposed_by"], wire["withdrawn_by"], wire["requester_id"]) == (SUE, ANN, ANN)
    assert not {"reason", "cancel_reason", "details", "times", "link", "room"} & set(wire)


def test_a_group_session_event_names_neither_the_theme_nor_who_else_comes():
    wire = Envelope.of(REFLECTIVE_CASES["group_session_booked"](), source="t").to_dict()["data"]
    assert "theme" not in wire and wire["waiting"] is True
    assert wire["staff_id"] == "5a1b2c3d-0000-4000-8000-000000000002"
