"""Anonymous feedback on attended conversations, stored so that no answer can be traced to a person.

An invitation holds the supporter, the week (Monday, Europe/London) and a hash of a single-use
token that only the requester receives; it names neither the requester nor the conversation, and
it expires on a week boundary, so not even its expiry tells when it was made. Answering deletes
the invitation and stores a response with the same supporter and week, a rating, whether it
helped and an optional comment, and nothing else: once answered, the token is forgotten.
Aggregates are shown only over 5 or more responses (`domain.reports`), and a supporter sees new
answers only 5 or more at a time (`release_in_fives`): shown as each came, the change in their summary
would be the answer of the colleague they had just met.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from psn_shared.errors import Conflict, InvalidInput
from psn_shared.suppression import suppress_cells
from sessions.domain.conversations import london
from sessions.domain.model import new_id
from sessions.domain.reports import SMALL_NUMBER, suppress

COMMENT_LENGTH = 1000
RATINGS = range(1, 6)
ANSWER_WITHIN_WEEKS = 4


class Helped(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


def week_of(at: datetime) -> date:
    """The Monday (Europe/London) of the week `at` falls in."""
    day = london(at).date()
    return day - timedelta(days=day.weekday())


def hash_token(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 suffices (no salt or stretching needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(eq=False)
class FeedbackInvitation:
    token_hash: str
    supporter_id: str
    week_of: date
    expires_on: date
    id: str = field(default_factory=new_id)

    @classmethod
    def issue(cls, supporter_id: str, conversation_started: datetime) -> tuple[FeedbackInvitation, str]:
        """A new invitation and its token, which is sent once and never stored."""
        token = secrets.token_urlsafe(32)
        week = week_of(conversation_started)
        expires_on = week + timedelta(weeks=ANSWER_WITHIN_WEEKS + 1)
        return cls(hash_token(token), supporter_id, week, expires_on), token

    def answer(self, rating: int, helped: Helped, comment: str | None, today: date) -> FeedbackResponse:
        if today >= self.expires_on:
            raise Conflict("this invitation has expired", field="token")
        if rating not in RATINGS:
            raise InvalidInput("rate from 1 to 5", field="rating")
        comment = (comment or "").strip() or None
        if comment is not None and len(comment) > COMMENT_LENGTH:
            raise InvalidInput(f"a comment is at most {COMMENT_LENGTH} characters", field="comment")
        return FeedbackResponse(self.supporter_id, self.week_of, rating, Helped(helped), comment)


@dataclass(eq=False)
class FeedbackResponse:
    supporter_id: str
    week_of: date
    rating: int
    helped: Helped
    comment: str | None = None
    released: bool = False
    id: str = field(default_factory=new_id)


def release_in_fives(unreleased: list[FeedbackResponse]) -> None:
    """A supporter's answers not yet shown to them are released together once there are 5 of them."""
    if len(unreleased) >= SMALL_NUMBER:
        for response in unreleased:
            response.released = True


def supporter_summary(responses: list[FeedbackResponse]) -> dict[str, object]:
    """A supporter's own aggregate of their released answers: nothing but the count until there are 5, so no
    single answer shows."""
    responses = [r for r in responses if r.released]
    if len(responses) < SMALL_NUMBER:
        return {"responses": suppress(len(responses)), "average_rating": None, "helped": None, "comments": []}
    return {
        "responses": len(responses),
        "average_rating": round(sum(r.rating for r in responses) / len(responses), 1),
        "helped": {h.value: sum(1 for r in responses if r.helped == h) for h in Helped},
        # Sorted, undated: a comment must not be matched to a week or a conversation by its place.
        "comments": sorted(r.comment for r in responses if r.comment),
    }


def network_summary(responses: int, rating_total: int, by_rating: dict[int, int],
                    by_helped: dict[str, int], supporters: int) -> dict[str, object]:
    """The coordinators' view: every count under 5 suppressed, the average only over 5 or more. The
    ratings, and the answers to "did it help", each add up to the responses shown, so a second count
    is withheld where one suppressed could be worked out from them."""
    cells = {("responses",): responses, ("supporters_rated",): supporters,
             **{("rating", str(r)): by_rating.get(r, 0) for r in RATINGS},
             **{("helped", h.value): by_helped.get(h.value, 0) for h in Helped}}
    shown = suppress_cells(cells, [
        [("responses",), *(("rating", str(r)) for r in RATINGS)],
        [("responses",), *(("helped", h.value) for h in Helped)],
    ])
    return {
        "responses": shown["responses",],
        "supporters_rated": shown["supporters_rated",],
        "average_rating": round(rating_total / responses, 1) if responses >= SMALL_NUMBER else None,
        "by_rating": {str(r): shown["rating", str(r)] for r in RATINGS},
        "helped": {h.value: shown["helped", h.value] for h in Helped},
    }
