"""Who is told what when something happens: one Notice per person, naming the template to use.

Confidentiality lives here: what a person asked for support about never reaches these
functions, and a coordinator is told that a request waits without being told whose it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from notifications.domain.categories import Category, category_of
from notifications.domain.model import StaffCopy
from psn_shared.roles import Role


@dataclass(frozen=True)
class Notice:
    """One message to one person. `category` (what it is about, which their preferences go by)
    follows from the kind unless given.

    `critical`: to act on at once, and it must reach the person (an urgent referral to the
    coordinators, a conversation or a wellbeing review cancelled within 2 hours of its start, a password reset): the
    inbox entry is marked, quiet hours do not hold it, and it goes out by the fallback chain
    (push -> text -> email) until one is confirmed, or an operator is alerted.
    """

    recipient: StaffCopy
    kind: str
    context: dict[str, Any]
    critical: bool = False
    category: Category = field(default=None)  # type: ignore[assignment]  # from the kind when not given
    # A reminder's: what it reminds of ("conversation:<id>"). Any notice of something at a time (a reminder, a
    # booking, times offered): when that begins, after which it is not sent (see Delivery).
    regarding: str | None = None
    stale_after: datetime | None = None
    # News that wakes nobody: written to the inbox (when the person keeps one for its category), never sent.
    inbox_only: bool = False

    def __post_init__(self) -> None:
        if self.category is None:
            object.__setattr__(self, "category", category_of(self.kind))


def reachable(notices: Iterable[Notice]) -> list[Notice]:
    """Leavers are no longer told anything."""
    return [n for n in notices if n.recipient.active]


def role_granted(member: StaffCopy, role: str, monthly_hours: int | None,
                 line_manager: StaffCopy | None) -> list[Notice]:
    """A new peer supporter and their line manager (who released the time) hear of it; other roles, the person."""
    if role != Role.PEER_SUPPORTER:
        return reachable([Notice(member, "role_granted", {"name": member.name, "role": role})])
    notices = [Notice(member, "peer_supporter_granted", {"name": member.name, "monthly_hours": monthly_hours})]
    if line_manager is not None:
        notices.append(Notice(line_manager, "peer_supporter_granted_manager", {
            "name": line_manager.name, "supporter_name": member.name, "monthly_hours": monthly_hours,
        }))
    return reachable(notices)


def role_ended(member: StaffCopy, role: str, ending: str | None, line_manager: StaffCopy | None) -> list[Notice]:
    """Told as a grant is: the person, and for a peer supporter the line manager who released the time; never
    why (the reason is the one who ended it's to give in person). A leaver is told nothing."""
    if ending == "left":
        return []
    context = {"role": role, "ending": ending or "withdrawn"}  # an older producer names no ending
    notices = [Notice(member, "role_ended", {"name": member.name, **context})]
    if role == Role.PEER_SUPPORTER and line_manager is not None:
        notices.append(Notice(line_manager, "role_ended_manager", {
            "name": line_manager.name, "member_name": member.name, **context,
        }))
    return reachable(notices)


def supporter_hours_changed(member: StaffCopy, managers: Iterable[StaffCopy], monthly_hours: int) -> list[Notice]:
    """The supporter and each of their managers hear the hours now in force; never who asked or why."""
    notices = [Notice(member, "supporter_hours_changed", {"name": member.name, "monthly_hours": monthly_hours})]
    notices += [Notice(manager, "supporter_hours_changed_manager", {
        "name": manager.name, "supporter_name": member.name, "monthly_hours": monthly_hours,
    }) for manager in managers]
    return reachable(notices)


def supporter_hours_raise_awaiting(awaiting: Iterable[StaffCopy], member: StaffCopy, proposed_hours: int,
                                   monthly_hours: int | None) -> list[Notice]:
    """The other manager (or, for a vacant post, the coordinators) is asked to agree to a raise."""
    return reachable(Notice(person, "supporter_hours_raise_awaiting", {
        "name": person.name, "supporter_name": member.name, "proposed_hours": proposed_hours,
        "monthly_hours": monthly_hours,
    }) for person in awaiting)


def supporter_hours_raise_declined(proposer: StaffCopy, member: StaffCopy, proposed_hours: int,
                                   monthly_hours: int | None) -> list[Notice]:
    """The manager who proposed a raise hears it was declined and the hours kept; the reason stays on the hours page,
    as the raise's own does."""
    return reachable([Notice(proposer, "supporter_hours_raise_declined", {
        "name": proposer.name, "supporter_name": member.name, "proposed_hours": proposed_hours,
        "monthly_hours": monthly_hours,
    })])


def delegation_granted(delegate: StaffCopy, manager: StaffCopy, starts_on: str, ends_on: str) -> list[Notice]:
    """The colleague named to stand in hears for whom and when; never why (the manager's reason is their own)."""
    return reachable([Notice(delegate, "delegation_granted", {
        "name": delegate.name, "manager_name": manager.name, "starts_on": starts_on, "ends_on": ends_on,
    })])


def delegation_started(delegate: StaffCopy, manager: StaffCopy, ends_on: str,
                       nominations_awaiting: int) -> list[Notice]:
    """On the first morning of a period granted ahead of it: from today the stand-in decides, and how much waits."""
    return reachable([Notice(delegate, "delegation_started", {
        "name": delegate.name, "manager_name": manager.name, "ends_on": ends_on,
        "nominations_awaiting": nominations_awaiting,
    })])


def delegation_ended(delegate: StaffCopy, manager: StaffCopy) -> list[Notice]:
    return reachable([Notice(delegate, "delegation_ended", {"name": delegate.name, "manager_name": manager.name})])


def request_allocated(requester: StaffCopy, supporter: StaffCopy, mode: str) -> list[Notice]:
    """The supporter learns a colleague was matched (the details stay in sessions); the requester, who with."""
    return reachable([
        Notice(supporter, "request_allocated_supporter", {"name": supporter.name, "mode": mode}),
        Notice(requester, "request_allocated_requester", {
            "name": requester.name, "supporter_name": supporter.name, "mode": mode,
        }),
    ])


def request_waiting(coordinators: Iterable[StaffCopy], requester_id: str, request_id: str,
                    reason: str) -> list[Notice]:
    """Every coordinator hears that a request waits, not whose; a coordinator's own request is not shown to them."""
    return reachable(
        Notice(c, "request_waiting", {"name": c.name, "request_id": request_id, "reason": reason})
        for c in coordinators
        if c.staff_id != requester_id
    )


# --- training -------------------------------------------------------------------------------

def level1_claim_decided(member: StaffCopy, status: str, completed_on: str, reason: str | None) -> list[Notice]:
    """The person who reported their Level 1 hears what a coordinator decided, and why if it was rejected."""
    kind = "training_level1_recorded" if status == "verified" else "training_level1_rejected"
    return reachable([Notice(member, kind, {
        "name": member.name, "completed_on": completed_on, "reason": reason,
    })])


# A Level 1 recorded from a learning platform (an import, or the API a platform calls) is told to its person; a
# self-report is told by its own decision (decision 77).
LEVEL_1_TOLD_FROM = frozenset({"learnpro", "local_authority"})
# A completion older than this when recorded is a backfill of past records (a first import loads years of them):
# it waits in the person's inbox rather than sending an email or a push to thousands who did not ask.
BACKFILL_AFTER = timedelta(days=90)


def level1_imported(member: StaffCopy, completed_on: date, recorded_on: date) -> list[Notice]:
    """The member's Level 1 now counts, and they may be nominated for Level 2; a backfill is told in the inbox only."""
    return reachable([Notice(member, "training_level1_imported", {
        "name": member.name, "completed_on": completed_on.isoformat(),
    }, inbox_only=recorded_on - completed_on > BACKFILL_AFTER)])


def nomination_approved(nominee: StaffCopy, level: int, status: str, monthly_hours: int | None) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_approved", {
        "name": nominee.name, "level": level, "monthly_hours": monthly_hours, "status": status,
    })])


