"""Anonymous feedback: invitations without the person, single-use tokens, aggregates only from 5."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from psn_shared.errors import Conflict, InvalidInput
from sessions.domain.feedback import (
    FeedbackInvitation,
    FeedbackResponse,
    Helped,
    hash_token,
    network_summary,
    release_in_fives,
    supporter_summary,
    week_of,
)

SUE = "sue"
SUNDAY_NIGHT = datetime(2027, 3, 28, 23, 30, tzinfo=UTC)  # 00:30 BST on Monday 29 March


def test_an_invitation_holds_only_the_supporter_the_week_and_the_tokens_hash():
    invitation, token = FeedbackInvitation.issue(SUE, SUNDAY_NIGHT)
    assert {f.name for f in dataclasses.fields(invitation)} == {"token_hash", "supporter_id", "week_of",
                                                               "expires_on", "id"}
    assert invitation.token_hash == hash_token(token) != token
    assert invitation.week_of == date(2027, 3, 29) == week_of(SUNDAY_NIGHT)  # London's Monday, not UTC's Sunday
    assert invitation.expires_on == date(2027, 5, 3)


def test_an_answer_is_bounded_and_carries_no_more_than_the_week():
    invitation, _ = FeedbackInvitation.issue(SUE, SUNDAY_NIGHT)
    for rating, comment, field in [(0, None, "rating"), (6, None, "rating"), (3, "x" * 1001, "comment")]:
        with pytest.raises(InvalidInput) as refused:
            invitation.answer(rating, Helped.YES, comment, date(2027, 4, 1))
        assert refused.value.field == field
    with pytest.raises(Conflict, match="expired"):
        invitation.answer(4, Helped.YES, None, date(2027, 5, 3))
    response = invitation.answer(4, Helped.PARTLY, "   ", date(2027, 4, 1))
    assert (response.supporter_id, response.week_of, response.rating, response.comment) == (
        SUE, date(2027, 3, 29), 4, None)


def responses(*ratings: int, released: bool = True) -> list[FeedbackResponse]:
    return [FeedbackResponse(SUE, date(2027, 3, 29), r, Helped.YES if r > 2 else Helped.NO, f"note {r}",
                             released=released) for r in ratings]


def test_a_supporter_sees_nothing_but_a_suppressed_count_under_five():
    assert supporter_summary(responses(5, 4, 1, 2)) == {
        "responses": "<5", "average_rating": None, "helped": None, "comments": []}
    summary = supporter_summary(responses(5, 4, 1, 2, 3))
    assert summary["responses"] == 5
    assert summary["average_rating"] == 3.0
    assert summary["helped"] == {"yes": 3, "partly": 0, "no": 2}
    assert summary["comments"] == ["note 1", "note 2", "note 3", "note 4", "note 5"]


def test_a_supporter_sees_new_answers_only_five_or_more_at_a_time():
    shown = responses(5, 4, 1, 2, 3)
    waiting = responses(1, 1, 1, 1, released=False)
    release_in_fives(waiting)
    assert not any(r.released for r in waiting)
    assert supporter_summary(shown + waiting) == supporter_summary(shown)  # the newest answer cannot be picked out
    fifth = responses(2, released=False)
    release_in_fives(waiting + fifth)
    summary = supporter_summary(shown + waiting + fifth)
    assert (summary["responses"], summary["average_rating"]) == (10, 2.1)


def test_the_network_view_suppresses_each_small_count():
    summary = network_summary(7, 30, {5: 5, 1: 2}, {"yes": 6, "no": 1}, 2)
    assert summary == {"responses": 7, "supporters_rated": "<5", "average_rating": 4.3,
                       "by_rating": {"1": "<5", "2": "<5", "3": "<5", "4": "<5", "5": 5},
                       "helped": {"yes": 6, "partly": "<5", "no": "<5"}}
    assert network_summary(3, 12, {4: 3}, {"yes": 3}, 1)["average_rating"] is None


def test_the_network_view_withholds_a_second_count_where_the_total_would_give_one_away():
    helped = network_summary(12, 50, {5: 6, 4: 6}, {"yes": 6, "partly": 5, "no": 1}, 6)["helped"]
    assert helped == {"yes": 6, "partly": "withheld", "no": "<5"}  # else no = 12 - 6 - 5


def test_an_invitation_by_default_links_to_the_web_front_ends_feedback_page():
    """Not to sessions' own API (port 8003), which has no page: where docker compose and a bare run leave
    SESSIONS_FEEDBACK_LINK unset, the requester's link must still open the page that takes the answer."""
    from sessions.config import SessionsSettings

    assert SessionsSettings.feedback_link == "http://127.0.0.1:8000/feedback#token="  # the web front end's port
