"""Escalation with consent: the use cases behind the referral endpoints.

Each loads the referral with its request (whose parties decide who may see or act on it), asks
the domain, records the decision and publishes it, and commits. Reads by a coordinator are
recorded in the audit of confidential reads, so those reads commit too.
"""

from __future__ import annotations

from dataclasses import dataclass

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, NotFound
from sessions.domain import policy
from sessions.domain.audit import RecordKind
from sessions.domain.model import RequestStatus, SupportRequest
from sessions.domain.referrals import Party, Referral, ReferralStatus, Service, ShareItem
from sessions.domain.signposting import KINDS_FOR_SERVICE, offered_for
from sessions.events import published
from sessions.service_layer.audit import record_read
from sessions.service_layer.common import now
from sessions.service_layer.queries import readable_request
from sessions.service_layer.uow import SessionsUnitOfWork

ACTING = frozenset({Party.SUPPORTER, Party.COORDINATOR})  # who makes, answers and closes referrals


@dataclass(frozen=True)
class SuggestReferral:
    request_id: str
    service: Service
    reason: str


@dataclass(frozen=True)
class DecideConsent:
    referral_id: str
    given: bool
    shares: list[ShareItem]
    note: str | None = None


@dataclass(frozen=True)
class Override:
    referral_id: str
    reason: str
    shares: list[ShareItem]


def suggest_referral(cmd: SuggestReferral, principal: Principal, uow: SessionsUnitOfWork) -> Referral:
    """The person's supporter suggests more specialised support; urgent ones alert the coordinators."""
    request = readable_request(cmd.request_id, principal, uow)
    if policy.party_to_request(request, principal) is not Party.SUPPORTER:
        raise Forbidden("only the person's supporter may suggest a referral")
    if request.status != RequestStatus.ALLOCATED:
        raise Conflict(f"a {request.status} request cannot be referred on")
    referral = Referral.suggest(request_id=request.id, requester_id=request.requester_id,
                                supporter_id=principal.staff_id, service=cmd.service, reason=cmd.reason, at=now())
    uow.referrals.add(referral)
    uow.publish(published.referral_suggested(referral))
    uow.commit()
    return offering_help(referral, uow)


def decide_consent(cmd: DecideConsent, principal: Principal, uow: SessionsUnitOfWork) -> Referral:
    """The person gives or refuses consent, and says what may be shared; their supporter is told."""
    referral, request, party = _load(cmd.referral_id, principal, uow)
    if party is not Party.REQUESTER:
        raise Forbidden("only the person the referral is for may give or refuse consent")
    if cmd.given:
        referral.give_consent(cmd.shares, cmd.note, principal.staff_id, now())
    else:
        referral.refuse_consent(cmd.shares, cmd.note, principal.staff_id, now())
    return _decided(referral, request, uow)


def make_referral(referral_id: str, principal: Principal, uow: SessionsUnitOfWork) -> Referral:
    """Pass it on, with what the person consented to share (nothing without consent)."""
    referral, request, party = _load(referral_id, principal, uow)
    _acting(party)
    referral.make(principal.staff_id, party, now())
    return _decided(referral, request, uow)


def override_consent(cmd: Override, principal: Principal, uow: SessionsUnitOfWork) -> Referral:
    """A coordinator outside the pairing passes it on without consent, for safeguarding, in writing."""
    referral, request, party = _load(cmd.referral_id, principal, uow)
    if party is not Party.COORDINATOR:
        raise Forbidden("a safeguarding override is for a coordinator who is neither the person nor their supporter")
    referral.override(cmd.reason, cmd.shares, principal.staff_id, now())
    return _decided(referral, request, uow)


def record_outcome(referral_id: str, accepted: bool, principal: Principal, uow: SessionsUnitOfWork) -> Referral:
    referral, request, party = _load(referral_id, principal, uow)
    _acting(party)
    referral.record_outcome(accepted, principal.staff_id, party, now())
    return _decided(referral, request, uow)


def close_referral(referral_id: str, principal: Principal, uow: SessionsUnitOfWork) -> Referral:
    referral, request, party = _load(referral_id, principal, uow)
    _acting(party)
    referral.close(principal.staff_id, party, now())
    return _decided(referral, request, uow)


def open_referral(referral_id: str, kind: RecordKind, reason: str | None, principal: Principal,
                  uow: SessionsUnitOfWork) -> Referral:
    """A referral, or its consent (`kind`), as a party or the coordinator sees it; a coordinator's reason recorded."""
    referral, request, _ = _load(referral_id, principal, uow)
    record_read(request, kind, referral.id, reason, principal, uow)
    uow.commit()
    return offering_help(referral, uow)


def referrals_of_request(request_id: str, reason: str | None, principal: Principal,
                         uow: SessionsUnitOfWork) -> list[Referral]:
    """A request's referrals, oldest first, for those who may see the request; a coordinator's reason is recorded."""
    request = readable_request(request_id, principal, uow)
    found = uow.referrals.of_request(request.id)
    record_read(request, RecordKind.REFERRALS, request.id, reason, principal, uow)
    uow.commit()
    return offering_help_with(found, uow)


def list_referrals(status: ReferralStatus | None, urgent: bool | None, limit: int, offset: int,
                   principal: Principal, uow: SessionsUnitOfWork) -> tuple[list[Referral], int]:
    """The caller's own referrals and those on requests they support now (coordinator: all), urgent first.

    The API lists them without the person, the service or the reason, so a list is not a read of
    anyone's record: opening one is (and is recorded).
    """
    involving = policy.requests_involving(principal)
    return uow.referrals.page(involving=involving, status=status, urgent=urgent, limit=limit, offset=offset)


def _load(referral_id: str, principal: Principal, uow: SessionsUnitOfWork) -> tuple[Referral, SupportRequest, Party]:
    """Anyone but the request's parties and the coordinator learns nothing, not even that it exists."""
    referral = uow.referrals.get(referral_id)
    request = uow.requests.get(referral.request_id) if referral is not None else None
    party = policy.party_to_request(request, principal) if request is not None else None
    if referral is None or request is None or party is None:
        raise NotFound("no such referral")
    return referral, request, party


def _acting(party: Party) -> None:
    if party not in ACTING:
        raise Forbidden("only the person's supporter or a coordinator may do this")


def _decided(referral: Referral, request: SupportRequest, uow: SessionsUnitOfWork) -> Referral:
    uow.publish(published.referral_decided(referral, request))
    uow.commit()
    return offering_help(referral, uow)


def offering_help(referral: Referral, uow: SessionsUnitOfWork) -> Referral:
    """The referral with the sources of help that fit it and serve the person it is for, as they stand now."""
    return offering_help_with([referral], uow)[0]


def offering_help_with(found: list[Referral], uow: SessionsUnitOfWork) -> list[Referral]:
    """One request's referrals, each with its sources of help: one person, so two reads however many."""
    if not found:
        return found
    person = uow.staff.get(found[0].requester_id)
    organisation_id = person.organisation_id if person is not None else None
    sources = uow.help_sources.of_kinds(tuple({kind for r in found for kind in KINDS_FOR_SERVICE[r.service]}))
    for referral in found:
        referral.offered_help = offered_for(referral.service, sources, organisation_id)
    return found

