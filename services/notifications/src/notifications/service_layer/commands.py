"""Notifications' use cases behind the HTTP API that change something: each commits its own transaction."""

from __future__ import annotations

from typing import Any

from notifications.domain import policy
from notifications.domain.categories import Category
from notifications.domain.model import Device, DeviceKind, InboxEntry
from notifications.domain.preferences import Preferences, choose
from notifications.service_layer import delivering
from notifications.service_layer.uow import DELIVERIES_CHANNEL, NotificationsUnitOfWork
from psn_shared.db import utcnow
from psn_shared.errors import NotFound
from psn_shared.preconditions import Precondition, unconditional


def mark_read(entry_id: str, reader_id: str, uow: NotificationsUnitOfWork) -> InboxEntry:
    """Only the recipient may mark an entry read; to anyone else it does not exist."""
    entry = uow.inbox.get(entry_id)
    if entry is None or not policy.may_read_entry(entry, reader_id):
        raise NotFound("no such inbox entry")
    entry.mark_read(utcnow())
    uow.commit()
    return entry


def mark_all_read(reader_id: str, uow: NotificationsUnitOfWork) -> int:
    """Every unread entry of the reader's is read now; how many there were."""
    marked = uow.inbox.mark_all_read(reader_id, utcnow())
    uow.commit()
    return marked


def register_device(staff_id: str, kind: DeviceKind, address: str, uow: NotificationsUnitOfWork, *,
                    p256dh: str | None = None, auth: str | None = None, platform: str | None = None) -> Device:
    """A browser's push subscription or the app's token, for the caller. Registering the same one again
    refreshes it; one registered before by someone else (a shared ward computer, say) becomes the
    caller's, so nobody receives another person's notifications."""
    device = uow.devices.find(kind, address)
    if device is None:
        device = Device(staff_id=staff_id, kind=kind, address=address, created_at=utcnow())
        uow.devices.add(device)
    device.staff_id = staff_id
    device.p256dh, device.auth, device.platform = p256dh, auth, platform
    uow.commit()
    return device


def remove_device(staff_id: str, device_id: str, uow: NotificationsUnitOfWork) -> None:
    """Only its owner removes a device; to anyone else it does not exist."""
    device = uow.devices.get(device_id)
    if device is None or device.staff_id != staff_id:
        raise NotFound("no such device")
    uow.devices.remove(device)
    uow.commit()


def set_preferences(staff_id: str, chosen: dict[str, Any], uow: NotificationsUnitOfWork,
                    precondition: Precondition = unconditional) -> Preferences:
    """Replace the person's preferences (what is left out takes its default) if they are still as the
    person read them (`precondition`: the defaults when none were chosen), then look again at what
    was held for them: quiet hours are judged anew when each falls due, and a category taken out
    of the digest goes now."""
    defaults = Preferences.defaults(staff_id, delivering.settings().default_language)
    current = uow.preferences.get(staff_id)
    if current is not None:
        uow.hold(current)
    precondition(current or defaults)
    now = utcnow()
    preferences = choose(
        staff_id,
        language=chosen.get("language", defaults.language),
        time_zone=chosen.get("time_zone", defaults.time_zone),
        channels=chosen.get("channels", {}),
        quiet_hours=[(w["start"], w["end"]) for w in chosen.get("quiet_hours", [])],
        digest=chosen.get("digest", []),
        digest_at=chosen.get("digest_at", defaults.digest_at),
        at=now,
    )
    if current is None:
        uow.preferences.add(preferences)
    else:
        for name in ("language", "time_zone", "channels", "quiet_hours", "digest", "digest_at", "updated_at"):
            setattr(current, name, getattr(preferences, name))
        preferences = current
    for delivery in uow.deliveries.held_for(staff_id):
        if delivery.digest and delivery.category and preferences.digested(Category(delivery.category)):
            delivery.hold(preferences.next_digest(now))
        elif delivery.digest:
            delivering.send_alone(delivery, preferences.language, now)
        else:
            delivery.hold(now)
    uow.notify_on_commit(DELIVERIES_CHANNEL)
    uow.commit()
    return preferences
