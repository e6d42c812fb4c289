"""Who may see and do what in notifications: the rules behind the API's refusals.

The rules only say yes or no; the service layer and the API choose the refusal.
"""

from __future__ import annotations

from notifications.domain.categories import tells_of_support
from notifications.domain.model import Delivery, InboxEntry
from psn_shared.roles import COORDINATORS, Role

# The delivery log says to whom and whether a message went, never what it said: enough for those
# who run the network to see that email works, and for nobody else. Sorted, so a refusal names
# them in the same order every time.
DELIVERY_LOG_READERS = COORDINATORS


def may_read_entry(entry: InboxEntry, reader_id: str) -> bool:
    """An inbox entry is its recipient's alone; not even a coordinator reads someone else's."""
    return entry.recipient_id == reader_id


def may_see_what_about(delivery: Delivery, reader_id: str, reader_roles: set[str]) -> bool:
    """Whether the log shows this reader what a message was about (its kind and category). Who sought
    support is seen by them, their supporter and the coordinator: an administrator, reading the log to see
    that messages go, is not told which of someone's were about support or their conversations."""
    return (delivery.recipient_id == reader_id or Role.COORDINATOR in reader_roles
            or not tells_of_support(delivery.kind))
