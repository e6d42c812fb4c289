"""Sessions' use cases behind the event handlers: identity's and training's news about people.

They never commit: the consumer commits each batch together with its inbox rows. A leaver whose
record has not arrived raises StaffNotYetKnown, which the consumer retries (psn_shared.staff_copy).
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from psn_shared import staff_copy
from psn_shared.events import NewEvent
from psn_shared.events.contracts import DelegationGranted, HelpSourceSnapshot, StaffSnapshot, TeamCreated
from sessions.domain.allocation import free_of_line_authority
from sessions.domain.model import Change, SupporterProfile
from sessions.domain.signposting import FIELDS as HELP_SOURCE_FIELDS
from sessions.domain.signposting import HelpSource
from sessions.domain.staff import Delegation, StaffCopy
from sessions.domain.teams import Team
from sessions.events import published
from sessions.service_layer.common import (
    allocate_request,
    announce,
    call_off,
    drain_waiting_for,
    now,
    reallocate_held_by,
    standing_in,
)
from sessions.service_layer.reflective import release_places_of
from sessions.service_layer.uow import SessionsUnitOfWork
from sessions.service_layer.wellbeing import call_off_reviews_of_leaver

log = logging.getLogger(__name__)


def record_staff(snapshot: StaffSnapshot, at: datetime, uow: SessionsUnitOfWork) -> None:
    """Keep the local copy; a supporter whose record has just arrived may become allocatable.

    A move (new team or manager) may put someone in line authority over a colleague they
    support: that case is handed over.
    """
    if staff_copy.record_snapshot(uow.staff, snapshot, at, StaffCopy.from_snapshot) is not None:
        _refresh_supporter(snapshot.staff_id, uow)
        hand_over_where_authority(snapshot.staff_id, uow)


class DelegationNotYetKnown(LookupError):
    """The end of a delegation whose grant has not arrived yet: the consumer retries it."""


def record_delegation_granted(granted: DelegationGranted, uow: SessionsUnitOfWork) -> None:
    """A temporary manager has their manager's line authority: a case they hold across it is handed over."""
    if uow.delegations.get(granted.delegation_id) is not None:
        return  # identity never changes a granted delegation: a redelivery
    uow.delegations.add(Delegation(
        id=granted.delegation_id, manager_id=granted.manager_id, delegate_id=granted.delegate_id,
        starts_on=granted.starts_on, ends_on=granted.ends_on,
    ))
    hand_over_where_authority(granted.delegate_id, uow)


def record_delegation_ended(delegation_id: str, ended_at: datetime, uow: SessionsUnitOfWork) -> None:
    delegation = uow.delegations.get(delegation_id)
    if delegation is None:
        raise DelegationNotYetKnown(f"no local copy of delegation {delegation_id} yet")
    delegation.end(ended_at)


def hand_over_where_authority(staff_id: str, uow: SessionsUnitOfWork) -> None:
    """Every open case of this person (as requester or supporter) where the pair now has line
    authority between them goes to another supporter, or waits; both are told, neutrally."""
    held = uow.requests.open_involving(staff_id)
    if not held:
        return
    uow.serialise_allocations()
    at = now()
    delegations = standing_in(uow, at)
    people = uow.staff.many({staff_id, *(r.requester_id for r in held), *(r.supporter_id or "" for r in held)})
    for request in held:
        requester, supporter = people.get(request.requester_id), people.get(request.supporter_id or "")
        if requester is None or supporter is None or free_of_line_authority(supporter, requester, delegations):
            continue
        previous = request.release()
        call_off(request.id, previous, previous, "The request moved to another supporter.", uow)
        allocate_request(request, requester, uow, at, delegations)
        uow.publish(published.request_reallocated(request, previous, "line_authority", at))
        announce(request, uow)
        drain_waiting_for(previous, uow)


def record_leaver(staff_id: str, at: datetime, uow: SessionsUnitOfWork, left_on: date | None = None) -> None:
    """A supporter who leaves hands their requests on; anyone who leaves gives up their places on group sessions
    (and a facilitator the sessions they run), the requests they made are closed, and the wellbeing reviews to
    come that they were to hold or have are called off."""
    if staff_copy.record_leaver(uow.staff, staff_id, at, left_on) is not None:
        _refresh_supporter(staff_id, uow)
        release_places_of(staff_id, uow)
        _close_requests_of_leaver(staff_id, uow)
        call_off_reviews_of_leaver(staff_id, uow)


def _close_requests_of_leaver(staff_id: str, uow: SessionsUnitOfWork) -> None:
    """Someone who left the board can no longer sign in or be supported through the network: left open, a
    waiting request would be given to a supporter (and an allocated one hold a supporter's hour) for nobody.
    What they had arranged with a supporter is called off (both told of each booking cancelled), and the hour
    freed goes to whoever waits for it."""
    asked = uow.requests.open_asked_by(staff_id)
    if not asked:
        return
    uow.serialise_allocations()
    at = now()
    for request in asked:
        supporter_id = request.supporter_id
        request.close(staff_id, at)
        if supporter_id is not None:
            call_off(request.id, supporter_id, staff_id, "The request was closed.", uow)
            drain_waiting_for(supporter_id, uow)


