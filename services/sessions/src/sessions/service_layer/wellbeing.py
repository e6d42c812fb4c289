"""Annual wellbeing reviews and personal wellbeing plans: arrange, move, cancel, hold; write, share, revoke;
and the coverage report.

A review is the member of staff's, with their line manager or another person they choose; their
line manager sees that it took place (it is listed for them) but never the plan, unless its owner
shares it with them. Arranging and moving a review check both people's time under the allocation
lock, as every booking in sessions does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from psn_shared.preconditions import Precondition, unconditional
from psn_shared.suppression import suppress_coverage
from sessions.domain.busy import refuse_if_busy
from sessions.domain.conversations import Slot
from sessions.domain.reflective import Place, checked_times
from sessions.domain.wellbeing import REVIEW_INTERVAL, ReviewStatus, WellbeingPlan, WellbeingReview
from sessions.events import published
from sessions.service_layer.common import now
from sessions.service_layer.uow import SessionsUnitOfWork

NO_SUCH_REVIEW = "no such wellbeing review"
NO_PLAN = "no wellbeing plan"


@dataclass(frozen=True)
class Arrange:
    starts_at: datetime
    ends_at: datetime
    staff_id: str | None = None
    reviewer_id: str | None = None
    link: str | None = None
    room: str | None = None


@dataclass(frozen=True)
class PlanContent:
    review_on: date
    keeps_me_well: str = ""
    early_signs: str = ""
    what_helps: str = ""
    adjustments: str = ""
    review_id: str | None = None


def arrange(cmd: Arrange, principal: Principal, uow: SessionsUnitOfWork) -> WellbeingReview:
    """The member of staff arranges theirs (with their line manager, or someone they choose); a line
    manager arranges one with themselves for someone who reports to them."""
    uow.serialise_allocations()
    staff_id = cmd.staff_id or principal.staff_id
    member = uow.staff.get(staff_id)
    if staff_id == principal.staff_id:
        if member is None or not member.active:
            raise Conflict("your record has not reached sessions yet, or you have left", field="staff_id")
        reviewer_id = cmd.reviewer_id or member.line_manager_id
        if reviewer_id is None:
            raise InvalidInput("you have no line manager in the directory: choose who to meet", field="reviewer_id")
    else:
        if member is None or member.line_manager_id != principal.staff_id or not member.active:
            raise Forbidden("you arrange your own review, or one for someone who reports to you")
        if cmd.reviewer_id not in (None, principal.staff_id):
            raise InvalidInput("only the member of staff chooses someone other than their line manager",
                               field="reviewer_id")
        reviewer_id = principal.staff_id
    reviewer = uow.staff.get(reviewer_id)
    if reviewer is None or not reviewer.active:
        raise InvalidInput("no such colleague in the directory", field="reviewer_id")
    at = now()
    if any(r.status == ReviewStatus.SCHEDULED and r.staff_id == staff_id and r.starts_at > at
           for r in uow.wellbeing.reviews_involving([staff_id], staff_id)):
        raise Conflict("a review is already arranged: move or cancel that one", field="staff_id")
    review = WellbeingReview.schedule(staff_id=staff_id, reviewer_id=reviewer_id,
                                      times=checked_times(cmd.starts_at, cmd.ends_at, at),
                                      place=Place.checked(cmd.link, cmd.room), by=principal.staff_id, at=at)
    _refuse_if_busy(review, principal.staff_id, uow)
    uow.wellbeing.add_review(review)
    uow.publish(published.wellbeing_review_scheduled(review))
    uow.commit()
    return review


def move(review_id: str, starts_at: datetime, ends_at: datetime, link: str | None, room: str | None,
         principal: Principal, uow: SessionsUnitOfWork) -> WellbeingReview:
    uow.serialise_allocations()
    review = _party_to(review_id, principal, uow)
    at = now()
    place = Place.checked(link, room) if link is not None or room is not None else None
    previous = review.move(checked_times(starts_at, ends_at, at), place, at)
    _refuse_if_busy(review, principal.staff_id, uow)
    uow.publish(published.wellbeing_review_scheduled(review, previous))
    uow.commit()
    return review


def cancel(review_id: str, principal: Principal, uow: SessionsUnitOfWork) -> WellbeingReview:
    review = _party_to(review_id, principal, uow)
    review.cancel(principal.staff_id, now())
    uow.publish(published.wellbeing_review_cancelled(review))
    uow.commit()
    return review


def call_off_reviews_of_leaver(staff_id: str, uow: SessionsUnitOfWork) -> None:
    """Someone left: the reviews still to come that they were one of the two of are cancelled (by them, so the
    other is told, and their time is free again). Never commits (a reaction)."""
    at = now()
    for found in uow.wellbeing.reviews_in_calendar_of(staff_id, at):
        if found.status == ReviewStatus.SCHEDULED and found.starts_at > at:
            found.cancel(staff_id, at)
            uow.publish(published.wellbeing_review_cancelled(found))


def hold(review_id: str, principal: Principal, uow: SessionsUnitOfWork) -> WellbeingReview:
    """Either of the two records that it took place; the member of staff then writes their plan."""
    review = _party_to(review_id, principal, uow)
    review.hold(now())
    uow.commit()
    return review


def review(review_id: str, principal: Principal, uow: SessionsUnitOfWork) -> WellbeingReview | dict[str, Any]:
    return seen_by(_visible(review_id, principal, uow), principal.staff_id)


def reviews(principal: Principal, uow: SessionsUnitOfWork) -> list[WellbeingReview | dict[str, Any]]:
    """The caller's own, those they hold as reviewer, and those of the people who report to them."""
    reports = uow.audiences.reports_of(principal.staff_id)
    return [seen_by(found, principal.staff_id)
            for found in uow.wellbeing.reviews_involving([principal.staff_id, *reports], principal.staff_id)]


