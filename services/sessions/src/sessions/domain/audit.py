"""The audit of confidential reads: who opened whose named record, when, and why.

The data protection officer's question, "who looked at my record?", is answered from these.
Only reads by someone outside the record are kept: the person and their supporter are its
parties, and their own reads are the support itself, not an intrusion to account for. Someone
outside it says why before it opens ("break the glass"): a read without a reason is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from psn_shared.errors import InvalidInput
from sessions.domain.model import new_id

READ_REASON_LENGTH = 500


class RecordKind(StrEnum):
    """What was opened: each names a record about one person."""

    SUPPORT_REQUEST = "support_request"
    REFERRALS = "referrals"  # the list of a request's referrals
    REFERRAL = "referral"
    CONSENT = "consent"


@dataclass(eq=False)
class ConfidentialRead:
    reader_id: str
    reader_roles: list[str]  # the roles held at the time, which justified the read
    subject_id: str  # whose record it is
    record_kind: RecordKind
    record_id: str
    reason: str
    read_at: datetime
    id: str = field(default_factory=new_id)

    @classmethod
    def of(cls, *, reader_id: str, reader_roles: list[str], subject_id: str, record_kind: RecordKind,
           record_id: str, reason: str | None, at: datetime) -> ConfidentialRead:
        why = reason.strip() if reason else ""
        if not why:
            raise InvalidInput("a reason is needed to open someone else's support request: say why you are "
                               "opening this record, as it is recorded for the administrator", field="reason")
        if len(why) > READ_REASON_LENGTH:
            raise InvalidInput(f"the reason is at most {READ_REASON_LENGTH} characters", field="reason")
        return cls(reader_id=reader_id, reader_roles=sorted(reader_roles), subject_id=subject_id,
                   record_kind=record_kind, record_id=record_id, reason=why, read_at=at)
