"""Identity's personal data kept no longer than needed (docs/retention.md): applied by its relay."""

from __future__ import annotations

from datetime import timedelta

from identity.adapters.orm import password_resets, refresh_tokens, staff
from identity.domain.enums import StaffStatus
from psn_shared.db.retention import RetentionRule

RULES = (
    # A leaver's own contact details; the record itself (name, employee number, email for a
    # returning login) stays for the board's records and for reinstatement.
    RetentionRule("leavers' contact details", staff, "left_on", timedelta(days=730),
                  blank={"phone": None, "preferred_name": None}, only=[staff.c.status == StaffStatus.LEFT]),
    # Spent tokens prove nothing once they have expired; reuse of one is refused either way.
    RetentionRule("expired refresh tokens", refresh_tokens, "expires_at", timedelta(days=1)),
    RetentionRule("expired password resets", password_resets, "expires_at", timedelta(days=1)),
)
