"""Referrals' state machine, consent and override rules, and the audit's who-is-audited rule: no I/O."""

from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, InvalidInput
from sessions.domain import policy
from sessions.domain.audit import ConfidentialRead, RecordKind
from sessions.domain.model import Mode, Scope, SupportRequest, Urgency
from sessions.domain.referrals import TRANSITIONS, Action, Party, Referral, ReferralStatus, Service, ShareItem

NOW = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
ANN, SUE, CLEO = "ann", "sue", "cleo"
S = ReferralStatus
OVERRIDE_REASON = "Risk of serious harm disclosed; the duty to act outweighs the refusal."


def suggested(service: Service = Service.OCCUPATIONAL_HEALTH) -> Referral:
    return Referral.suggest(request_id="r1", requester_id=ANN, supporter_id=SUE, service=service,
                            reason="  Back pain after lifting; needs an assessment.  ", at=NOW)


def in_state(status: ReferralStatus) -> Referral:
    """A referral walked to `status` through the legal moves only."""
    referral = suggested()
    path = {
        S.SUGGESTED: [], S.CONSENTED: ["consent"], S.REFUSED: ["refuse"], S.MADE: ["consent", "make"],
        S.ACCEPTED: ["consent", "make", "accept"], S.DECLINED: ["consent", "make", "decline"],
        S.CLOSED: ["close"],
    }[status]
    for step in path:
        act(referral, step)
    return referral


def act(referral: Referral, step: str) -> None:
    at = NOW + timedelta(minutes=len(referral.decisions))
    match step:
        case "consent":
            referral.give_consent([ShareItem.NAME_AND_CONTACT], None, ANN, at)
        case "refuse":
            referral.refuse_consent([], "not now", ANN, at)
        case "make":
            referral.make(SUE, Party.SUPPORTER, at)
        case "override":
            referral.override(OVERRIDE_REASON, [ShareItem.NAME_AND_CONTACT], CLEO, at)
        case "accept":
            referral.record_outcome(True, SUE, Party.SUPPORTER, at)
        case "decline":
            referral.record_outcome(False, SUE, Party.SUPPORTER, at)
        case "close":
            referral.close(SUE, Party.SUPPORTER, at)


STEPS = {"consent": Action.CONSENT, "refuse": Action.REFUSE, "make": Action.MAKE, "override": Action.OVERRIDE,
         "accept": Action.ACCEPT, "decline": Action.DECLINE, "close": Action.CLOSE}


def test_a_suggestion_opens_the_trail_and_keeps_the_reason_trimmed():
    referral = suggested()
    assert (referral.status, referral.reason, referral.urgent) == (
        S.SUGGESTED, "Back pain after lifting; needs an assessment.", False)
    [first] = referral.decisions
    assert (first.action, first.from_status, first.to_status, first.decided_by, first.party, first.decided_at) == (
        Action.SUGGEST, None, S.SUGGESTED, SUE, Party.SUPPORTER, NOW)
    assert suggested(Service.URGENT).urgent


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_suggestion_needs_a_reason(reason):
    with pytest.raises(InvalidInput) as refused:
        Referral.suggest(request_id="r1", requester_id=ANN, supporter_id=SUE, service=Service.GP, reason=reason, at=NOW)
    assert refused.value.field == "reason"


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("step", sorted(STEPS))
def test_every_move_is_allowed_from_its_states_only_and_recorded(status, step):
    referral = in_state(status)
    decisions = len(referral.decisions)
    allowed, to = TRANSITIONS[STEPS[step]]
    if status in allowed:
        act(referral, step)
        assert referral.status == to
        last = referral.decisions[-1]
        assert (last.action, last.from_status, last.to_status) == (STEPS[step], status, to)
        assert len(referral.decisions) == decisions + 1
    else:
        with pytest.raises(Conflict):
            act(referral, step)
        assert referral.status == status
        assert len(referral.decisions) == decisions


def test_the_machine_is_the_one_the_issue_names():
    assert TRANSITIONS[Action.MAKE] == (frozenset({S.CONSENTED}), S.MADE)
    assert TRANSITIONS[Action.OVERRIDE][0] == {S.SUGGESTED, S.REFUSED}
    assert TRANSITIONS[Action.ACCEPT][0] == TRANSITIONS[Action.DECLINE][0] == {S.MADE}
    assert TRANSITIONS[Action.CLOSE][0] == set(S) - {S.CLOSED}


def test_consent_says_what_may_be_shared_and_making_passes_on_exactly_that():
    referral = suggested()
    referral.give_consent([ShareItem.SUPPORT_SO_FAR, ShareItem.NAME_AND_CONTACT, ShareItem.NAME_AND_CONTACT],
                          "  not my manager's name ", ANN, NOW)
    assert (referral.consent_given, referral.consent_shares, referral.consent_note, referral.consent_decided_at) == (
        True, [ShareItem.NAME_AND_CONTACT, ShareItem.SUPPORT_SO_FAR], "not my manager's name", NOW)
    referral.make(CLEO, Party.COORDINATOR, NOW)
    assert (referral.passed_on, referral.made_by, referral.safeguarding_override) == (
        [ShareItem.NAME_AND_CONTACT, ShareItem.SUPPORT_SO_FAR], CLEO, False)


