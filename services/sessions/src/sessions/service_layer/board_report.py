"""Sessions' part of the board's quarterly evaluation report: requests, waiting, conversations, group
sessions, referrals by type, feedback and wellbeing reviews; aggregates only, small counts suppressed."""

from __future__ import annotations

from psn_shared.board_report import Measure, average, breakdown, count, coverage, durations
from psn_shared.quarters import Quarter
from sessions.domain.feedback import Helped
from sessions.domain.referrals import Service
from sessions.domain.wellbeing import REVIEW_INTERVAL
from sessions.service_layer.common import now
from sessions.service_layer.uow import SessionsUnitOfWork


def quarter_measures(quarter: Quarter, uow: SessionsUnitOfWork) -> list[Measure]:
    start, end = quarter.starts_at, quarter.ends_at
    board = uow.board
    groups, attended = board.group_sessions(start, min(end, now()))  # only those that have begun
    referred = board.referrals_by_type(start, end)
    ratings, helped = board.feedback(quarter.first_day, quarter.next().first_day)
    staff, reviewed = board.review_coverage(end - REVIEW_INTERVAL, end, quarter.next().first_day)
    return [
        count("requests", "Requests for peer support", board.requests_made(start, end)),
        *durations("waiting", "Waiting time from request to a supporter", board.hours_to_allocation(start, end)),
        count("conversations_held", "Support conversations held", board.conversations_held(start, end)),
        count("group_sessions", "Reflective group sessions held", groups),
        count("group_attendance", "Places attended at group sessions", attended),
        *breakdown("referrals", "Referrals by type", {service.value: referred.get(service, 0) for service in Service}),
        count("feedback_responses", "Feedback responses", len(ratings)),
        average("feedback_rating", "Feedback: average rating (1 to 5)", ratings),
        *breakdown("feedback_helped", "Feedback: did it help", {h.value: helped.get(h.value, 0) for h in Helped}),
        count("reviews_held", "Wellbeing reviews held", board.reviews_held(start, end)),
        *coverage("review_coverage", "Staff with a wellbeing review in the last 12 months", staff, reviewed),
    ]
