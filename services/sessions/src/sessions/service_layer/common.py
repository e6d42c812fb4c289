"""What sessions' use cases share: the clock, and allocating, serving or handing on requests (with their events)."""

from __future__ import annotations

from datetime import UTC, datetime

from psn_shared.events import NewEvent
from psn_shared.staff_copy import StaffCopy
from sessions.domain.allocation import Pool, Wanted, drain_waiting, serving_order, unmatched_reason
from sessions.domain.conversations import ConversationStatus
from sessions.domain.model import RequestStatus, Scope, SupportRequest
from sessions.domain.staff import StandIns, stand_ins
from sessions.events import published
from sessions.service_layer.uow import SessionsUnitOfWork

# The SQL applies every rule, so the least loaded few are enough; only a place's spelling is
# approximated there (in person), so when none of those it finds fits, every row it finds is checked.
FEW = 5
# Enough eligible supporters to say which caps stop them.
REASON_SAMPLE = 50


def now() -> datetime:
    return datetime.now(UTC)


def standing_in(uow: SessionsUnitOfWork, at: datetime) -> StandIns:
    """Who stands in for whom today (temporary managers count as managers)."""
    return stand_ins(uow.delegations.in_force(at.date()), at.date())


def standing_in_around(requester: StaffCopy, uow: SessionsUnitOfWork, at: datetime) -> StandIns:
    """The stand-ins that bear on line authority between the requester and anyone (see `domain.staff`).

    Those for the requester's managers (who has authority over the requester), and the
    requester's own (whom the requester has authority over): no other delegation can change a
    rule's answer for this requester, so one request need not read them all.
    """
    managers = {m for m in (requester.line_manager_id, requester.senior_manager_id) if m}
    return stand_ins(uow.delegations.in_force_around(at.date(), requester.staff_id, managers), at.date())


def allocate_request(request: SupportRequest, requester: StaffCopy, uow: SessionsUnitOfWork, at: datetime,
                     delegations: StandIns | None = None) -> bool:
    """Allocate to the least loaded supporter every rule allows, chosen in SQL; else wait with the rule that stopped it.

    The caller holds the allocation lock (`uow.serialise_allocations()`).
    """
    delegations = standing_in_around(requester, uow, at) if delegations is None else delegations
    wanted = Wanted(request, requester, delegations)
    if request.scope == Scope.WITHIN_TEAM:
        # A team has few supporters: everyone in it who may take the request, capped or not, is read
        # once, and both the choice (the domain applies the caps) and why it waits come from those.
        eligible = Pool(uow.supporters.candidates(at, uow.caps, wanted=wanted), uow.caps, delegations)
        if eligible.allocate(request, requester, at):
            return True
    else:
        for limit in (FEW, None):
            found = uow.supporters.candidates(at, uow.caps, wanted=wanted, within_caps=True, limit=limit)
            if Pool(found, uow.caps, delegations).allocate(request, requester, at):
                return True
            if not found:
                break
        eligible = Pool(uow.supporters.candidates(at, uow.caps, wanted=wanted, limit=REASON_SAMPLE, ordered=False),
                        uow.caps, delegations)
    if any(eligible.may_take(c, request, requester) for c in eligible.candidates):
        request.wait(eligible.why_not(request, requester, at), at)
        return False
    request.wait(unmatched_reason(request, uow.supporters.offering(request, requester)), at)
    return False


def drain_waiting_for(supporter_id: str, uow: SessionsUnitOfWork) -> None:
    """Capacity has appeared with one supporter: serve what waits for it, most urgent first."""
    at = now()
    delegations = standing_in(uow, at)
    pool = Pool(uow.supporters.candidates(at, uow.caps, only=supporter_id), uow.caps, delegations)
    if pool.exhausted(at):
        return
    waiting = uow.requests.waiting()
    requesters = uow.staff.many(r.requester_id for r in waiting)
    for request in drain_waiting(waiting, requesters, pool, at):
        announce(request, uow)


def serve_waiting(uow: SessionsUnitOfWork, at: datetime) -> list[SupportRequest]:
    """Offer every waiting request, most urgent first, to whoever can take it now; returns those allocated."""
    waiting = serving_order(uow.requests.waiting())
    requesters = uow.staff.many(r.requester_id for r in waiting)
    delegations = standing_in(uow, at)
    served = []
    for request in waiting:
        requester = requesters.get(request.requester_id)
        # Still waiting, perhaps for another reason now: shown on the request, not announced again
        # (coordinators are told once it waits too long).
        if requester is not None and allocate_request(request, requester, uow, at, delegations):
            served.append(request)
            announce(request, uow)
    return served


def reallocate_held_by(supporter_id: str, uow: SessionsUnitOfWork) -> None:
    """A supporter has gone: each open request they held goes to someone else or back to waiting."""
    held = serving_order(uow.requests.open_held_by(supporter_id))
    if not held:
        return
    at = now()
    delegations = standing_in(uow, at)
    requesters = uow.staff.many(r.requester_id for r in held)
    for request in held:
        call_off(request.id, supporter_id, supporter_id, "The request moved to another supporter.", uow)
        allocate_request(request, requesters[request.requester_id], uow, at, delegations)
        # Notifications tells a requester left waiting (neutrally) from this; a new supporter, from the allocation.
        uow.publish(published.request_reallocated(request, supporter_id, "supporter_withdrawn", at))
        announce(request, uow)


def announce(request: SupportRequest, uow: SessionsUnitOfWork) -> None:
    """Tell the network where a request stands (notifications tells the people)."""
    uow.publish(announcement(request))


def announcement(request: SupportRequest) -> NewEvent:
    """The event that says where a request stands: allocated, or waiting."""
    if request.status == RequestStatus.ALLOCATED:
        return published.request_allocated(request)
    return published.request_waiting(request)


def call_off(request_id: str, supporter_id: str, by: str, reason: str, uow: SessionsUnitOfWork) -> None:
    """The pairing ended (the request closed, or moved to another supporter): what the pair still had
    arranged is called off, and both are told of each booking cancelled. Never commits: it is part of
    the use case that ended the pairing. One already under way is left for its outcome.
    """
    at = now()
    for found in uow.conversations.open_for_request(request_id):
        if found.supporter_id != supporter_id or (found.starts_at is not None and found.starts_at <= at):
            continue
        was_booked = found.status == ConversationStatus.BOOKED
        found.cancel(by, reason, at)
        if was_booked:
            uow.publish(published.conversation_cancelled(found))
