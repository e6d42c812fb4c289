"""Who is told what: each event's inbox entries and emails, once per event and person, never to leavers."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest

from notifications.domain.model import Channel, DeliveryStatus, StaffCopy
from notifications.domain.preferences import Preferences
from notifications.service_layer.uow import DELIVERIES_CHANNEL
from psn_shared.events import Envelope
from psn_shared.staff_copy import StaffNotYetKnown
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork
from services.notifications.tests.service_layer.support import (
    T0,
    allocated,
    at,
    handle,
    identity,
    left,
    new_id,
    person,
    role_granted,
    role_revoked,
    supporter_hours_changed,
    supporter_hours_raise_declined,
    supporter_hours_raise_proposed,
    training,
    waiting,
)


@pytest.fixture
def uow() -> FakeNotificationsUnitOfWork:
    return FakeNotificationsUnitOfWork()


def subjects(uow: FakeNotificationsUnitOfWork, who: StaffCopy) -> list[str]:
    return [entry.subject for entry in uow.inbox.of(who.staff_id)]


def bodies(uow: FakeNotificationsUnitOfWork, who: StaffCopy) -> str:
    return "\n".join(entry.body for entry in uow.inbox.of(who.staff_id))


def emails(uow: FakeNotificationsUnitOfWork) -> list[tuple[str, str, str]]:
    """(address, subject, status) of every queued email."""
    return sorted((d.address, d.subject, d.status) for d in uow.deliveries)


# --- identity ---------------------------------------------------------------------------------

def test_a_new_peer_supporter_and_their_line_manager_are_told_in_the_inbox_and_by_email(uow):
    boss = person(uow, "Bea Boss")
    ann = person(uow, "Ann Smith", line_manager_id=boss.staff_id)
    handle(uow, role_granted(ann.staff_id, "peer_supporter", monthly_hours=4))
    assert subjects(uow, ann) == ["You are now a peer supporter"]
    assert "4 hours a month" in bodies(uow, ann)
    assert subjects(uow, boss) == ["Ann Smith is now a peer supporter"]
    assert emails(uow) == [
        ("ann.smith@psn.test", "You are now a peer supporter", DeliveryStatus.PENDING),
        ("bea.boss@psn.test", "Ann Smith is now a peer supporter", DeliveryStatus.PENDING),
    ]
    assert {d.channel for d in uow.deliveries} == {Channel.EMAIL}
    assert uow.notified == {DELIVERIES_CHANNEL}  # the dispatcher is woken once the consumer commits
    assert uow.published == []


def test_changed_hours_are_told_to_the_supporter_and_both_managers_never_why(uow):
    line, senior = person(uow, "Lee Line"), person(uow, "Sam Senior")
    ann = person(uow, "Ann Smith", line_manager_id=line.staff_id, senior_manager_id=senior.staff_id)
    event = supporter_hours_changed(ann.staff_id, 3)
    handle(uow, event)
    handle(uow, event)
    assert subjects(uow, ann) == ["Your time for peer support has changed"]
    assert "now 3 hours a month" in bodies(uow, ann)
    for manager in (line, senior):
        assert subjects(uow, manager) == ["Ann Smith's time for peer support has changed"]
        assert "Ann Smith's peer support role is now 3 hours a month" in bodies(uow, manager)
    assert all("private" not in bodies(uow, who) for who in (ann, line, senior))


def test_a_raise_awaiting_agreement_is_told_to_the_other_manager_alone(uow):
    line, senior = person(uow, "Lee Line"), person(uow, "Sam Senior")
    ann = person(uow, "Ann Smith", line_manager_id=line.staff_id, senior_manager_id=senior.staff_id)
    handle(uow, supporter_hours_raise_proposed(ann.staff_id, senior.staff_id))
    assert subjects(uow, senior) == ["More time for Ann Smith's peer support waits for your agreement"]
    assert "6 hours a month" in bodies(uow, senior) and "stays at 4 hours" in bodies(uow, senior)
    assert subjects(uow, ann) == [] and subjects(uow, line) == []


def test_a_raise_for_a_vacant_post_is_told_to_the_coordinators(uow):
    coordinator = person(uow, "Cora Coordinator", roles=("coordinator",))
    ann = person(uow, "Ann Smith")
    handle(uow, supporter_hours_raise_proposed(ann.staff_id, None))
    assert subjects(uow, coordinator) == ["More time for Ann Smith's peer support waits for your agreement"]


def test_a_raise_declined_is_told_to_its_proposer_alone_never_why(uow):
    line, senior = person(uow, "Lee Line"), person(uow, "Sam Senior")
    ann = person(uow, "Ann Smith", line_manager_id=line.staff_id, senior_manager_id=senior.staff_id)
    event = supporter_hours_raise_declined(ann.staff_id, line.staff_id)
    handle(uow, event)
    handle(uow, event)
    assert subjects(uow, line) == ["Your proposal of more time for Ann Smith's peer support was declined"]
    assert "gives 6 hours a month to peer support has been declined" in bodies(uow, line)
    assert "Their time stays at 4 hours a month" in bodies(uow, line) and "private" not in bodies(uow, line)
    assert subjects(uow, ann) == [] and subjects(uow, senior) == []
    assert [d.recipient_id for d in uow.deliveries] == [line.staff_id]


def test_a_proposer_who_chose_welsh_hears_in_welsh_that_their_raise_was_declined(uow):
    line = person(uow, "Lee Line")
    ann = person(uow, "Ann Smith", line_manager_id=line.staff_id)
    uow.preferences.add(Preferences(staff_id=line.staff_id, language="cy"))
    handle(uow, supporter_hours_raise_declined(ann.staff_id, line.staff_id))
    assert subjects(uow, line) == [
        "Mae eich cynnig o fwy o amser ar gyfer cymorth gan gymheiriaid Ann Smith wedi'i wrthod"]
    assert "Mae eu hamser yn aros yn 4 awr y mis" in bodies(uow, line) and "Dear" not in bodies(uow, line)


def test_the_same_event_handled_twice_tells_each_person_once(uow):
    boss = person(uow, "Bea Boss")
    ann = person(uow, "Ann Smith", line_manager_id=boss.staff_id)
    event = role_granted(ann.staff_id, "peer_supporter", monthly_hours=4)
    handle(uow, event)
    handle(uow, event)
    assert (len(uow.inbox), len(uow.deliveries)) == (2, 2)


def test_any_other_role_is_told_to_the_person_alone(uow):
    boss = person(uow, "Bea Boss")
    ann = person(uow, "Ann Smith", line_manager_id=boss.staff_id)
    handle(uow, role_granted(ann.staff_id, "wellbeing_champion"))
    assert subjects(uow, ann) == ["You are now a wellbeing champion"]
    assert subjects(uow, boss) == []
    assert "wellbeing_champion" in ann.roles


def test_a_suspended_supporter_and_their_line_manager_are_told_never_why(uow):
    boss = person(uow, "Bea Boss")
    ann = person(uow, "Ann Smith", line_manager_id=boss.staff_id)
    handle(uow, role_granted(ann.staff_id, "peer_supporter", monthly_hours=4))
    handle(uow, role_revoked(ann.staff_id, "peer_supporter", T0 + timedelta(minutes=1), ending="suspended"))
    assert subjects(uow, ann)[-1] == "You are no longer a peer supporter"
    assert "suspended for now" in bodies(uow, ann)
    assert subjects(uow, boss)[-1] == "Ann Smith is no longer a peer supporter"
    assert "stepped down" not in bodies(uow, ann) + bodies(uow, boss)
    assert "peer_supporter" not in ann.roles


def test_a_champion_who_moved_team_is_told_once_and_a_leaver_nothing(uow):
    ann = person(uow, "Ann Smith")
    moved = role_revoked(ann.staff_id, "wellbeing_champion", ending="left_team")
    handle(uow, moved)
    handle(uow, moved)
    assert subjects(uow, ann) == ["You are no longer a wellbeing champion"]
    assert "moved to another team" in bodies(uow, ann)
    handle(uow, role_revoked(ann.staff_id, "trainer", T0 + timedelta(minutes=1), ending="left"))
    assert len(uow.inbox.of(ann.staff_id)) == 1


def test_a_leaver_is_told_nothing(uow):
    boss = person(uow, "Bea Boss")
    ann = person(uow, "Ann Smith", line_manager_id=boss.staff_id)
    handle(uow, left(boss.staff_id, T0))
    handle(uow, role_granted(ann.staff_id, "peer_supporter", monthly_hours=4, time=T0 + timedelta(minutes=1)))
    assert subjects(uow, boss) == []
    assert [d.address for d in uow.deliveries] == ["ann.smith@psn.test"]


def test_a_line_manager_not_registered_here_yet_makes_the_grant_wait(uow):
    ann = person(uow, "Ann Smith", line_manager_id=new_id())
    with pytest.raises(StaffNotYetKnown):
        handle(uow, role_granted(ann.staff_id, "peer_supporter", monthly_hours=4))
    assert len(uow.inbox) == 0 and uow.commits == 1  # her registration; nothing after


def test_a_password_reset_is_emailed_to_the_address_identity_gives_and_never_reaches_the_inbox(uow):
    event = Envelope.new("identity.password_reset.requested", {
        "staff_id": new_id(), "name": "Ann Example", "email": "ann@psn.test",
        "reset_url": "https://psn.test/reset-password#token=secret-123",
        "expires_at": datetime(2026, 11, 20, 10, 30, tzinfo=UTC),
    }, source="identity")
    handle(uow, event)
    handle(uow, event)
    (email,) = uow.deliveries
    assert email.address == "ann@psn.test" and "password" in email.subject.lower()
    assert "https://psn.test/reset-password#token=secret-123" in email.body
    assert "Friday 20 November 2026 at 10:30 GMT" in email.body
    assert len(uow.inbox) == 0 and uow.notified == {DELIVERIES_CHANNEL}


def welcome(staff_id: str, token: str = "first-456") -> Envelope:
    return Envelope.new("identity.staff.welcomed", {
        "staff_id": staff_id, "name": "Nia Newcomer", "email": "nia@psn.test",
        "set_password_url": f"https://psn.test/reset-password#token={token}",
        "expires_at": datetime(2026, 11, 27, 10, 30, tzinfo=UTC),
    }, source="identity")


def test_a_welcome_is_emailed_once_as_a_must_deliver_with_the_link_and_never_reaches_the_inbox(uow):
    event = welcome(new_id())
    handle(uow, event)
    handle(uow, event)
    (email,) = uow.deliveries
    assert (email.address, email.channel, email.critical, email.kind) == ("nia@psn.test", Channel.EMAIL, True,
                                                                         "staff_welcomed")
    assert email.subject == "Welcome to the Peer Support Network: choose your password"
    assert email.body.startswith("Dear Nia Newcomer,") and "colleagues trained to listen" in email.body
    assert "https://psn.test/reset-password#token=first-456" in email.body
    assert "Friday 27 November 2026 at 10:30 GMT" in email.body
    assert len(uow.inbox) == 0 and uow.notified == {DELIVERIES_CHANNEL}


def test_a_welcome_sent_again_is_a_new_event_and_a_second_email_with_the_new_link(uow):
    """Decision 86: the second welcome is no duplicate of the first, though it is to the same person."""
    nia = new_id()
    handle(uow, welcome(nia, "first-456"))
    handle(uow, welcome(nia, "again-789"))
    first, second = sorted(uow.deliveries, key=lambda d: "again-789" in d.body)
    assert (first.address, second.address) == ("nia@psn.test", "nia@psn.test") and first.event_id != second.event_id
    assert "#token=first-456" in first.body and "#token=again-789" in second.body
    assert second.subject == "Welcome to the Peer Support Network: choose your password" and second.critical


# --- sessions ---------------------------------------------------------------------------------

def test_an_allocation_tells_the_supporter_a_colleague_was_matched_and_the_requester_who_with(uow):
    rita, sam = person(uow, "Rita Requester"), person(uow, "Sam Supporter", roles=("peer_supporter",))
    handle(uow, allocated(rita.staff_id, sam.staff_id, mode="in_person"))
    assert subjects(uow, sam) == ["A colleague has been matched with you"]
    assert "Rita" not in bodies(uow, sam)
    assert "We have matched you with a peer supporter: Sam Supporter" in bodies(uow, rita)
    assert "in person" in bodies(uow, rita)
    assert len(uow.deliveries) == 2


def test_an_allocation_naming_someone_not_registered_here_yet_is_retried(uow):
    sam = person(uow, "Sam Supporter", roles=("peer_supporter",))
    with pytest.raises(StaffNotYetKnown):
        handle(uow, allocated(new_id(), sam.staff_id))
    assert len(uow.deliveries) == 0


def test_a_waiting_request_tells_every_active_coordinator_but_not_whose_it_is(uow):
    rita = person(uow, "Rita Requester")
    cleo = person(uow, "Cleo Coordinator", roles=("coordinator",))
    carl = person(uow, "Carl Coordinator", roles=("coordinator",))
    gone = person(uow, "Gil Gone", roles=("coordinator",))
    admin = person(uow, "Ada Admin", roles=("admin",))
    handle(uow, left(gone.staff_id))
    handle(uow, waiting(rita.staff_id))
    assert subjects(uow, cleo) == subjects(uow, carl) == ["An item is waiting for you"]
    assert "Rita" not in bodies(uow, cleo)
    assert subjects(uow, gone) == subjects(uow, admin) == subjects(uow, rita) == []


def test_a_coordinators_own_waiting_request_is_not_shown_to_them(uow):
    cleo = person(uow, "Cleo Coordinator", roles=("coordinator",))
    carl = person(uow, "Carl Coordinator", roles=("coordinator",))
    handle(uow, waiting(cleo.staff_id))
    assert (subjects(uow, cleo), len(subjects(uow, carl))) == ([], 1)


def test_a_waiting_request_with_no_coordinator_to_tell_is_logged_and_done(uow, caplog):
    rita = person(uow, "Rita Requester")
    with caplog.at_level(logging.WARNING):
        handle(uow, waiting(rita.staff_id))
    assert "no coordinator to tell" in caplog.text
    assert len(uow.inbox) == len(uow.deliveries) == 0 and uow.notified == set()


# --- training ---------------------------------------------------------------------------------

def outcome(type_: str, nominee: StaffCopy, **data: object) -> Envelope:
    return training(type_, nomination_id=new_id(), nominee_id=nominee.staff_id, level=2,
                    **{"status": "booked", "cohort_id": None, "decided_by": None, "reason": None,
                       "monthly_hours": None, **data})


@pytest.mark.parametrize(("type_", "data", "subject", "phrase"), [
    ("nomination.approved", {"status": "waiting_list", "monthly_hours": 4},
     "Your Level 2 Peer Supporter nomination is approved", "on its waiting list"),
    ("nomination.refused", {"status": "refused", "reason": "Winter pressures"},
     "Your Level 2 Peer Supporter nomination was not approved", "Winter pressures"),
    ("nomination.expired", {"status": "expired"},
     "Your Level 2 Peer Supporter nomination has expired", "waited too long"),
])
def test_the_nominee_hears_how_their_nomination_ended(uow, type_, data, subject, phrase):
    nominee = person(uow, "Nia Nominee")
    event = outcome(type_, nominee, **data)
    handle(uow, event)
    handle(uow, event)
    assert subjects(uow, nominee) == [subject]
    assert phrase in bodies(uow, nominee)
    assert [d.address for d in uow.deliveries] == ["nia.nominee@psn.test"]


@pytest.mark.parametrize(("status", "reason", "subject", "phrase"), [
    ("verified", None, "Your Level 1 training is recorded", "recorded the Level 1 training you completed on"),
    ("rejected", "The certificate names someone else", "Your Level 1 training could not be recorded",
     "The reason given: The certificate names someone else"),
])
def test_whoever_reported_their_level_1_hears_what_the_coordinator_decided(uow, status, reason, subject, phrase):
    reporter = person(uow, "Rhys Reporter")
    event = training("level1_claim.decided", claim_id=new_id(), staff_id=reporter.staff_id, status=status,
                     completed_on=date(2026, 10, 1), reason=reason)
    handle(uow, event)
    handle(uow, event)
    assert subjects(uow, reporter) == [subject]
    assert phrase in bodies(uow, reporter)
    assert "1 October 2026" in bodies(uow, reporter)
    assert [d.address for d in uow.deliveries] == ["rhys.reporter@psn.test"]


def test_a_level_1_a_platform_recorded_is_told_and_a_backfill_waits_in_the_inbox_without_an_email(uow):
    recent, backfilled, reporter = person(uow, "Rhys Recent"), person(uow, "Bea Backfill"), person(uow, "Sam Self")
    recorded = datetime(2026, 11, 2, 10, tzinfo=UTC)

    def completed(who, completed_on, **extra):
        return at(training("level.completed", staff_id=who.staff_id, level=1, completed_on=completed_on, **extra),
                  recorded)

    handle(uow, completed(recent, date(2026, 10, 1), source="learnpro"))
    handle(uow, completed(backfilled, date(2023, 5, 4), source="local_authority"))
    handle(uow, completed(reporter, date(2026, 10, 1), source="self_report"))  # its decision told them
    handle(uow, completed(reporter, date(2026, 10, 1)))  # a producer that names no source
    handle(uow, training("level.completed", staff_id=recent.staff_id, level=2, completed_on=date(2026, 10, 2),
                         source="cohort"))  # the role it leads to is told
    assert subjects(uow, recent) == subjects(uow, backfilled) == ["Your Level 1 training is recorded"]
    assert "1 October 2026" in bodies(uow, recent) and "Level 2 Peer Supporter" in bodies(uow, recent)
    assert subjects(uow, reporter) == []
    # Thousands of past completions loaded at once wake nobody: only the recent one is sent.
    assert [d.address for d in uow.deliveries] == ["rhys.recent@psn.test"]


def test_a_colleague_named_to_stand_in_hears_for_whom_and_when_and_when_it_ends_never_why(uow):
    manager, deputy = person(uow, "Bea Boss"), person(uow, "Dana Deputy")
    ids = {"delegation_id": new_id(), "manager_id": manager.staff_id, "delegate_id": deputy.staff_id}
    granted = identity("delegation.granted", {**ids, "starts_on": date(2026, 12, 7), "ends_on": date(2026, 12, 18),
                                              "granted_by": manager.staff_id, "reason": "a family matter"})
    handle(uow, granted)
    handle(uow, granted)
    handle(uow, identity("delegation.ended", {**ids, "ended_at": T0, "reason": "back early",
                                              "ended_by": manager.staff_id}))
    assert subjects(uow, deputy) == ["You are standing in for Bea Boss", "You no longer stand in for Bea Boss"]
    assert "from Monday 7 December 2026 to Friday 18 December 2026" in bodies(uow, deputy)
    assert "family" not in bodies(uow, deputy) and "back early" not in bodies(uow, deputy)
    assert subjects(uow, manager) == []


def delegation_started(manager: StaffCopy, deputy: StaffCopy, waiting: int) -> Envelope:
    return training("delegation.started", delegation_id=new_id(), manager_id=manager.staff_id,
                    delegate_id=deputy.staff_id, starts_on=date(2026, 12, 7), ends_on=date(2026, 12, 18),
                    nominations_awaiting=waiting)


def test_a_stand_in_hears_on_the_first_morning_that_they_decide_from_today_and_how_many_wait(uow):
    manager, deputy, other = person(uow, "Bea Boss"), person(uow, "Dana Deputy"), person(uow, "Olu Other")
    started = delegation_started(manager, deputy, 2)
    handle(uow, started)
    handle(uow, started)
    handle(uow, delegation_started(manager, other, 0))
    assert subjects(uow, deputy) == ["From today you stand in for Bea Boss"]
    assert "From today until Friday 18 December 2026 you stand in for Bea Boss" in bodies(uow, deputy)
    assert "2 nominations are waiting for a decision now" in bodies(uow, deputy)
    assert "No nomination is waiting for a decision now" in bodies(uow, other)
    assert [d.recipient_id for d in uow.deliveries] == [deputy.staff_id, other.staff_id]  # by email too, once
    assert subjects(uow, manager) == []


def test_a_stand_in_who_chose_welsh_hears_in_welsh_that_their_period_began(uow):
    manager, deputy = person(uow, "Bea Boss"), person(uow, "Dana Deputy")
    uow.preferences.add(Preferences(staff_id=deputy.staff_id, language="cy"))
    handle(uow, delegation_started(manager, deputy, 1))
    assert subjects(uow, deputy) == ["O heddiw ymlaen rydych yn dirprwyo dros Bea Boss"]
    assert "Mae 1 enwebiad yn aros am benderfyniad nawr" in bodies(uow, deputy)
    assert "i'w gymeradwyo neu ei wrthod" in bodies(uow, deputy) and "Dear" not in bodies(uow, deputy)


def test_the_awaited_manager_is_reminded_and_the_nominee_is_not(uow):
    manager = person(uow, "Lee Line")
    nominee = person(uow, "Nia Nominee", line_manager_id=manager.staff_id)
    handle(uow, training("nomination.reminded", nomination_id=new_id(), nominee_id=nominee.staff_id,
                         approver_id=manager.staff_id, capacity="line_manager", level=2,
                         waiting_since=datetime(2026, 11, 1, tzinfo=UTC)))
    assert subjects(uow, manager) == ["A nomination is waiting for your decision"]
    assert "Nia Nominee's nomination" in bodies(uow, manager)
    assert subjects(uow, nominee) == []


def test_whoever_stands_in_for_the_awaited_manager_is_reminded_too(uow):
    manager, deputy = person(uow, "Lee Line"), person(uow, "Dee Deputy")
    nominee = person(uow, "Nia Nominee", line_manager_id=manager.staff_id)
    handle(uow, training("nomination.reminded", nomination_id=new_id(), nominee_id=nominee.staff_id,
                         approver_id=manager.staff_id, capacity="line_manager", level=2,
                         waiting_since=datetime(2026, 11, 1, tzinfo=UTC), delegate_ids=[deputy.staff_id]))
    assert subjects(uow, deputy) == ["A nomination is waiting for your decision"]
    assert "You may decide in their place while you stand in for them" in bodies(uow, deputy)
    assert "You may decide in their place" not in bodies(uow, manager)


def test_someone_promoted_from_the_waiting_list_is_told_their_place_and_date(uow):
    promoted = person(uow, "Pat Promoted")
    handle(uow, training("place.promoted", staff_id=promoted.staff_id, nomination_id=new_id(), cohort_id=new_id(),
                         cohort_name="Spring cohort", level=2, first_day=date(2027, 3, 1)))
    assert subjects(uow, promoted) == ["A place has come up for you: Spring cohort"]
    assert "starts on Monday 1 March 2027" in bodies(uow, promoted)


def test_a_refresher_reminder_and_a_lapse_reach_the_certificate_holder(uow):
    holder = person(uow, "Sam Supporter", roles=("peer_supporter",))
    certificate = {"staff_id": holder.staff_id, "level": 2, "certificate_id": new_id(),
                   "expires_on": date(2027, 1, 31)}
    handle(uow, training("refresher.due", **certificate))
    handle(uow, training("certification.lapsed", **certificate))
    assert subjects(uow, holder) == ["Your Level 2 Peer Supporter certificate needs a refresher",
                                     "Your Level 2 Peer Supporter certificate has lapsed"]
    text = bodies(uow, holder)
    assert "runs out on Sunday 31 January 2027" in text
    assert "stay with you until they are handed over" in text
    assert len(uow.deliveries) == 2
