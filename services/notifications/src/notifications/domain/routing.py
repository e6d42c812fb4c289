"""Which ways a notice takes to its person: their preferences, what they have (an address, a phone,
devices), and whether it is critical.

- An ordinary message goes to each channel the person chose for its category: the inbox, email,
  text, and push to every device they registered.
- A **critical** message (see `notices.Notice.critical`) must be delivered: it always goes to the
  inbox, and out by a fallback chain, push -> text -> email, using what the person has whatever
  their channel choices; the next link is tried when one fails or is not confirmed in time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from notifications.domain.model import Channel, Device, StaffCopy
from notifications.domain.preferences import PreferredChannel


@dataclass(frozen=True)
class Route:
    channel: Channel
    address: str  # an email address, a phone number, or a device's id


def push_routes(devices: Iterable[Device]) -> list[Route]:
    return [Route(device.channel, device.id) for device in devices]


def chosen_routes(person: StaffCopy, channels: frozenset[PreferredChannel], devices: list[Device]) -> list[Route]:
    """An ordinary message: the channels chosen for its category that the person can be reached on."""
    routes = []
    if PreferredChannel.PUSH in channels:
        routes += push_routes(devices)
    if PreferredChannel.SMS in channels and person.phone:
        routes.append(Route(Channel.SMS, person.phone))
    if PreferredChannel.EMAIL in channels and person.email:
        routes.append(Route(Channel.EMAIL, person.email))
    return routes


def fallback_chain(person: StaffCopy, devices: list[Device]) -> list[list[Route]]:
    """A critical message: push (every device at once), then text, then email; what the person has."""
    steps = [push_routes(devices)]
    if person.phone:
        steps.append([Route(Channel.SMS, person.phone)])
    if person.email:
        steps.append([Route(Channel.EMAIL, person.email)])
    return [step for step in steps if step]