def nomination_refused(nominee: StaffCopy, level: int, reason: str | None) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_refused", {
        "name": nominee.name, "level": level, "reason": reason,
    })])


def nomination_expired(nominee: StaffCopy, level: int) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_expired", {
        "name": nominee.name, "level": level,
    })])


def nomination_reminder(approver: StaffCopy, delegates: Iterable[StaffCopy], nominee: StaffCopy, level: int,
                        capacity: str) -> list[Notice]:
    """The manager whose decision is awaited is reminded, and whoever stands in for them today (the manager is
    often away); the nominee's name is theirs to know."""
    context = {"nominee_name": nominee.name, "level": level, "capacity": capacity}
    told = [Notice(approver, "training_nomination_reminder", {**context, "name": approver.name,
                                                              "standing_in": False})]
    told += [Notice(d, "training_nomination_reminder", {**context, "name": d.name, "standing_in": True})
             for d in delegates if d.staff_id not in (approver.staff_id, nominee.staff_id)]
    return reachable(told)


def place_promoted(member: StaffCopy, level: int, cohort_name: str, first_day: str) -> list[Notice]:
    return reachable([Notice(member, "training_place_promoted", {
        "name": member.name, "level": level, "cohort_name": cohort_name, "first_day": first_day,
    })])


def refresher_due(member: StaffCopy, level: int, expires_on: str) -> list[Notice]:
    return reachable([Notice(member, "training_refresher_due", {
        "name": member.name, "level": level, "expires_on": expires_on,
    })])


