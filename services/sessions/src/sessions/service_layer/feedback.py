"""Anonymous feedback: answering an invitation, and the aggregates supporters and coordinators see."""

from __future__ import annotations

from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden, NotFound
from sessions.domain import policy
from sessions.domain.feedback import Helped, hash_token, network_summary, release_in_fives, supporter_summary
from sessions.service_layer.availability import today
from sessions.service_layer.queries import NOT_YOURS
from sessions.service_layer.uow import SessionsUnitOfWork


def respond(token: str, rating: int, helped: Helped, comment: str | None, uow: SessionsUnitOfWork) -> None:
    """Store the answer and forget the invitation in one transaction: a token works once. The supporter sees it
    with the next four or more."""
    invitation = uow.feedback.invitation(hash_token(token))
    if invitation is None:
        raise NotFound("this invitation does not exist or has been used", field="token")
    response = invitation.answer(rating, helped, comment, today())
    uow.feedback.forget(invitation)
    uow.feedback.respond(response)
    release_in_fives(uow.feedback.unreleased_for(response.supporter_id))
    uow.commit()


def own_feedback(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    if not policy.may_see_own_feedback(staff_id, principal):
        raise Forbidden(NOT_YOURS)
    return {"staff_id": staff_id, **supporter_summary(uow.feedback.responses_for(staff_id))}


def network_feedback(principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    if not policy.may_see_network_feedback(principal):
        raise Forbidden("the network's feedback is for the coordinators")
    return network_summary(*uow.feedback.network_counts())