def seen_by(found: WellbeingReview, staff_id: str) -> WellbeingReview | dict[str, Any]:
    """Whole for the two who meet. The line manager who is not the reviewer learns when it is and whether it
    took place, not where nor with whom: someone who chose another person to meet may have had a reason, and
    the link would let the manager join."""
    if staff_id in found.parties:
        return found
    return {"id": found.id, "staff_id": found.staff_id, "reviewer_id": None, "starts_at": found.starts_at,
            "ends_at": found.ends_at, "link": None, "room": None, "status": found.status, "held_at": found.held_at,
            "sequence": found.sequence}


def reports_due(principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    """For a line manager: each person who reports to them, when their last review was held and whether
    one is due (none held in the last 12 months) or arranged. Never anything of a plan."""
    at = now()
    reports = uow.audiences.reports_of(principal.staff_id)
    people = uow.staff.many(reports)
    held: dict[str, datetime] = {}
    arranged: dict[str, datetime] = {}
    for found in uow.wellbeing.reviews_involving(reports, principal.staff_id):
        if found.staff_id not in people:
            continue
        if found.status == ReviewStatus.HELD and found.held_at is not None:
            held[found.staff_id] = max(held.get(found.staff_id, found.held_at), found.held_at)
        elif found.status == ReviewStatus.SCHEDULED and found.starts_at > at:
            arranged[found.staff_id] = min(arranged.get(found.staff_id, found.starts_at), found.starts_at)
    return {"items": [
        {"staff_id": staff_id, "name": people[staff_id].name, "last_held_at": held.get(staff_id),
         "arranged_for": arranged.get(staff_id),
         "due": staff_id not in held or held[staff_id] < at - REVIEW_INTERVAL}
        for staff_id in sorted(people, key=lambda s: (people[s].name, s))
    ]}


def write_plan(content: PlanContent, principal: Principal, uow: SessionsUnitOfWork,
               precondition: Precondition = unconditional) -> WellbeingPlan:
    """Create or rewrite the caller's own plan (if still the version they read); `review_id`, when given,
    is one of their reviews, held."""
    at = now()
    if content.review_id is not None:
        found = uow.wellbeing.review(content.review_id)
        if found is None or found.staff_id != principal.staff_id or found.status != ReviewStatus.HELD:
            raise InvalidInput("not one of your reviews that has been held", field="review_id")
    fields = {"keeps_me_well": content.keeps_me_well, "early_signs": content.early_signs,
              "what_helps": content.what_helps, "adjustments": content.adjustments,
              "review_on": content.review_on, "review_id": content.review_id}
    plan = uow.wellbeing.plan_of(principal.staff_id)
    if plan is not None:
        uow.hold(plan)
    precondition(plan)
    if plan is None:
        plan = WellbeingPlan.written(principal.staff_id, at, **fields)
        uow.wellbeing.add_plan(plan)
    else:
        plan.rewrite(at=at, **fields)
    uow.commit()
    return plan


def own_plan(principal: Principal, uow: SessionsUnitOfWork) -> WellbeingPlan:
    plan = uow.wellbeing.plan_of(principal.staff_id)
    if plan is None:
        raise NotFound(NO_PLAN)
    return plan


def share(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> WellbeingPlan:
    plan = own_plan(principal, uow)
    colleague = uow.staff.get(staff_id)
    if colleague is None or not colleague.active:
        raise InvalidInput("no such colleague in the directory", field="staff_id")
    plan.share_with(staff_id)
    plan.updated_at = now()
    uow.commit()
    return plan


def revoke(staff_id: str, principal: Principal, uow: SessionsUnitOfWork) -> WellbeingPlan:
    plan = own_plan(principal, uow)
    plan.revoke(staff_id)
    plan.updated_at = now()
    uow.commit()
    return plan


def plan_of(owner_id: str, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    """Its owner's, and theirs who it is shared with; anyone else (their manager included) learns nothing."""
    plan = uow.wellbeing.plan_of(owner_id)
    if plan is None or not plan.readable_by(principal.staff_id):
        raise NotFound(NO_PLAN)
    return _shared_view(plan, uow)


def shared_with_me(principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    return {"items": [_shared_view(p, uow) for p in uow.wellbeing.plans_shared_with(principal.staff_id)]}


def coverage(uow: SessionsUnitOfWork) -> dict[str, Any]:
    """The share of active staff with a review held in the last 12 months, by team and by service;
    every count under 5 is shown as "<5", and a second one withheld wherever a total would give it
    away (psn_shared.suppression); a share only where both its counts are shown."""
    since = now() - REVIEW_INTERVAL
    rows = uow.wellbeing.coverage(since)
    services: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        services[row.service][0] += row.staff
        services[row.service][1] += row.reviewed
    total = [sum(r.staff for r in rows), sum(r.reviewed for r in rows)]
    counted = {
        "since": since,
        "overall": _line(*total),
        "teams": [{"team_id": r.team_id, "team": r.team, "service": r.service, **_line(r.staff, r.reviewed)}
                  for r in rows],
        "services": [{"service": service, **_line(*counts)}
                     for service, counts in sorted(services.items(), key=lambda item: item[0] or "")],
    }
    return suppress_coverage(counted, "reviewed")


def _line(staff: int, reviewed: int) -> dict[str, int]:
    return {"staff": staff, "reviewed": reviewed}


def _shared_view(plan: WellbeingPlan, uow: SessionsUnitOfWork) -> dict[str, Any]:
    owner = uow.staff.get(plan.owner_id)
    return {"owner_id": plan.owner_id, "owner_name": owner.name if owner else None,
            "keeps_me_well": plan.keeps_me_well, "early_signs": plan.early_signs, "what_helps": plan.what_helps,
            "adjustments": plan.adjustments, "review_on": plan.review_on, "updated_at": plan.updated_at}


def _visible(review_id: str, principal: Principal, uow: SessionsUnitOfWork) -> WellbeingReview:
    """The two who meet, and the member of staff's line manager (who sees that it took place)."""
    found = uow.wellbeing.review(review_id)
    if found is None:
        raise NotFound(NO_SUCH_REVIEW)
    if principal.staff_id in found.parties:
        return found
    member = uow.staff.get(found.staff_id)
    if member is None or member.line_manager_id != principal.staff_id:
        raise NotFound(NO_SUCH_REVIEW)
    return found


def _party_to(review_id: str, principal: Principal, uow: SessionsUnitOfWork) -> WellbeingReview:
    found = _visible(review_id, principal, uow)
    if principal.staff_id not in found.parties:
        raise Forbidden("only the two who meet move, cancel or record a review")
    return found


def _refuse_if_busy(review: WellbeingReview, caller_id: str, uow: SessionsUnitOfWork) -> None:
    busy = uow.busy_times.busy(review.parties, review.starts_at, review.ends_at, excluding=review.id)
    refuse_if_busy(Slot(review.starts_at, review.ends_at), busy, caller_id, field="starts_at")