def certification_lapsed(member: StaffCopy, level: int) -> list[Notice]:
    return reachable([Notice(member, "training_certification_lapsed", {
        "name": member.name, "level": level, "supporter": level == 2,
    })])


def nomination_awaiting_decision(approver: StaffCopy, delegates: Iterable[StaffCopy], nominee: StaffCopy, level: int,
                                 capacity: str, team_supporters: int | None,
                                 many_supporters_in_team: bool, stand_ins_only: bool = False) -> list[Notice]:
    """As soon as a nomination reaches a manager's step (the senior manager's once the line manager approves),
    that manager hears it, and whoever may decide in their place today; never the nominee themselves.
    `stand_ins_only`: a step already waiting, for stand-ins just named; the manager heard of it when it came."""
    context = {"nominee_name": nominee.name, "level": level, "capacity": capacity,
               "team_supporters": team_supporters, "many_supporters_in_team": many_supporters_in_team}
    told = [] if stand_ins_only else [Notice(approver, "training_nomination_awaiting", {
        **context, "name": approver.name, "standing_in": False})]
    told += [Notice(d, "training_nomination_awaiting", {**context, "name": d.name, "standing_in": True})
             for d in delegates if d.staff_id not in (approver.staff_id, nominee.staff_id)]
    return reachable(told)


def certification_renewed(member: StaffCopy, level: int, expires_on: str) -> list[Notice]:
    return reachable([Notice(member, "training_certification_renewed", {
        "name": member.name, "level": level, "expires_on": expires_on,
    })])


def place_booked(member: StaffCopy, level: int, cohort_name: str, days: list[dict[str, Any]]) -> list[Notice]:
    """A coordinator booked (or moved) the member's place: its days, as `cohort_rescheduled` gives them."""
    return reachable([Notice(member, "training_place_booked", {
        "name": member.name, "level": level, "cohort_name": cohort_name, "days": days,
    })])


def place_waitlisted(member: StaffCopy, level: int, cohort_name: str, first_day: str) -> list[Notice]:
    """A coordinator put the member on a full course's waiting list (booked or moved there): what happens next."""
    return reachable([Notice(member, "training_place_waitlisted", {
        "name": member.name, "level": level, "cohort_name": cohort_name, "first_day": first_day,
    })])


def cohort_cancelled(member: StaffCopy, level: int, cohort_name: str) -> list[Notice]:
    return reachable([Notice(member, "training_cohort_cancelled", {
        "name": member.name, "level": level, "cohort_name": cohort_name,
    })])


def cohort_rescheduled(member: StaffCopy, level: int, cohort_name: str, days: list[dict[str, Any]]) -> list[Notice]:
    """`days`: each day's `starts_at` and `ends_at` (ISO 8601), and where: `room` or `link`."""
    return reachable([Notice(member, "training_cohort_rescheduled", {
        "name": member.name, "level": level, "cohort_name": cohort_name, "days": days,
    })])
