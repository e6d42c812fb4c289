"""Notifications' use cases behind the event handlers: keep the staff copy, and tell people what happened.

They never commit: the consumer commits each batch together with its inbox rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from notifications.adapters.templates import render
from notifications.domain import notices
from notifications.domain.model import Channel, Delivery, InboxEntry, StaffMember
from notifications.service_layer.uow import DELIVERIES_CHANNEL, NotificationsUnitOfWork
from psn_shared.db import utcnow

log = logging.getLogger(__name__)


def record_staff(snapshot: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    """identity.staff.registered / updated carry the whole record: copy what notifications needs."""
    member = uow.staff.get(snapshot["staff_id"])
    if member is None:
        member = StaffMember(id=snapshot["staff_id"], name=snapshot["name"], email=snapshot["email"])
        uow.staff.add(member)
    member.name = snapshot["name"]
    member.email = snapshot["email"]
    member.team_id = snapshot["team_id"]
    member.line_manager_id = snapshot["line_manager_id"]
    member.status = snapshot["status"]
    member.set_roles(snapshot["roles"])


def record_leaver(data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    member = uow.staff.get(data["staff_id"])
    if member is None:
        log.info("leaver %s was never known here; nothing to update", data["staff_id"])
        return
    member.leave()


def role_granted(event_id: str, data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    member = notices.require(uow.staff.get(data["staff_id"]), data["staff_id"])
    member.grant(data["role"])
    manager_id = member.line_manager_id
    line_manager = notices.require(uow.staff.get(manager_id), manager_id) if manager_id else None
    tell(event_id, notices.role_granted(member, data["role"], data["monthly_hours"], line_manager), uow)


def role_revoked(data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    member = notices.require(uow.staff.get(data["staff_id"]), data["staff_id"])
    member.revoke(data["role"])


def password_reset_requested(event_id: str, data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    """By email only, to the address identity names: the link is a secret, so never the inbox, never a log."""
    text = render("password_reset", {"name": data["name"], "reset_url": data["reset_url"],
                                     "expires_at": data["expires_at"].strftime("%H:%M UTC on %d %B %Y")})
    now = utcnow()
    if uow.deliveries.add_once(Delivery(
        event_id=event_id, recipient_id=data["staff_id"], channel=Channel.EMAIL, address=data["email"],
        subject=text.subject, body=text.body, created_at=now, next_attempt_at=now,
    )):
        uow.notify_on_commit(DELIVERIES_CHANNEL)


def request_allocated(event_id: str, data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    requester = notices.require(uow.staff.get(data["requester_id"]), data["requester_id"])
    supporter = notices.require(uow.staff.get(data["supporter_id"]), data["supporter_id"])
    tell(event_id, notices.request_allocated(requester, supporter, data["mode"]), uow)


def request_waiting(event_id: str, data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    coordinators = uow.staff.holding_role(notices.COORDINATOR)
    told = notices.request_waiting(coordinators, data["requester_id"], data["request_id"], data["reason"])
    if not told:
        # Retrying would not conjure a coordinator; the request itself still waits in sessions.
        log.warning("request %s is waiting and there is no coordinator to tell", data["request_id"])
    tell(event_id, told, uow)


def nomination_decided(event_id: str, event_type: str, data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    """training.nomination.approved / refused / expired: the nominee hears where they stand."""
    nominee = notices.require(uow.staff.get(data["nominee_id"]), data["nominee_id"])
    level = data["level"]
    if event_type == "training.nomination.approved":
        told = notices.nomination_approved(nominee, level, data["status"], data["monthly_hours"])
    elif event_type == "training.nomination.refused":
        told = notices.nomination_refused(nominee, level, data["reason"])
    else:
        told = notices.nomination_expired(nominee, level)
    tell(event_id, told, uow)


def nomination_reminded(event_id: str, data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    approver = notices.require(uow.staff.get(data["approver_id"]), data["approver_id"])
    nominee = notices.require(uow.staff.get(data["nominee_id"]), data["nominee_id"])
    tell(event_id, notices.nomination_reminder(approver, nominee, data["level"], data["capacity"]), uow)


def place_promoted(event_id: str, data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    member = notices.require(uow.staff.get(data["staff_id"]), data["staff_id"])
    told = notices.place_promoted(member, data["level"], data["cohort_name"], data["first_day"].isoformat())
    tell(event_id, told, uow)


def certification_news(event_id: str, event_type: str, data: dict[str, Any], uow: NotificationsUnitOfWork) -> None:
    """training.refresher.due / training.certification.lapsed: the certificate's holder is told."""
    member = notices.require(uow.staff.get(data["staff_id"]), data["staff_id"])
    if event_type == "training.refresher.due":
        told = notices.refresher_due(member, data["level"], data["expires_on"].isoformat())
    else:
        told = notices.certification_lapsed(member, data["level"])
    tell(event_id, told, uow)


def tell(event_id: str, to_tell: Iterable[notices.Notice], uow: NotificationsUnitOfWork) -> None:
    """Each notice becomes one inbox entry and one pending email, once per event and person."""
    now = utcnow()
    queued = False
    for notice in to_tell:
        text = render(notice.kind, notice.context)
        person = notice.recipient
        uow.inbox.add_once(InboxEntry(
            recipient_id=person.id, event_id=event_id, kind=notice.kind,
            subject=text.subject, body=text.body, created_at=now,
        ))
        queued |= uow.deliveries.add_once(Delivery(
            event_id=event_id, recipient_id=person.id, channel=Channel.EMAIL, address=person.email,
            subject=text.subject, body=text.body, created_at=now, next_attempt_at=now,
        ))
    if queued:
        uow.notify_on_commit(DELIVERIES_CHANNEL)
