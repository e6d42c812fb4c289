"""Notifications' use cases behind the event handlers: keep the staff copy, and tell people what happened.

They never commit: the consumer commits each batch together with its inbox rows. Someone to
tell who has no copy here yet raises `StaffNotYetKnown` (from `copy_of`): the consumer retries
the event, by when identity's registration has arrived.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from notifications.adapters.templates import render
from notifications.domain import notices
from notifications.domain.model import Channel, InboxEntry, StaffCopy
from notifications.domain.preferences import PreferredChannel
from notifications.domain.routing import Route, chosen_routes
from notifications.service_layer import delivering
from notifications.service_layer.uow import DELIVERIES_CHANNEL, NotificationsUnitOfWork
from psn_shared.db import utcnow
from psn_shared.events.contracts import (
    Certification,
    DelegationEnded,
    DelegationGranted,
    Level1ClaimDecided,
    LevelCompleted,
    NominationOutcome,
    NominationReminded,
    PasswordResetRequested,
    PlacePromoted,
    RequestAllocated,
    RequestWaiting,
    RoleGranted,
    RoleRevoked,
    StaffLeft,
    StaffSnapshot,
    StaffWelcomed,
    SupporterHoursChanged,
    SupporterHoursRaiseDeclined,
    SupporterHoursRaiseProposed,
)
from psn_shared.roles import Role
from psn_shared.staff_copy import copy_of, record_grant, record_leaver, record_revocation, record_snapshot

log = logging.getLogger(__name__)


def record_staff(snapshot: StaffSnapshot, at: datetime, uow: NotificationsUnitOfWork) -> None:
    """identity.staff.registered / updated / reinstated carry the whole record, as identity held it at `at`."""
    record_snapshot(uow.staff, snapshot, at, StaffCopy.from_snapshot)


def staff_left(leaver: StaffLeft, at: datetime, uow: NotificationsUnitOfWork) -> None:
    record_leaver(uow.staff, leaver.staff_id, at)


def role_granted(event_id: str, grant: RoleGranted, at: datetime, uow: NotificationsUnitOfWork) -> None:
    """The copy takes the role (unless it already holds newer news); the person is told either way."""
    record_grant(uow.staff, grant.staff_id, grant.role, at)
    member = copy_of(uow.staff, grant.staff_id)
    manager_id = member.line_manager_id
    line_manager = copy_of(uow.staff, manager_id) if manager_id else None
    tell(event_id, notices.role_granted(member, grant.role, grant.monthly_hours, line_manager), uow)


def supporter_hours_changed(event_id: str, change: SupporterHoursChanged, uow: NotificationsUnitOfWork) -> None:
    """The supporter and their managers hear of the hours now in force (decision 83)."""
    member = copy_of(uow.staff, change.staff_id)
    tell(event_id, notices.supporter_hours_changed(member, _managers_of(member, uow), change.monthly_hours), uow)


def supporter_hours_raise_proposed(event_id: str, proposal: SupporterHoursRaiseProposed,
                                   uow: NotificationsUnitOfWork) -> None:
    """The other manager is asked to agree; for a vacant post, the coordinators, who agree in its place."""
    member = copy_of(uow.staff, proposal.staff_id)
    if proposal.awaiting_manager_id is not None:
        awaiting = [copy_of(uow.staff, proposal.awaiting_manager_id)]
    else:
        awaiting = uow.staff.holding_role(Role.COORDINATOR)
    told = notices.supporter_hours_raise_awaiting(awaiting, member, proposal.proposed_hours, proposal.monthly_hours)
    tell(event_id, told, uow)


def supporter_hours_raise_declined(event_id: str, refusal: SupporterHoursRaiseDeclined,
                                   uow: NotificationsUnitOfWork) -> None:
    """The manager who proposed the raise hears it was declined; the supporter, never told of it, is not."""
    proposer, member = copy_of(uow.staff, refusal.proposed_by), copy_of(uow.staff, refusal.staff_id)
    told = notices.supporter_hours_raise_declined(proposer, member, refusal.proposed_hours, refusal.monthly_hours)
    tell(event_id, told, uow)


def _managers_of(member: StaffCopy, uow: NotificationsUnitOfWork) -> list[StaffCopy]:
    """The line and senior manager on the supporter's copy, once each (one person may hold both posts)."""
    ids = dict.fromkeys(m for m in (member.line_manager_id, member.senior_manager_id) if m)
    return [copy_of(uow.staff, manager_id) for manager_id in ids]


