"""Referrals and the audit of confidential reads, on the fakes: who may do what, what is recorded and published."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.sessions.tests.news import Identity, help_source
from services.sessions.tests.service_layer.fakes import FakeSessionsUnitOfWork
from sessions.domain.audit import RecordKind
from sessions.domain.model import Mode, RequestStatus, Scope, Urgency
from sessions.domain.referrals import Action, Party, ReferralStatus, Service, ShareItem
from sessions.service_layer import audit, commands, referrals

TEAM, OTHER_TEAM = str(uuid.uuid4()), str(uuid.uuid4())
OVERRIDE_REASON = "Disclosed a plan to harm themselves tonight; safeguarding duty applies."


def caller(staff_id: str, *roles: str) -> Principal:
    return Principal(staff_id=staff_id, roles=frozenset(("staff", *roles)))


@pytest.fixture
def pair(uow: FakeSessionsUnitOfWork, identity: Identity) -> tuple[str, str, str]:
    """(request id, requester, supporter): an allocated request."""
    supporter = identity.supporter(OTHER_TEAM)
    requester = identity.register(TEAM)
    request = commands.request_support(commands.RequestSupport(
        requester_id=requester, mode=Mode.VIDEO, scope=Scope.ANY, urgency=Urgency.SOON,
        details="Struggling after a hard shift."), uow)
    assert request.supporter_id == supporter
    return request.id, requester, supporter


def suggest(uow, request_id: str, supporter: str, service: Service = Service.PSYCHOLOGICAL_SUPPORT):
    cmd = referrals.SuggestReferral(request_id=request_id, service=service, reason="Flashbacks since the incident.")
    return referrals.suggest_referral(cmd, caller(supporter), uow)


def consent(uow, referral_id: str, requester: str, given: bool = True, shares=(ShareItem.NAME_AND_CONTACT,)):
    cmd = referrals.DecideConsent(referral_id=referral_id, given=given, shares=list(shares))
    return referrals.decide_consent(cmd, caller(requester), uow)


def test_the_supporter_suggests_and_it_is_announced_without_its_content(uow, pair):
    request_id, requester, supporter = pair
    commits = uow.commits
    referral = suggest(uow, request_id, supporter)
    assert uow.referrals.get(referral.id) is referral
    assert (referral.status, referral.requester_id, referral.supporter_id) == (
        ReferralStatus.SUGGESTED, requester, supporter)
    assert uow.commits == commits + 1
    event = uow.published[-1]
    assert (event.type, event.data.urgent, event.data.requester_id) == ("sessions.referral.suggested", False, requester)


def test_an_urgent_suggestion_says_so(uow, pair):
    request_id, _, supporter = pair
    suggest(uow, request_id, supporter, Service.URGENT)
    assert uow.published[-1].data.urgent is True


def test_only_the_supporter_may_suggest_and_strangers_learn_nothing(uow, pair, identity):
    request_id, requester, supporter = pair
    count, published = len(uow.referrals), len(uow.published)
    cmd = referrals.SuggestReferral(request_id, Service.GP, "Not sleeping.")
    for who, error in ((caller(requester), Forbidden), (caller(identity.register(), "coordinator"), Forbidden),
                       (caller(identity.register()), NotFound), (caller(identity.register(), "admin"), NotFound)):
        with pytest.raises(error):
            referrals.suggest_referral(cmd, who, uow)
    with pytest.raises(NotFound):
        suggest(uow, str(uuid.uuid4()), supporter)
    assert (len(uow.referrals), len(uow.published)) == (count, published)


def test_a_closed_request_cannot_be_referred_on(uow, pair):
    request_id, requester, supporter = pair
    commands.close_request(request_id, caller(requester), uow)
    assert uow.requests.get(request_id).status == RequestStatus.CLOSED
    # Closed, the supporter no longer holds it as an open case, but still sees it: 409, not 404.
    with pytest.raises(Conflict):
        suggest(uow, request_id, supporter)
    assert len(uow.referrals) == 0


def test_the_journey_suggested_consented_made_accepted_closed_with_its_trail(uow, pair, identity):
    request_id, requester, supporter = pair
    coordinator = identity.register()
    referral = suggest(uow, request_id, supporter)
    consent(uow, referral.id, requester, shares=(ShareItem.JOB_AND_TEAM, ShareItem.NAME_AND_CONTACT))
    assert uow.published[-1].data.decision == "consented"
    assert uow.published[-1].data.supporter_id == supporter
    referrals.make_referral(referral.id, caller(supporter), uow)
    assert referral.passed_on == [ShareItem.NAME_AND_CONTACT, ShareItem.JOB_AND_TEAM]
    referrals.record_outcome(referral.id, True, caller(coordinator, "coordinator"), uow)
    referrals.close_referral(referral.id, caller(supporter), uow)
    assert referral.status == ReferralStatus.CLOSED
    trail = [(d.action, d.from_status, d.decided_by, d.party) for d in referral.decisions]
    assert trail == [
        (Action.SUGGEST, None, supporter, Party.SUPPORTER),
        (Action.CONSENT, ReferralStatus.SUGGESTED, requester, Party.REQUESTER),
        (Action.MAKE, ReferralStatus.CONSENTED, supporter, Party.SUPPORTER),
        (Action.ACCEPT, ReferralStatus.MADE, coordinator, Party.COORDINATOR),
        (Action.CLOSE, ReferralStatus.ACCEPTED, supporter, Party.SUPPORTER),
    ]
    decided = [e.data.decision for e in uow.published if e.type == "sessions.referral.decided"]
    assert decided == ["consented", "made", "accepted", "closed"]


def test_only_the_person_decides_consent(uow, pair, identity):
    request_id, _, supporter = pair
    referral = suggest(uow, request_id, supporter)
    for who, error in ((caller(supporter), Forbidden), (caller(identity.register(), "coordinator"), Forbidden),
                       (caller(identity.register()), NotFound)):
        with pytest.raises(error):
            referrals.decide_consent(referrals.DecideConsent(referral.id, True, [ShareItem.JOB_AND_TEAM]), who, uow)
    assert referral.status == ReferralStatus.SUGGESTED


def test_without_consent_nothing_is_made_and_the_person_cannot_make_it(uow, pair):
    request_id, requester, supporter = pair
    referral = suggest(uow, request_id, supporter)
    with pytest.raises(Conflict, match="not consented"):
        referrals.make_referral(referral.id, caller(supporter), uow)
    consent(uow, referral.id, requester, given=False, shares=())
    with pytest.raises(Conflict):
        referrals.make_referral(referral.id, caller(supporter), uow)
    with pytest.raises(Forbidden):
        referrals.make_referral(referral.id, caller(requester), uow)
    assert (referral.status, referral.passed_on) == (ReferralStatus.REFUSED, [])


def test_a_safeguarding_override_is_a_coordinators_outside_the_pairing(uow, pair, identity):
    request_id, requester, supporter = pair
    referral = suggest(uow, request_id, supporter)
    consent(uow, referral.id, requester, given=False, shares=())
    cmd = referrals.Override(referral.id, OVERRIDE_REASON, [ShareItem.NAME_AND_CONTACT])
    for who in (caller(supporter, "coordinator"), caller(requester, "coordinator"), caller(supporter)):
        with pytest.raises(Forbidden):
            referrals.override_consent(cmd, who, uow)
    with pytest.raises(InvalidInput):
        referrals.override_consent(referrals.Override(referral.id, "short", [ShareItem.NAME_AND_CONTACT]),
                                   caller(identity.register(), "coordinator"), uow)
    assert referral.status == ReferralStatus.REFUSED
    coordinator = identity.register()
    referrals.override_consent(cmd, caller(coordinator, "coordinator"), uow)
    assert (referral.status, referral.safeguarding_override, referral.made_by) == (
        ReferralStatus.MADE, True, coordinator)
    assert uow.published[-1].data.decision == "made"


def test_a_supporter_the_case_moved_from_no_longer_sees_its_referrals(uow, pair, identity):
    request_id, _, supporter = pair
    referral = suggest(uow, request_id, supporter)
    uow.requests.get(request_id).allocate(identity.register(), uow.requests.get(request_id).allocated_at)
    with pytest.raises(NotFound):
        referrals.open_referral(referral.id, RecordKind.REFERRAL, None, caller(supporter), uow)


def test_a_coordinators_reads_are_recorded_and_the_parties_are_not(uow, pair, identity):
    request_id, requester, supporter = pair
    referral = suggest(uow, request_id, supporter)
    referrals.open_referral(referral.id, RecordKind.REFERRAL, None, caller(requester), uow)
    referrals.open_referral(referral.id, RecordKind.CONSENT, None, caller(supporter), uow)
    audit.open_request(request_id, None, caller(requester), uow)
    assert len(uow.audit) == 0
    coordinator = identity.register()
    cleo = caller(coordinator, "coordinator")
    commits = uow.commits
    audit.open_request(request_id, "Safeguarding review", cleo, uow)
    referrals.open_referral(referral.id, RecordKind.CONSENT, "following a referral", cleo, uow)
    referrals.referrals_of_request(request_id, "checking the urgent alert", cleo, uow)
    assert uow.commits == commits + 3
    reads = sorted(uow.audit, key=lambda r: r.record_kind)
    assert [(r.reader_id, r.subject_id, r.record_kind, r.record_id, r.reason) for r in reads] == [
        (coordinator, requester, RecordKind.CONSENT, referral.id, "following a referral"),
        (coordinator, requester, RecordKind.REFERRALS, request_id, "checking the urgent alert"),
        (coordinator, requester, RecordKind.SUPPORT_REQUEST, request_id, "Safeguarding review"),
    ]
    assert reads[0].reader_roles == ["coordinator", "staff"]


def test_a_coordinator_outside_the_pair_says_why_or_opens_nothing_and_nothing_is_recorded(uow, pair, identity):
    request_id, requester, supporter = pair
    referral = suggest(uow, request_id, supporter)
    cleo = caller(identity.register(), "coordinator")
    commits = uow.commits
    reads = (lambda why: audit.open_request(request_id, why, cleo, uow),
             lambda why: referrals.referrals_of_request(request_id, why, cleo, uow),
             lambda why: referrals.open_referral(referral.id, RecordKind.REFERRAL, why, cleo, uow),
             lambda why: referrals.open_referral(referral.id, RecordKind.CONSENT, why, cleo, uow))
    for reason in (None, "  "):
        for read in reads:
            with pytest.raises(InvalidInput) as refused:
                read(reason)
            assert refused.value.field == "reason"
    assert (len(uow.audit), uow.commits) == (0, commits)
    # The pair need no reason, a coordinator among them included.
    audit.open_request(request_id, None, caller(requester, "coordinator"), uow)
    referrals.open_referral(referral.id, RecordKind.CONSENT, None, caller(supporter, "coordinator"), uow)
    referrals.referrals_of_request(request_id, None, caller(supporter), uow)
    assert len(uow.audit) == 0


def test_a_refused_read_is_not_recorded(uow, pair, identity):
    request_id, _, _ = pair
    with pytest.raises(NotFound):
        audit.open_request(request_id, "curious", caller(identity.register(), "admin"), uow)
    with pytest.raises(NotFound):
        audit.open_request(str(uuid.uuid4()), None, caller(identity.register(), "coordinator"), uow)
    assert len(uow.audit) == 0


def test_the_audit_is_the_administrators_and_answers_who_read_a_persons_record(uow, pair, identity):
    request_id, requester, _ = pair
    cleo, other = identity.register(), identity.register()
    audit.open_request(request_id, "a waiting request", caller(cleo, "coordinator"), uow)
    query = audit.AuditQuery(subject_id=requester, reader_id=None, record_kind=None, limit=50, offset=0)
    with pytest.raises(Forbidden):
        audit.audit_page(query, caller(cleo, "coordinator"), uow)
    page = audit.audit_page(query, caller(identity.register(), "admin"), uow)
    assert page["total"] == 1
    [item] = page["items"]
    assert (item["reader_id"], item["reader_name"], item["subject_name"], item["reason"]) == (
        cleo, uow.staff.get(cleo).name, uow.staff.get(requester).name, "a waiting request")
    nobody = audit.AuditQuery(subject_id=other, reader_id=None, record_kind=None, limit=50, offset=0)
    assert audit.audit_page(nobody, caller(identity.register(), "admin"), uow)["total"] == 0


def test_a_list_holds_ones_own_and_those_one_supports_urgent_first_and_the_coordinator_all(uow, pair, identity):
    request_id, requester, supporter = pair
    routine = suggest(uow, request_id, supporter)
    urgent = suggest(uow, request_id, supporter, Service.URGENT)
    for who in (caller(requester), caller(supporter), caller(identity.register(), "coordinator")):
        items, total = referrals.list_referrals(None, None, 50, 0, who, uow)
        assert ([r.id for r in items], total) == ([urgent.id, routine.id], 2)
    for stranger in (caller(identity.register()), caller(identity.register(), "admin")):
        assert referrals.list_referrals(None, None, 50, 0, stranger, uow) == ([], 0)
    consent(uow, routine.id, requester)
    assert [r.id for r in referrals.list_referrals(ReferralStatus.CONSENTED, None, 50, 0, caller(supporter), uow)[0]
            ] == [routine.id]
    assert [r.id for r in referrals.list_referrals(None, False, 50, 0, caller(supporter), uow)[0]] == [routine.id]
    assert len(uow.audit) == 0


def test_a_referral_offers_the_sources_of_help_that_fit_it_and_serve_the_person(uow, identity):
    board, council = str(uuid.uuid4()), str(uuid.uuid4())
    supporter = identity.supporter(OTHER_TEAM)
    requester = identity.register(TEAM, organisation_id=board)
    request = commands.request_support(commands.RequestSupport(
        requester_id=requester, mode=Mode.VIDEO, scope=Scope.ANY, urgency=Urgency.SOON, details="After a shift."), uow)
    ours = identity.help_source(name="Board Occupational Health", kind="occupational_health", organisation_id=board)
    everyone = identity.help_source(name="Access to Work", kind="occupational_health", region="Scotland")
    identity.help_source(name="Council Occupational Health", kind="occupational_health", organisation_id=council)
    identity.help_source("withdrawn", name="Old OH line", kind="occupational_health")
    samaritans = identity.help_source(name="Samaritans", phone="116 123")
    identity.help_source(name="Chaplaincy", kind="chaplaincy")

    occupational = suggest(uow, request.id, supporter, Service.OCCUPATIONAL_HEALTH)
    assert [s.id for s in occupational.offered_help] == [everyone, ours]  # by name; not the council's, nor withdrawn
    urgent = suggest(uow, request.id, supporter, Service.URGENT)
    assert [s.id for s in urgent.offered_help] == [samaritans]
    assert [s.phone for s in urgent.offered_help] == ["116 123"]
    assert suggest(uow, request.id, supporter, Service.GP).offered_help == []
    seen = referrals.open_referral(occupational.id, RecordKind.REFERRAL, None, caller(requester), uow)
    assert [s.id for s in seen.offered_help] == [everyone, ours]


def test_the_copy_of_the_directory_keeps_identitys_newest_picture_of_each_source(uow, identity):
    first = datetime(2026, 11, 2, 9, tzinfo=UTC)
    added = help_source(name="Staff Psychology", kind="staff_psychological_support", at=first)
    source_id = added.data.help_source_id
    later = help_source("changed", source_id=source_id, name="Staff Psychology", kind="staff_psychological_support",
                        hours="9 to 5", at=first + timedelta(hours=2))
    earlier = help_source("changed", source_id=source_id, name="Staff Psychology",
                          kind="staff_psychological_support", hours="never", at=first + timedelta(hours=1))
    for event in (added, later, earlier, later):  # out of order, and twice
        uow.deliver(event)
    held = uow.help_sources.get(source_id)
    assert (held.hours, held.as_of, held.active) == ("9 to 5", first + timedelta(hours=2), True)
    uow.deliver(help_source("withdrawn", source_id=source_id, name="Staff Psychology",
                            kind="staff_psychological_support", at=first + timedelta(hours=3)))
    assert held.active is False and uow.help_sources.of_kinds(("staff_psychological_support",)) == []
    assert len(uow.help_sources) == 1
