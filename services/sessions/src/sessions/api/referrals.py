"""Referrals to more specialised support: suggested by the supporter, decided by the person, tracked to the end."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from sessions.api.referral_schemas import (
    ReadReasonQuery,
    ReferralConsentIn,
    ReferralConsentOut,
    ReferralIn,
    ReferralOut,
    ReferralOutcomeIn,
    ReferralPage,
    ReferralPageQuery,
    SafeguardingOverrideIn,
)
from sessions.domain.audit import RecordKind
from sessions.domain.referrals import Referral
from sessions.service_layer import referrals

blp = Blueprint("referrals", __name__, description="Referrals to more specialised support, with the person's consent")


@blp.route("/api/v1/support-requests/<string:request_id>/referrals")
class RequestReferrals(MethodView):
    @authenticated()
    @blp.arguments(ReferralIn)
    @blp.response(201, ReferralOut)
    def post(self, body: dict[str, Any], request_id: str) -> Referral:
        """Suggest a referral (the request's supporter); `urgent` alerts the coordinators at once"""
        cmd = referrals.SuggestReferral(request_id=request_id, **body)
        with unit_of_work() as uow:
            return referrals.suggest_referral(cmd, current_principal(), uow)

    @authenticated()
    @blp.arguments(ReadReasonQuery, location="query")
    @blp.response(200, ReferralOut(many=True))
    def get(self, query: dict[str, Any], request_id: str) -> list[Referral]:
        """A request's referrals, oldest first (requester, supporter, coordinator: a reason, recorded; else 404)"""
        with unit_of_work() as uow:
            return referrals.referrals_of_request(request_id, query["reason"], current_principal(), uow)


@blp.route("/api/v1/referrals")
class Referrals(MethodView):
    @authenticated()
    @blp.arguments(ReferralPageQuery, location="query")
    @blp.response(200, ReferralPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The caller's referrals and those on requests they support (coordinator: all), urgent first, naming nobody"""
        with unit_of_work() as uow:
            items, total = referrals.list_referrals(
                query["status"], query["urgent"], query["limit"], query["offset"], current_principal(), uow)
            return {"items": items, "total": total, **query}


@blp.route("/api/v1/referrals/<string:referral_id>")
class ReferralItem(MethodView):
    @authenticated()
    @blp.arguments(ReadReasonQuery, location="query")
    @blp.response(200, ReferralOut)
    def get(self, query: dict[str, Any], referral_id: str) -> Referral:
        """One referral with its trail (requester, supporter, coordinator: a reason, recorded; anyone else: 404)"""
        with unit_of_work() as uow:
            return referrals.open_referral(referral_id, RecordKind.REFERRAL, query["reason"], current_principal(), uow)


@blp.route("/api/v1/referrals/<string:referral_id>/consent")
class ReferralConsent(MethodView):
    @authenticated()
    @blp.arguments(ReadReasonQuery, location="query")
    @blp.response(200, ReferralConsentOut)
    def get(self, query: dict[str, Any], referral_id: str) -> Referral:
        """The person's consent (requester, supporter, coordinator: a reason, recorded; anyone else: 404)"""
        with unit_of_work() as uow:
            return referrals.open_referral(referral_id, RecordKind.CONSENT, query["reason"], current_principal(), uow)

    @authenticated()
    @blp.arguments(ReferralConsentIn)
    @blp.response(200, ReferralOut)
    def put(self, body: dict[str, Any], referral_id: str) -> Referral:
        """Give or refuse consent, and say what may be shared (the person only, until it is made)"""
        cmd = referrals.DecideConsent(referral_id=referral_id, **body)
        with unit_of_work() as uow:
            return referrals.decide_consent(cmd, current_principal(), uow)


@blp.route("/api/v1/referrals/<string:referral_id>/make")
class MakeReferral(MethodView):
    @authenticated()
    @blp.response(200, ReferralOut)
    def post(self, referral_id: str) -> Referral:
        """Pass it on with what the person consented to share (supporter, coordinator); 409 without consent"""
        with unit_of_work() as uow:
            return referrals.make_referral(referral_id, current_principal(), uow)


@blp.route("/api/v1/referrals/<string:referral_id>/safeguarding-override")
class OverrideConsent(MethodView):
    @authenticated()
    @blp.arguments(SafeguardingOverrideIn)
    @blp.response(200, ReferralOut)
    def post(self, body: dict[str, Any], referral_id: str) -> Referral:
        """Make it without consent, for safeguarding, with a written reason (a coordinator outside the pairing)"""
        cmd = referrals.Override(referral_id=referral_id, **body)
        with unit_of_work() as uow:
            return referrals.override_consent(cmd, current_principal(), uow)


@blp.route("/api/v1/referrals/<string:referral_id>/outcome")
class ReferralOutcome(MethodView):
    @authenticated()
    @blp.arguments(ReferralOutcomeIn)
    @blp.response(200, ReferralOut)
    def post(self, body: dict[str, Any], referral_id: str) -> Referral:
        """Record the service's answer, accepted or declined (supporter, coordinator)"""
        with unit_of_work() as uow:
            return referrals.record_outcome(referral_id, body["outcome"] == "accepted", current_principal(), uow)


@blp.route("/api/v1/referrals/<string:referral_id>/close")
class CloseReferral(MethodView):
    @authenticated()
    @blp.response(200, ReferralOut)
    def post(self, referral_id: str) -> Referral:
        """Close it, from any state but closed (supporter, coordinator)"""
        with unit_of_work() as uow:
            return referrals.close_referral(referral_id, current_principal(), uow)