def delegation_granted(event_id: str, delegation: DelegationGranted, uow: NotificationsUnitOfWork) -> None:
    delegate, manager = copy_of(uow.staff, delegation.delegate_id), copy_of(uow.staff, delegation.manager_id)
    told = notices.delegation_granted(delegate, manager, delegation.starts_on.isoformat(),
                                      delegation.ends_on.isoformat())
    tell(event_id, told, uow)


def delegation_ended(event_id: str, ending: DelegationEnded, uow: NotificationsUnitOfWork) -> None:
    delegate, manager = copy_of(uow.staff, ending.delegate_id), copy_of(uow.staff, ending.manager_id)
    tell(event_id, notices.delegation_ended(delegate, manager), uow)


def role_revoked(event_id: str, revocation: RoleRevoked, at: datetime, uow: NotificationsUnitOfWork) -> None:
    """The copy loses the role (unless it already holds newer news); the person is told either way, as of a grant."""
    record_revocation(uow.staff, revocation.staff_id, revocation.role, at)
    member = copy_of(uow.staff, revocation.staff_id)
    manager_id = member.line_manager_id
    line_manager = copy_of(uow.staff, manager_id) if manager_id else None
    tell(event_id, notices.role_ended(member, revocation.role, revocation.ending, line_manager), uow)


def password_reset_requested(event_id: str, request: PasswordResetRequested, uow: NotificationsUnitOfWork) -> None:
    context = {"reset_url": request.reset_url, "expires_at": request.expires_at.isoformat()}
    _email_password_link(event_id, "password_reset", request.staff_id, request.name, request.email, context, uow)


def staff_welcomed(event_id: str, welcome: StaffWelcomed, uow: NotificationsUnitOfWork) -> None:
    """Someone registered by hand: what the network is, and the link to choose their first password."""
    context = {"set_password_url": welcome.set_password_url, "expires_at": welcome.expires_at.isoformat()}
    _email_password_link(event_id, "staff_welcomed", welcome.staff_id, welcome.name, welcome.email, context, uow)


def _email_password_link(event_id: str, kind: str, staff_id: str, name: str, email: str,
                         context: dict[str, str], uow: NotificationsUnitOfWork) -> None:
    """By email only, to the address identity names: the link is a secret, so never the inbox, never a
    log, never a lock screen. Must-deliver all the same: one that cannot be sent alerts an operator.

    In the person's language, or the default for someone who chose none (a newcomer has not yet)."""
    language = delivering.preferences_of(staff_id, uow).language
    rendered = render(kind, {"name": name, **context}, language)
    # Addressed as identity's event says, not by the copy: the person may not be copied here yet.
    now = utcnow()
    person = StaffCopy(staff_id=staff_id, name=name, as_of=now, email=email)
    notice = notices.Notice(person, kind, {}, critical=True)
    text = delivering.Text(rendered.subject, rendered.body, rendered.short)
    if delivering.start_chain(event_id, notice, text, language, now, uow, steps=[[Route(Channel.EMAIL, email)]]):
        uow.notify_on_commit(DELIVERIES_CHANNEL)


def request_allocated(event_id: str, allocation: RequestAllocated, uow: NotificationsUnitOfWork) -> None:
    requester = copy_of(uow.staff, allocation.requester_id)
    supporter = copy_of(uow.staff, allocation.supporter_id)
    tell(event_id, notices.request_allocated(requester, supporter, allocation.mode), uow)


def request_waiting(event_id: str, waiting: RequestWaiting, uow: NotificationsUnitOfWork) -> None:
    coordinators = uow.staff.holding_role(Role.COORDINATOR)
    told = notices.request_waiting(coordinators, waiting.requester_id, waiting.request_id, waiting.reason)
    if not told:
        # Retrying would not conjure a coordinator; the request itself still waits in sessions.
        log.warning("request %s is waiting and there is no coordinator to tell", waiting.request_id)
    tell(event_id, told, uow)


def nomination_approved(event_id: str, outcome: NominationOutcome, uow: NotificationsUnitOfWork) -> None:
    nominee = copy_of(uow.staff, outcome.nominee_id)
    tell(event_id, notices.nomination_approved(nominee, outcome.level, outcome.status, outcome.monthly_hours), uow)


