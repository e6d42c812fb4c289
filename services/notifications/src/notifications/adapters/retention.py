"""Notifications' personal data kept no longer than needed (docs/retention.md): applied by its relay."""

from __future__ import annotations

from datetime import timedelta

from notifications.adapters.orm import deliveries, inbox_entries
from notifications.domain.model import DeliveryStatus
from psn_shared.db.retention import RetentionRule

FINISHED = (DeliveryStatus.SENT, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED)

RULES = (
    # The inbox is for what is current; a year on, the record of the thing is in its own service.
    RetentionRule("inbox entries", inbox_entries, "created_at", timedelta(days=365)),
    # The delivery log answers "did it reach me?" for a while; one still to send is never touched.
    RetentionRule("finished deliveries", deliveries, "created_at", timedelta(days=90),
                  only=[deliveries.c.status.in_(FINISHED)]),
)