# A supporter profile is sessions' own, made by role news alone: a grant that arrives before
# the person's record waits in the profile (not allocatable until the record is here and
# active), rather than being retried until the record comes.

def grant_supporter(staff_id: str, monthly_hours: int | None, at: datetime, uow: SessionsUnitOfWork) -> None:
    # A grant nearly always changes whether they can be allocated: the lock is taken with the first read.
    profile, member = uow.supporter_under_lock(staff_id)
    if profile is None:
        # Added once refreshed: written in one INSERT that says whether it is allocatable, with its
        # activation's announcement (the headline's path), not an INSERT, a second read and an UPDATE.
        profile = SupporterProfile.granted(staff_id, monthly_hours, at)
        uow.add_supporter(profile, _refresh(profile, member, uow))
    elif profile.grant(monthly_hours, at):
        _publish(_refresh(profile, member, uow), uow)


class SupporterNotYetKnown(LookupError):
    """Hours changed on a grant whose own event has not arrived yet: the consumer retries it."""


def change_supporter_hours(staff_id: str, monthly_hours: int, at: datetime, uow: SessionsUnitOfWork) -> None:
    """Identity changed a supporter's monthly hours: their capacity follows, and a raise serves the waiting list
    to them at once, as an hour freed does (allocation stays within the new hours)."""
    uow.serialise_allocations()
    profile = uow.supporters.get(staff_id)
    if profile is None:
        raise SupporterNotYetKnown(f"no supporter profile for {staff_id} yet")
    if profile.change_hours(monthly_hours, at) and profile.allocatable:
        drain_waiting_for(staff_id, uow)


def revoke_supporter(staff_id: str, at: datetime, uow: SessionsUnitOfWork) -> None:
    profile = uow.supporters.get(staff_id)
    if profile is None:
        uow.supporters.add(SupporterProfile.revoked(staff_id, at))
        return
    if profile.revoke(at):
        _refresh_supporter(staff_id, uow)


def serve_waiting_for_new_supporter(staff_id: str, uow: SessionsUnitOfWork) -> None:
    """Sessions' own `sessions.supporter.activated`, back from the broker: what waits goes to them.

    Its own transaction, after the activation's: should this process die between the two, the
    event is still on its queue (and the scheduler serves every waiting request each round).
    The supporter may have gone again meanwhile: the candidates are read as they are now.
    """
    uow.serialise_allocations()
    drain_waiting_for(staff_id, uow)


def record_certification(staff_id: str, certified: bool, at: datetime, uow: SessionsUnitOfWork) -> None:
    """Training's certificate lapsed or was renewed: no new allocations while lapsed, nothing else."""
    profile = uow.supporters.get(staff_id)
    if profile is None:
        log.info("certification news for %s, who is not a supporter here; nothing to change", staff_id)
        return
    if profile.certify(certified, at):
        _refresh_supporter(staff_id, uow)


def _refresh_supporter(staff_id: str, uow: SessionsUnitOfWork) -> None:
    profile = uow.supporters.get(staff_id)
    if profile is not None:
        _publish(_refresh(profile, uow.member_under_lock(staff_id), uow), uow)


def _publish(announcement: NewEvent | None, uow: SessionsUnitOfWork) -> None:
    if announcement is not None:
        uow.publish(announcement)


def _refresh(profile: SupporterProfile, member: StaffCopy | None, uow: SessionsUnitOfWork) -> NewEvent | None:
    """Act on a change in whether someone can be allocated: return its announcement, for the caller to
    publish, or hand their work on. The caller holds the allocation lock and read `member` under it."""
    change = profile.refresh(member)
    if change is Change.ACTIVATED:
        # The waiting list is served when this event comes back (serve_waiting_for_new_supporter):
        # the activation leaves now, not after that work.
        return published.supporter_activated(profile)
    if profile.withdrawn(member):
        # Checked apart from `change`: a lapsed supporter (already not allocatable) keeps their
        # requests, and must still hand them on when the role goes or they leave.
        reallocate_held_by(profile.staff_id, uow)
    return None


def record_team(team: TeamCreated, at: datetime, uow: SessionsUnitOfWork) -> None:
    """A team's name and service, for the wellbeing-review coverage report by team and service."""
    held = uow.wellbeing.team(team.team_id)
    if held is None:
        uow.wellbeing.add_team(Team(team_id=team.team_id, name=team.name, service=team.service, as_of=at))
    else:
        held.apply(team.name, team.service, at)


def record_help_source(snapshot: HelpSourceSnapshot, uow: SessionsUnitOfWork) -> None:
    """Identity's newest picture of a source of help (published, changed or withdrawn), for referrals to offer."""
    picture = {name: getattr(snapshot, name) for name in HELP_SOURCE_FIELDS}
    held = uow.help_sources.get(snapshot.help_source_id)
    if held is None:
        uow.help_sources.add(HelpSource(id=snapshot.help_source_id, **picture, as_of=snapshot.updated_at))
    else:
        held.apply(picture, snapshot.updated_at)
