"""Conversation rules: proposing, answering, booking, moving, cancelling and recording the outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.errors import Conflict, Forbidden, InvalidInput
from sessions.domain.allocation import Candidate
from sessions.domain.busy import Busy, refuse_if_busy
from sessions.domain.caps import WEEK_CONVERSATIONS, CapLimits, blocking, capped_reason
from sessions.domain.conversations import Conversation, ConversationStatus, Slot, Venue, shown, week_of_london
from sessions.domain.model import Mode, SupporterProfile
from sessions.domain.staff import StaffCopy

NOW = datetime(2027, 3, 20, 12, tzinfo=UTC)
SUE, ANN, REQUEST = "sue", "ann", "request-1"
VIDEO = Venue.checked(Mode.VIDEO, "https://meet.example/abc", None)


def slot(days: float, hours: float = 1) -> Slot:
    starts = NOW + timedelta(days=days)
    return Slot(starts, starts + timedelta(hours=hours))


def proposed(by: str = SUE, *slots: Slot) -> Conversation:
    return Conversation.propose(request_id=REQUEST, requester_id=ANN, supporter_id=SUE, by=by,
                                slots=list(slots) or [slot(3), slot(4)], venue=VIDEO, at=NOW)


def test_a_slot_must_be_ahead_in_order_and_of_a_sensible_length():
    ok = Slot.checked(NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1), NOW)
    assert ok.starts_at.tzinfo == UTC
    for starts, ends, words in [
        (NOW - timedelta(hours=1), NOW, "in the past"),
        (datetime(1, 1, 1, tzinfo=UTC), datetime(1, 1, 1, 1, tzinfo=UTC), "in the past"),
        (NOW + timedelta(hours=2), NOW + timedelta(hours=1), "15 minutes to 3 hours"),
        (NOW + timedelta(hours=2), NOW + timedelta(hours=2, minutes=10), "15 minutes to 3 hours"),
        (NOW + timedelta(hours=2), NOW + timedelta(hours=6), "15 minutes to 3 hours"),
        (NOW + timedelta(days=400), NOW + timedelta(days=400, hours=1), "a year ahead"),
        (datetime(2027, 4, 1, 10), datetime(2027, 4, 1, 11), "UTC offset"),
        (datetime.fromisoformat("9999-12-31T23:00:00-05:00"),
         datetime.fromisoformat("9999-12-31T23:30:00-05:00"), "out of range"),
    ]:
        with pytest.raises(InvalidInput, match=words) as refused:
            Slot.checked(starts, ends, NOW)
        assert refused.value.field == "slots"


def test_a_slot_is_kept_in_utc_and_shown_in_uk_time():
    summer = Slot.checked(datetime.fromisoformat("2027-04-01T10:00:00+01:00"),
                          datetime.fromisoformat("2027-04-01T11:00:00+01:00"), NOW)
    assert summer.starts_at == datetime(2027, 4, 1, 9, tzinfo=UTC)
    assert shown(summer.starts_at) == "Thursday 1 April 2027 at 10:00 (UK time)"  # BST: 09:00 UTC
    assert shown(datetime(2027, 3, 26, 10, tzinfo=UTC)) == "Friday 26 March 2027 at 10:00 (UK time)"


def test_a_proposal_holds_one_to_three_times_that_do_not_overlap():
    with pytest.raises(InvalidInput, match="1 to 3") as refused:
        proposed(SUE, slot(1), slot(2), slot(3), slot(4))
    assert refused.value.field == "slots"
    with pytest.raises(InvalidInput, match="overlap"):
        proposed(SUE, slot(1, 2), slot(1 + 1 / 24))


def test_a_venue_needs_its_link_or_room():
    for link in ("http://insecure.example", "https://", "https://[::1", "https://a.example/x y", None):
        with pytest.raises(InvalidInput) as refused:
            Venue.checked(Mode.VIDEO, link, None)
        assert refused.value.field == "link"
    with pytest.raises(InvalidInput) as refused:
        Venue.checked(Mode.IN_PERSON, None, "   ")
    assert refused.value.field == "room"
    assert Venue.checked(Mode.PHONE, "https://x.example", "Room 1") == Venue(Mode.PHONE)


def test_the_other_person_answers_or_books_one_of_the_times():
    conversation = proposed(SUE)
    with pytest.raises(Conflict, match="the other person answers"):
        conversation.accept(SUE, 0, NOW)
    conversation.answer(ANN, [slot(5)], Venue(Mode.PHONE), NOW)
    assert (conversation.proposed_by, conversation.proposals, conversation.mode) == (ANN, 2, Mode.PHONE)
    with pytest.raises(InvalidInput) as refused:
        conversation.accept(SUE, 1, NOW)
    assert refused.value.field == "slot"
    chosen = conversation.accept(SUE, 0, NOW)
    assert (conversation.status, conversation.starts_at, conversation.sequence) == (
        ConversationStatus.BOOKED, chosen.starts_at, 0)
    with pytest.raises(Conflict, match="not awaiting an answer"):
        conversation.answer(SUE, [slot(6)], VIDEO, NOW)


def test_a_time_that_has_passed_cannot_be_booked():
    conversation = proposed(SUE, slot(1))
    with pytest.raises(InvalidInput, match="already passed") as refused:
        conversation.accept(ANN, 0, NOW + timedelta(days=2))
    assert refused.value.field == "slot"


def test_moving_counts_and_raises_the_sequence_and_cancelling_late_is_marked():
    conversation = proposed(SUE, slot(3))
    conversation.accept(ANN, 0, NOW)
    with pytest.raises(InvalidInput):
        conversation.reschedule(ANN, slot(4), "  ", None, NOW)
    conversation.reschedule(ANN, slot(4), "A shift came up.", None, NOW)
    conversation.reschedule(SUE, slot(5), "Training day.", Venue(Mode.PHONE), NOW)
    assert (conversation.reschedules, conversation.sequence, conversation.mode) == (2, 2, Mode.PHONE)
    assert conversation.starts_at == slot(5).starts_at
    early = proposed(SUE, slot(3))
    early.accept(ANN, 0, NOW)
    early.cancel(ANN, "Feeling better.", NOW)
    assert (early.status, early.late_cancellation, early.sequence) == (ConversationStatus.CANCELLED, False, 1)
    conversation.cancel(SUE, "Off sick.", slot(5).starts_at - timedelta(hours=23))
    assert (conversation.late_cancellation, conversation.cancelled_by, conversation.sequence) == (True, SUE, 3)
    with pytest.raises(Conflict):
        conversation.cancel(SUE, "Again.", NOW)


def test_a_started_conversation_can_no_longer_be_moved_or_cancelled():
    conversation = proposed(SUE, slot(1))
    conversation.accept(ANN, 0, NOW)
    started = slot(1).starts_at + timedelta(minutes=5)
    with pytest.raises(Conflict, match="started"):
        conversation.reschedule(ANN, slot(4), "Late.", None, started)
    with pytest.raises(Conflict, match="started"):
        conversation.cancel(ANN, "Late.", started)


def test_only_the_supporter_records_the_outcome_and_only_after_the_start():
    conversation = proposed(SUE, slot(1))
    with pytest.raises(Conflict, match="only a booked"):
        conversation.record_outcome(SUE, True, NOW)
    conversation.accept(ANN, 0, NOW)
    with pytest.raises(Forbidden):
        conversation.record_outcome(ANN, True, slot(2).starts_at)
    with pytest.raises(Conflict, match="after that") as refused:
        conversation.record_outcome(SUE, True, NOW)
    assert refused.value.field == "outcome"
    conversation.record_outcome(SUE, False, slot(1).starts_at)
    assert conversation.status == ConversationStatus.NO_SHOW


def test_the_week_a_cap_counts_is_londons_and_spans_the_clock_change():
    assert week_of_london(datetime(2027, 3, 28, 12, tzinfo=UTC)) == (
        datetime(2027, 3, 22, 0, tzinfo=UTC), datetime(2027, 3, 28, 23, tzinfo=UTC))  # 167 hours
    assert week_of_london(datetime(2027, 3, 28, 23, 30, tzinfo=UTC))[0] == datetime(2027, 3, 28, 23, tzinfo=UTC)
    assert week_of_london(datetime(2027, 10, 31, 12, tzinfo=UTC)) == (
        datetime(2027, 10, 24, 23, tzinfo=UTC), datetime(2027, 11, 1, 0, tzinfo=UTC))  # 169 hours


def test_a_supporter_with_a_full_week_of_conversations_is_capped():
    profile = SupporterProfile.granted(SUE, monthly_hours=10, at=NOW)
    staff = StaffCopy(staff_id=SUE, name="Sue", team_id=None, line_manager_id=None, senior_manager_id=None,
                      status="active", roles=[], as_of=NOW)
    limits = CapLimits(max_conversations_per_week=2)
    assert [rule.name for rule in blocking(Candidate(profile, staff, 0, {WEEK_CONVERSATIONS: 1}), limits, NOW)] == []
    capped = blocking(Candidate(profile, staff, 0, {WEEK_CONVERSATIONS: 2}), limits, NOW)
    assert [rule.name for rule in capped] == ["max_conversations_per_week"]
    assert capped_reason(capped) == "every eligible supporter is at their maximum of conversations this week"


def test_busy_time_names_the_callers_own_clash_but_not_the_other_persons():
    wanted = slot(1)
    mine = Busy(ANN, wanted.starts_at, wanted.ends_at, "conversation", "c1")
    theirs = Busy(SUE, wanted.starts_at + timedelta(minutes=30), wanted.ends_at, "group_session", "g1")
    refuse_if_busy(slot(2), [mine, theirs], ANN)
    with pytest.raises(Conflict, match="your conversation"):
        refuse_if_busy(wanted, [mine], ANN)
    with pytest.raises(Conflict, match="the other person already has something booked") as refused:
        refuse_if_busy(wanted, [theirs], ANN, field="slot")
    assert refused.value.field == "slot"
    assert "group" not in refused.value.detail
