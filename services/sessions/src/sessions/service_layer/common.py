"""What sessions' use cases share: the clock, and serving or handing on requests with the events that say so."""

from __future__ import annotations

from datetime import UTC, datetime

from sessions.domain.allocation import Pool, drain_waiting, reallocate
from sessions.domain.model import RequestStatus, SupportRequest, month_start
from sessions.events import published
from sessions.service_layer.uow import SessionsUnitOfWork


def now() -> datetime:
    return datetime.now(UTC)


def drain_waiting_for(supporter_id: str, uow: SessionsUnitOfWork) -> None:
    at = now()
    pool = Pool(uow.supporters.candidates(month_start(at), only=supporter_id))
    if pool.exhausted:
        return
    waiting = uow.requests.waiting()
    requesters = uow.staff.many(r.requester_id for r in waiting)
    for request in drain_waiting(waiting, requesters, pool, at):
        announce(request, uow)


def reallocate_held_by(supporter_id: str, uow: SessionsUnitOfWork) -> None:
    held = uow.requests.open_held_by(supporter_id)
    if not held:
        return
    at = now()
    requesters = uow.staff.many(r.requester_id for r in held)
    pool = Pool(uow.supporters.candidates(month_start(at)))
    for request in reallocate(held, requesters, pool, at):
        announce(request, uow)


def announce(request: SupportRequest, uow: SessionsUnitOfWork) -> None:
    """Tell the network where a request stands (notifications tells the people)."""
    if request.status == RequestStatus.ALLOCATED:
        uow.publish(published.request_allocated(request))
    else:
        uow.publish(published.request_waiting(request))
