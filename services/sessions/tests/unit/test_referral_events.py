"""What referral events carry: the parties, the state and the urgency, never the service or the reason."""

from datetime import UTC, datetime

from psn_shared.events import Envelope
from sessions.domain.model import Mode, Scope, SupportRequest, Urgency
from sessions.domain.referrals import Party, Referral, Service, ShareItem
from sessions.events import published

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)
SUE, ANN, CLEO, NEW = (f"5a1b2c3d-0000-4000-8000-00000000000{n}" for n in range(1, 5))


def held_by(supporter_id: str | None) -> SupportRequest:
    request = SupportRequest(requester_id=ANN, mode=Mode.PHONE, scope=Scope.ANY, urgency=Urgency.URGENT,
                             details="Confidential details.", created_at=NOW)
    if supporter_id:
        request.allocate(supporter_id, NOW)
    return request


def wire(event) -> dict:
    return Envelope.of(event, source="t").to_dict()["data"]


def test_a_suggestion_carries_the_parties_and_the_urgency_only():
    request = held_by(SUE)
    referral = Referral.suggest(request_id=request.id, requester_id=ANN, supporter_id=SUE, service=Service.URGENT,
                                reason="Said they might hurt themselves.", at=NOW)
    event = published.referral_suggested(referral)
    assert (event.type, event.subject) == ("sessions.referral.suggested", request.id)
    assert wire(event) == {"referral_id": referral.id, "request_id": request.id, "requester_id": ANN,
                           "supporter_id": SUE, "urgent": True, "suggested_at": NOW.isoformat()}


def test_a_decision_carries_the_state_who_decided_and_who_supports_the_person_now():
    request = held_by(SUE)
    referral = Referral.suggest(request_id=request.id, requester_id=ANN, supporter_id=SUE, service=Service.GP,
                                reason="Sleep.", at=NOW)
    referral.give_consent([ShareItem.REASON_FOR_REFERRAL], "Only about sleep", ANN, NOW)
    request.allocate(NEW, NOW)  # the case moved on: the new supporter is the one to tell
    data = wire(published.referral_decided(referral, request))
    assert data == {"referral_id": referral.id, "request_id": request.id, "requester_id": ANN, "supporter_id": NEW,
                    "decision": "consented", "decided_by": ANN, "decided_at": NOW.isoformat(), "safeguarding": False}
    referral.make(CLEO, Party.COORDINATOR, NOW)
    waiting = held_by(None)
    data = wire(published.referral_decided(referral, waiting))
    assert (data["decision"], data["decided_by"], data["supporter_id"], data["safeguarding"]) == (
        "made", CLEO, None, False)  # made with consent, by whoever holds the case: not an override
    text = str(data)
    for secret in ("Sleep", "sleep", "gp", "reason_for_referral", "Confidential"):
        assert secret not in text
