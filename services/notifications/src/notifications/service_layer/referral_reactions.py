"""Notifications' reactions to sessions' referral events (they never commit: the consumer does)."""

from __future__ import annotations

import logging

from notifications.domain import referral_notices
from notifications.service_layer.reactions import tell
from notifications.service_layer.uow import NotificationsUnitOfWork
from psn_shared.events.contracts import ReferralDecided, ReferralSuggested
from psn_shared.roles import Role
from psn_shared.staff_copy import copy_of

log = logging.getLogger(__name__)


def referral_suggested(event_id: str, suggestion: ReferralSuggested, uow: NotificationsUnitOfWork) -> None:
    """The person is asked for their decision; an urgent one alerts every coordinator at once, as critical."""
    requester = copy_of(uow.staff, suggestion.requester_id)
    told = referral_notices.referral_suggested(requester)
    if suggestion.urgent:
        alerts = referral_notices.urgent_referral(
            uow.staff.holding_role(Role.COORDINATOR), suggestion.requester_id, suggestion.request_id,
            suggestion.referral_id)
        if not alerts:
            # Retrying would not conjure a coordinator; the supporter who raised it still holds the case.
            log.warning("urgent referral %s and there is no coordinator to alert", suggestion.referral_id)
        told += alerts
    tell(event_id, told, uow)


def referral_decided(event_id: str, decision: ReferralDecided, uow: NotificationsUnitOfWork) -> None:
    """The person's supporter hears their decision (nobody while the request has no supporter); the person hears
    the service's answer."""
    if decision.safeguarding:
        requester = copy_of(uow.staff, decision.requester_id)
        supporter = copy_of(uow.staff, decision.supporter_id) if decision.supporter_id else None
        tell(event_id, referral_notices.made_for_safeguarding(requester, supporter, decision.referral_id), uow)
        return
    if decision.decision in referral_notices.ANSWERS:
        requester = copy_of(uow.staff, decision.requester_id)
        tell(event_id, referral_notices.referral_answered(requester, decision.decision, decision.referral_id), uow)
    if decision.supporter_id is None:
        return
    supporter = copy_of(uow.staff, decision.supporter_id)
    tell(event_id, referral_notices.referral_decided(supporter, decision.decision, decision.referral_id), uow)
