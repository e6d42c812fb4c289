"""Who is told what about referrals: the person asked for their decision, the supporter told it,
the coordinators alerted to urgent ones, the person and their supporter told when a coordinator made
one without consent for safeguarding, and the person told when the service answers.

Neutral on purpose: a subject line may be read on a shared screen, so none says "peer support",
a referral, or that anyone sought support; bodies name no service and no reason (sessions never
sends them).
"""

from __future__ import annotations

from collections.abc import Iterable

from notifications.domain.model import StaffCopy
from notifications.domain.notices import Notice, reachable

# The decisions the supporter is told of; the later steps (made, accepted...) they take themselves.
DECISIONS = ("consented", "refused")
# The service's answers, which the person the referral is for is told of.
ANSWERS = ("accepted", "declined")


def referral_suggested(requester: StaffCopy) -> list[Notice]:
    """The person is asked for their decision; what was suggested waits for them behind sign-in."""
    return reachable([Notice(requester, "referral_suggested", {"name": requester.name})])


def urgent_referral(coordinators: Iterable[StaffCopy], requester_id: str, request_id: str,
                    referral_id: str) -> list[Notice]:
    """Every coordinator is alerted at once, critically, without being told whose it is (the link opens the request,
    where reading it is recorded); never the person."""
    return reachable(
        Notice(c, "referral_urgent", {"name": c.name, "request_id": request_id, "referral_id": referral_id},
               critical=True)
        for c in coordinators
        if c.staff_id != requester_id
    )


def referral_decided(supporter: StaffCopy, decision: str, referral_id: str) -> list[Notice]:
    """The supporter hears the person's decision on what they suggested (other steps they take themselves)."""
    if decision not in DECISIONS:
        return []
    return reachable([Notice(supporter, "referral_decided", {
        "name": supporter.name, "decision": decision, "referral_id": referral_id,
    })])


def referral_answered(requester: StaffCopy, answer: str, referral_id: str) -> list[Notice]:
    """The person hears that the service answered what they agreed to, accepted or not; what it was waits
    behind sign-in."""
    if answer not in ANSWERS:
        return []
    return reachable([Notice(requester, "referral_answered", {
        "name": requester.name, "accepted": answer == "accepted", "referral_id": referral_id,
    })])


def made_for_safeguarding(requester: StaffCopy, supporter: StaffCopy | None, referral_id: str) -> list[Notice]:
    """A coordinator made it without the person's consent, to keep them safe: the person hears at once that it
    was, and their supporter that it was taken out of their hands; why, and what went, wait behind sign-in."""
    context = {"referral_id": referral_id}
    told = [Notice(requester, "referral_made_for_safeguarding", {"name": requester.name, **context})]
    if supporter is not None:
        told.append(Notice(supporter, "referral_made_for_safeguarding_supporter", {"name": supporter.name, **context}))
    return reachable(told)