def level_completed(event_id: str, at: datetime, completion: LevelCompleted, uow: NotificationsUnitOfWork) -> None:
    """A Level 1 a learning platform's import or the API recorded is told to its person (decision 77); a verified
    self-report was told by its decision, and Levels 2 and 3 by the role they lead to."""
    if completion.level != 1 or completion.source not in notices.LEVEL_1_TOLD_FROM:
        return
    member = copy_of(uow.staff, completion.staff_id)
    tell(event_id, notices.level1_imported(member, completion.completed_on, at.date()), uow)


def level1_claim_decided(event_id: str, decision: Level1ClaimDecided, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, decision.staff_id)
    told = notices.level1_claim_decided(member, decision.status, decision.completed_on.isoformat(), decision.reason)
    tell(event_id, told, uow)


def nomination_refused(event_id: str, outcome: NominationOutcome, uow: NotificationsUnitOfWork) -> None:
    nominee = copy_of(uow.staff, outcome.nominee_id)
    tell(event_id, notices.nomination_refused(nominee, outcome.level, outcome.reason), uow)


def nomination_expired(event_id: str, outcome: NominationOutcome, uow: NotificationsUnitOfWork) -> None:
    nominee = copy_of(uow.staff, outcome.nominee_id)
    tell(event_id, notices.nomination_expired(nominee, outcome.level), uow)


def nomination_reminded(event_id: str, reminder: NominationReminded, uow: NotificationsUnitOfWork) -> None:
    approver = copy_of(uow.staff, reminder.approver_id)
    nominee = copy_of(uow.staff, reminder.nominee_id)
    delegates = [copy for d in reminder.delegate_ids if (copy := uow.staff.get(d)) is not None]
    tell(event_id, notices.nomination_reminder(approver, delegates, nominee, reminder.level, reminder.capacity), uow)


def place_promoted(event_id: str, promotion: PlacePromoted, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, promotion.staff_id)
    told = notices.place_promoted(member, promotion.level, promotion.cohort_name, promotion.first_day.isoformat())
    tell(event_id, told, uow)


def refresher_due(event_id: str, certificate: Certification, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, certificate.staff_id)
    tell(event_id, notices.refresher_due(member, certificate.level, certificate.expires_on.isoformat()), uow)


def certification_lapsed(event_id: str, certificate: Certification, uow: NotificationsUnitOfWork) -> None:
    member = copy_of(uow.staff, certificate.staff_id)
    tell(event_id, notices.certification_lapsed(member, certificate.level), uow)


def tell(event_id: str, to_tell: Iterable[notices.Notice], uow: NotificationsUnitOfWork) -> None:
    """The one way a notice enters the pipeline: once per event and person, an inbox entry and a
    delivery on each channel the person chose for its category, in their language.

    A critical notice always reaches the inbox and goes out by the fallback chain instead
    (push, text, email: see `delivering.start_chain`). Quiet hours are applied as each delivery
    falls due (the dispatcher), so a retry is held as well as a first attempt; the digest
    collects a category's emails here.
    """
    now = utcnow()
    queued = False
    for notice in to_tell:
        person = notice.recipient
        preferences = delivering.preferences_of(person.staff_id, uow)
        rendered = render(notice.kind, notice.context, preferences.language)
        text = delivering.Text(rendered.subject, rendered.body, rendered.short)
        channels = preferences.channels_for(notice.category)
        if notice.critical or PreferredChannel.IN_APP in channels:
            uow.inbox.add_once(InboxEntry(
                recipient_id=person.staff_id, event_id=event_id, kind=notice.kind,
                subject=text.subject, body=text.body, created_at=now, critical=notice.critical,
            ))
        if notice.inbox_only:
            continue
        if notice.critical:
            queued |= delivering.start_chain(event_id, notice, text, preferences.language, now, uow)
            continue
        if preferences.digested(notice.category):
            # One email a day gathers these; push and text would defeat the point.
            if PreferredChannel.EMAIL in channels and person.email:
                due = preferences.next_digest(now)
                delivery = delivering.delivery_for(Route(Channel.EMAIL, person.email), event_id, notice, text,
                                                   preferences.language, now, digest=True)
                delivery.hold(due)
                uow.deliveries.add_once(delivery)
            continue
        devices = uow.devices.of_person(person.staff_id) if PreferredChannel.PUSH in channels else []
        for route in chosen_routes(person, channels, devices):
            queued |= uow.deliveries.add_once(delivering.delivery_for(
                route, event_id, notice, text, preferences.language, now))
    if queued:
        uow.notify_on_commit(DELIVERIES_CHANNEL)
