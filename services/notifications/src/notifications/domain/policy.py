"""Who may see and do what in notifications: the rules behind the API's refusals.

The rules only say yes or no; the service layer and the API choose the refusal.
"""

from __future__ import annotations

from notifications.domain.model import InboxEntry
from psn_shared.roles import COORDINATORS

# The delivery log says to whom and whether a message went, never what it said: enough for those
# who run the network to see that email works, and for nobody else. Sorted, so a refusal names
# them in the same order every time.
DELIVERY_LOG_READERS = COORDINATORS


def may_read_entry(entry: InboxEntry, reader_id: str) -> bool:
    """An inbox entry is its recipient's alone; not even a coordinator reads someone else's."""
    return entry.recipient_id == reader_id
