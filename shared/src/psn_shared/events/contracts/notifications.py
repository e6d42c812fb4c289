"""The payloads notifications publishes: operator alerts about messages that could not be delivered."""

from __future__ import annotations

from psn_shared.events.contracts.types import Id, Moment, payload


@payload
class DeliveryUndeliverable:
    """notifications.delivery.undeliverable: a must-deliver message reached its person by no channel.

    For whoever runs the network to act on (call the person, fix the channel). It names the
    person, the kind of message and the channels tried, never what the message said.
    """

    chain_id: Id
    event_id: str
    recipient_id: Id
    kind: str
    category: str
    channels_tried: list[str]
    first_attempt_at: Moment
    given_up_at: Moment
