"""The payload of every event type: typed, versioned, one dataclass each.

Producers build these (each service's `events/published.py`), consumers receive them loaded
(`event.data.staff_id`, never `event.data["staff_id"]`). marshmallow-dataclass derives each
wire schema from its class; unknown fields are excluded on load, so a producer may add an
optional field without breaking older consumers. Anything else is a new version.
"""

from psn_shared.events.contracts.identity import (
    DelegationEnded,
    DelegationGranted,
    PasswordResetRequested,
    RoleGranted,
    RoleRevoked,
    StaffLeft,
    StaffSnapshot,
    StaffUpdated,
    TeamCreated,
    TeamUpdated,
)
from psn_shared.events.contracts.sessions import (
    ConversationAttended,
    ConversationBooked,
    ConversationCancelled,
    ConversationRescheduled,
    FeedbackInvited,
    ReferralDecided,
    ReferralSuggested,
    RequestAccepted,
    RequestAllocated,
    RequestHandedBack,
    RequestReallocated,
    RequestWaiting,
    RequestWaitingTooLong,
    SupporterActivated,
)
from psn_shared.events.contracts.training import (
    Approval,
    Certification,
    LevelCompleted,
    NominationOutcome,
    NominationReminded,
    PlacePromoted,
)
from psn_shared.events.contracts.types import Id, is_uuid, nullable, payload

__all__ = [
    "Approval",
    "Certification",
    "ConversationAttended",
    "ConversationBooked",
    "ConversationCancelled",
    "ConversationRescheduled",
    "DelegationEnded",
    "DelegationGranted",
    "FeedbackInvited",
    "Id",
    "LevelCompleted",
    "NominationOutcome",
    "NominationReminded",
    "PasswordResetRequested",
    "PlacePromoted",
    "ReferralDecided",
    "ReferralSuggested",
    "RequestAccepted",
    "RequestAllocated",
    "RequestHandedBack",
    "RequestReallocated",
    "RequestWaiting",
    "RequestWaitingTooLong",
    "RoleGranted",
    "RoleRevoked",
    "StaffLeft",
    "StaffSnapshot",
    "StaffUpdated",
    "SupporterActivated",
    "TeamCreated",
    "TeamUpdated",
    "is_uuid",
    "nullable",
    "payload",
]
