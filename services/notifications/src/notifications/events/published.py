"""The events notifications publishes, built from its domain objects."""

from __future__ import annotations

from datetime import datetime

from notifications.domain.model import Delivery
from psn_shared.events import NewEvent
from psn_shared.events.contracts import DeliveryUndeliverable


def delivery_undeliverable(attempts: list[Delivery], at: datetime) -> NewEvent:
    """Every channel of a must-deliver message failed or went unconfirmed, or it had none: an operator must act.

    Who and what kind, and the channels tried in order; never the text.
    """
    first = attempts[0]
    # A link without an address stands for a person with nowhere to send it: nothing was tried.
    tried = list(dict.fromkeys(str(a.channel) for a in attempts if a.address))
    return NewEvent("notifications.delivery.undeliverable", DeliveryUndeliverable(
        chain_id=first.chain_id, event_id=first.event_id, recipient_id=first.recipient_id,
        kind=first.kind or "", category=first.category or "", channels_tried=tried,
        first_attempt_at=min(a.created_at for a in attempts), given_up_at=at,
    ), subject=first.recipient_id)
