"""Conversations on a support request: propose times, answer, book, move, cancel, record the outcome."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from sessions.api.schemas_conversations import (
    AcceptIn,
    AvailabilityOut,
    CancelIn,
    ConversationList,
    ConversationOut,
    OutcomeIn,
    ProposalIn,
    RescheduleIn,
)
from sessions.domain.conversations import Conversation
from sessions.service_layer import availability, conversations

blp = Blueprint("conversations", __name__, description="Conversations between a colleague and their supporter")


def _slots(body: dict[str, Any]) -> list[tuple[Any, Any]]:
    return [(slot["starts_at"], slot["ends_at"]) for slot in body["slots"]]


@blp.route("/api/v1/support-requests/<string:request_id>/conversations")
class RequestConversations(MethodView):
    @authenticated()
    @blp.response(200, ConversationList)
    def get(self, request_id: str) -> dict[str, Any]:
        """A request's conversations, oldest first (requester, their supporter, coordinator; anyone else: 404)"""
        with unit_of_work() as uow:
            return {"items": conversations.conversations_of(request_id, current_principal(), uow)}

    @authenticated()
    @blp.arguments(ProposalIn)
    @blp.response(201, ConversationOut)
    def post(self, body: dict[str, Any], request_id: str) -> Conversation:
        """Propose up to three times for a conversation (the requester or their supporter)"""
        cmd = conversations.Propose(request_id=request_id, slots=_slots(body), mode=body["mode"],
                                    link=body["link"], room=body["room"])
        with unit_of_work() as uow:
            return conversations.propose(cmd, current_principal(), uow)


@blp.route("/api/v1/support-requests/<string:request_id>/availability")
class RequestAvailability(MethodView):
    @authenticated()
    @blp.response(200, AvailabilityOut)
    def get(self, request_id: str) -> dict[str, Any]:
        """The supporter's weekly windows and coming leave, for picking a time (the pair, coordinator)"""
        with unit_of_work() as uow:
            return availability.availability_for_request(request_id, current_principal(), uow)


@blp.route("/api/v1/conversations/<string:conversation_id>")
class ConversationItem(MethodView):
    @authenticated()
    @blp.response(200, ConversationOut)
    def get(self, conversation_id: str) -> Conversation:
        """One conversation (its two people, coordinator; anyone else: 404)"""
        with unit_of_work() as uow:
            return conversations.conversation(conversation_id, current_principal(), uow)


@blp.route("/api/v1/conversations/<string:conversation_id>/proposals")
class ConversationProposals(MethodView):
    @authenticated()
    @blp.arguments(ProposalIn)
    @blp.response(200, ConversationOut)
    def post(self, body: dict[str, Any], conversation_id: str) -> Conversation:
        """Answer a proposal with other times (the person who did not propose the last ones)"""
        cmd = conversations.Answer(conversation_id=conversation_id, slots=_slots(body), mode=body["mode"],
                                   link=body["link"], room=body["room"])
        with unit_of_work() as uow:
            return conversations.answer(cmd, current_principal(), uow)


@blp.route("/api/v1/conversations/<string:conversation_id>/accept")
class AcceptConversation(MethodView):
    @authenticated()
    @blp.arguments(AcceptIn)
    @blp.response(200, ConversationOut)
    def post(self, body: dict[str, Any], conversation_id: str) -> Conversation:
        """Book one of the proposed times (the person who did not propose them)"""
        with unit_of_work() as uow:
            return conversations.accept(conversation_id, body["slot"], current_principal(), uow)


@blp.route("/api/v1/conversations/<string:conversation_id>/reschedule")
class RescheduleConversation(MethodView):
    @authenticated()
    @blp.arguments(RescheduleIn)
    @blp.response(200, ConversationOut)
    def post(self, body: dict[str, Any], conversation_id: str) -> Conversation:
        """Move a booked conversation, with a reason (either of the two, before it starts)"""
        cmd = conversations.Reschedule(conversation_id=conversation_id, **body)
        with unit_of_work() as uow:
            return conversations.reschedule(cmd, current_principal(), uow)


@blp.route("/api/v1/conversations/<string:conversation_id>/cancel")
class CancelConversation(MethodView):
    @authenticated()
    @blp.arguments(CancelIn)
    @blp.response(200, ConversationOut)
    def post(self, body: dict[str, Any], conversation_id: str) -> Conversation:
        """Withdraw a proposal or cancel a booking, with a reason; late when inside 24 hours (either of the two)"""
        with unit_of_work() as uow:
            return conversations.cancel(conversation_id, body["reason"], current_principal(), uow)


@blp.route("/api/v1/conversations/<string:conversation_id>/outcome")
class ConversationOutcome(MethodView):
    @authenticated()
    @blp.arguments(OutcomeIn)
    @blp.response(200, ConversationOut)
    def post(self, body: dict[str, Any], conversation_id: str) -> Conversation:
        """Record attended or no-show, once it has started (the supporter); attended invites feedback"""
        link = current_app.config["FEEDBACK_LINK"]
        with unit_of_work() as uow:
            return conversations.record_outcome(
                conversation_id, body["outcome"] == "attended", link, current_principal(), uow)