def test_consent_with_a_note_alone_is_enough_but_with_nothing_is_not():
    referral = suggested()
    with pytest.raises(InvalidInput) as refused:
        referral.give_consent([], "   ", ANN, NOW)
    assert refused.value.field == "shares"
    assert referral.status == S.SUGGESTED
    referral.give_consent([], "Only that I am a nurse on nights", ANN, NOW)
    assert referral.status == S.CONSENTED


def test_a_refusal_shares_nothing_and_nothing_can_be_made_without_an_override():
    referral = suggested()
    with pytest.raises(InvalidInput) as refused:
        referral.refuse_consent([ShareItem.JOB_AND_TEAM], None, ANN, NOW)
    assert refused.value.field == "shares"
    referral.refuse_consent([], None, ANN, NOW)
    with pytest.raises(Conflict, match="not consented"):
        referral.make(SUE, Party.SUPPORTER, NOW)
    assert (referral.status, referral.passed_on) == (S.REFUSED, [])


def test_the_person_may_change_their_mind_until_it_is_made():
    referral = suggested()
    referral.refuse_consent([], None, ANN, NOW)
    referral.give_consent([ShareItem.JOB_AND_TEAM], None, ANN, NOW)
    referral.refuse_consent([], None, ANN, NOW)
    assert (referral.status, referral.consent_given, referral.consent_shares) == (S.REFUSED, False, [])
    referral.give_consent([ShareItem.JOB_AND_TEAM], None, ANN, NOW)
    referral.make(SUE, Party.SUPPORTER, NOW)
    with pytest.raises(Conflict):
        referral.refuse_consent([], None, ANN, NOW)


@pytest.mark.parametrize(("reason", "shares", "field"), [
    ("because", [ShareItem.NAME_AND_CONTACT], "reason"),
    ("   " + "x" * 10 + "   ", [ShareItem.NAME_AND_CONTACT], "reason"),
    (OVERRIDE_REASON, [], "shares"),
])
def test_an_override_is_written_and_itemised(reason, shares, field):
    referral = suggested()
    with pytest.raises(InvalidInput) as refused:
        referral.override(reason, shares, CLEO, NOW)
    assert refused.value.field == field
    assert referral.status == S.SUGGESTED


def test_an_override_passes_on_what_the_coordinator_names_and_says_so():
    referral = in_state(S.REFUSED)
    referral.override(OVERRIDE_REASON, [ShareItem.REASON_FOR_REFERRAL], CLEO, NOW)
    assert (referral.status, referral.safeguarding_override, referral.override_reason, referral.passed_on) == (
        S.MADE, True, OVERRIDE_REASON, [ShareItem.REASON_FOR_REFERRAL])
    last = referral.decisions[-1]
    assert (last.action, last.from_status, last.party, last.decided_by) == (
        Action.OVERRIDE, S.REFUSED, Party.COORDINATOR, CLEO)


def request() -> SupportRequest:
    held = SupportRequest(requester_id=ANN, mode=Mode.PHONE, scope=Scope.ANY, urgency=Urgency.SOON,
                          details="x", created_at=NOW)
    held.allocate(SUE, NOW)
    return held


def caller(staff_id: str, *roles: str) -> Principal:
    return Principal(staff_id=staff_id, roles=frozenset(("staff", *roles)))


def test_parties_to_a_request_and_whose_reads_are_audited():
    held = request()
    assert policy.party_to_request(held, caller(ANN)) is Party.REQUESTER
    assert policy.party_to_request(held, caller(ANN, "coordinator")) is Party.REQUESTER
    assert policy.party_to_request(held, caller(SUE)) is Party.SUPPORTER
    assert policy.party_to_request(held, caller(CLEO, "coordinator")) is Party.COORDINATOR
    for stranger in (caller("ann's manager", "line_manager"), caller("other supporter", "peer_supporter"),
                     caller("root", "admin")):
        assert policy.party_to_request(held, stranger) is None
    assert policy.read_is_audited(held, caller(CLEO, "coordinator"))
    assert not policy.read_is_audited(held, caller(ANN, "coordinator"))
    assert not policy.read_is_audited(held, caller(SUE, "coordinator"))
    assert not policy.read_is_audited(held, caller(ANN))
    assert policy.may_read_audit(caller("root", "admin"))
    assert not policy.may_read_audit(caller(CLEO, "coordinator"))


def test_a_read_keeps_its_reason_and_one_without_a_reason_or_with_a_long_one_is_refused():
    read = ConfidentialRead.of(reader_id=CLEO, reader_roles=["staff", "coordinator"], subject_id=ANN,
                               record_kind=RecordKind.REFERRAL, record_id="x", reason="  A safeguarding concern ",
                               at=NOW)
    assert (read.reason, read.reader_roles) == ("A safeguarding concern", ["coordinator", "staff"])
    for reason, said in ((None, "someone else's support request"), ("   ", "someone else's support request"),
                         ("x" * 501, "at most 500")):
        with pytest.raises(InvalidInput) as refused:
            ConfidentialRead.of(reader_id=CLEO, reader_roles=[], subject_id=ANN, record_kind=RecordKind.REFERRAL,
                                record_id="x", reason=reason, at=NOW)
        assert refused.value.field == "reason" and said in refused.value.detail
