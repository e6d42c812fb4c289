"""Nominations, the managers' decisions on them (or their delegates'), booking and withdrawal."""

from __future__ import annotations

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.roles import COORDINATORS
from training.api.context import policy
from training.api.schemas.nominations import (
    AwaitingDecisionOut,
    BookingIn,
    DecisionIn,
    GeneralListQuery,
    ListedOut,
    NominationIn,
    NominationOut,
)
from training.domain.nominations import Nomination
from training.service_layer import nominations

blp = Blueprint("nominations", __name__, description="Nominations, approvals, booking and withdrawal")


@blp.route("/api/v1/nominations")
class Nominations(MethodView):
    @authenticated()
    @blp.arguments(NominationIn)
    @blp.response(201, NominationOut)
    def post(self, body: dict) -> Nomination:
        """Nominate yourself or a colleague, for a cohort or for a level with no date yet

        On a refresher cohort, a certificate holder whose certificate is due or lapsed books a place for
        themselves (or a coordinator for them), with no approval step.
        """
        principal = current_principal()
        cmd = nominations.Nominate(**body, nominated_by=principal.staff_id, policy=policy(),
                                   nominator_roles=frozenset(principal.roles))
        with unit_of_work() as uow:
            return nominations.nominate(cmd, uow)


@blp.route("/api/v1/nominations/awaiting-my-decision")
class AwaitingMyDecision(MethodView):
    @authenticated()
    @blp.response(200, AwaitingDecisionOut(many=True))
    def get(self) -> list[nominations.AwaitingDecision]:
        """The nominations waiting for your decision, as a manager or a manager's delegate today, oldest first"""
        with unit_of_work() as uow:
            return nominations.awaiting_my_decision(current_principal().staff_id, uow)


@blp.route("/api/v1/nominations/general-list")
class GeneralList(MethodView):
    @authenticated(*COORDINATORS)
    @blp.arguments(GeneralListQuery, location="query")
    @blp.response(200, ListedOut(many=True))
    def get(self, query: dict) -> list[nominations.Listed]:
        """The general list: a level's nominations both managers approved with no course yet, longest waiting
        first, to book onto a cohort (coordinator, admin)"""
        with unit_of_work() as uow:
            return nominations.general_list(query["level"], uow)


@blp.route("/api/v1/nominations/<string:nomination_id>")
class NominationItem(MethodView):
    @authenticated()
    @blp.response(200, NominationOut)
    def get(self, nomination_id: str) -> Nomination:
        """One nomination (the nominee, their line and senior managers, coordinator, admin)"""
        with unit_of_work() as uow:
            return nominations.readable_nomination(nomination_id, current_principal(), uow)


@blp.route("/api/v1/nominations/<string:nomination_id>/approvals")
class Decisions(MethodView):
    @authenticated()
    @blp.arguments(DecisionIn)
    @blp.response(200, NominationOut)
    def post(self, body: dict, nomination_id: str) -> Nomination:
        """Approve (confirming monthly hours) or refuse: the line manager first, then the senior manager

        A manager's delegate decides in their place while the delegation lasts.
        """
        principal = current_principal()
        cmd = nominations.Decide(nomination_id=nomination_id, approver_id=principal.staff_id,
                                 approver_roles=frozenset(principal.roles), **body)
        with unit_of_work() as uow:
            return nominations.decide(cmd, uow)


@blp.route("/api/v1/nominations/<string:nomination_id>/booking")
class Booking(MethodView):
    @authenticated()
    @blp.arguments(BookingIn)
    @blp.response(200, NominationOut)
    def post(self, body: dict, nomination_id: str) -> Nomination:
        """Book an approved nominee onto a cohort, or its waiting list when full (the nominee, coordinator)

        A place already booked or waiting moves to the cohort named (same level and kind, its own cohort still
        open): the seat given up goes to the first waiting; a booked place moves only into a free one.
        """
        cmd = nominations.Book(nomination_id=nomination_id, cohort_id=body["cohort_id"], principal=current_principal())
        with unit_of_work() as uow:
            return nominations.book(cmd, uow)


@blp.route("/api/v1/nominations/<string:nomination_id>/withdrawal")
class Withdrawal(MethodView):
    @authenticated()
    @blp.response(200, NominationOut)
    def post(self, nomination_id: str) -> Nomination:
        """Withdraw a nomination (the nominee, their managers, coordinator); a freed place goes to the next in line"""
        cmd = nominations.Withdraw(nomination_id=nomination_id, principal=current_principal())
        with unit_of_work() as uow:
            return nominations.withdraw(cmd, uow)
