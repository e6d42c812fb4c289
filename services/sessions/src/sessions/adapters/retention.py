"""Sessions' personal data kept no longer than needed (docs/retention.md): applied by its relay.

What a person said when they asked for support, and why a referral was suggested, are the most
sensitive words the network holds; once the matter is closed and the time for questions about
it has passed, the words go and the rows stay, so reports keep their counts.
"""

from __future__ import annotations

from datetime import timedelta

from psn_shared.db.retention import RetentionRule
from sessions.adapters.orm.conversations import conversations
from sessions.adapters.orm.referrals import confidential_reads, referrals
from sessions.adapters.orm.support import support_requests
from sessions.domain.model import RequestStatus

RULES = (
    RetentionRule("closed requests' words", support_requests, "closed_at", timedelta(days=180),
                  blank={"details": "", "location": None, "handed_back_reason": None},
                  only=[support_requests.c.status == RequestStatus.CLOSED]),
    RetentionRule("closed referrals' reasons", referrals, "closed_at", timedelta(days=365), blank={"reason": ""}),
    RetentionRule("old conversations' links and rooms", conversations, "created_at", timedelta(days=180),
                  blank={"link": None, "room": None}),
    # Who read whose confidential record: kept as long as the records management code asks of audit trails.
    RetentionRule("confidential-read audit", confidential_reads, "read_at", timedelta(days=6 * 365)),
)
