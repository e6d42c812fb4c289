"""Who is told what when something happens: one Notice per person, naming the template to use.

Confidentiality lives here: what a person asked for support about never reaches these
functions, and a coordinator is told that a request waits without being told whose it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from notifications.domain.model import StaffCopy
from psn_shared.roles import Role

ROLE_TITLES = {
    Role.PEER_SUPPORTER: "peer supporter",
    Role.TRAINER: "peer support trainer",
    Role.WELLBEING_CHAMPION: "wellbeing champion",
    Role.FACILITATOR: "reflective supervision facilitator",
    Role.COORDINATOR: "network coordinator",
    Role.ADMIN: "administrator",
}


MODES = {"video": "by video call", "phone": "by phone", "in_person": "in person"}


@dataclass(frozen=True)
class Notice:
    recipient: StaffCopy
    kind: str
    context: dict[str, Any]
    critical: bool = False  # to act on at once (an urgent referral): the inbox entry is marked so


def reachable(notices: Iterable[Notice]) -> list[Notice]:
    """Leavers are no longer told anything."""
    return [n for n in notices if n.recipient.active]


def role_granted(member: StaffCopy, role: str, monthly_hours: int | None,
                 line_manager: StaffCopy | None) -> list[Notice]:
    """A new peer supporter and their line manager (who released the time) hear of it; other roles, the person."""
    if role != Role.PEER_SUPPORTER:
        title = ROLE_TITLES.get(role, role.replace("_", " "))
        return reachable([Notice(member, "role_granted", {"name": member.name, "role_title": title})])
    notices = [Notice(member, "peer_supporter_granted", {"name": member.name, "monthly_hours": monthly_hours})]
    if line_manager is not None:
        notices.append(Notice(line_manager, "peer_supporter_granted_manager", {
            "name": line_manager.name, "supporter_name": member.name, "monthly_hours": monthly_hours,
        }))
    return reachable(notices)


def request_allocated(requester: StaffCopy, supporter: StaffCopy, mode: str) -> list[Notice]:
    """The supporter learns a colleague was matched (the details stay in sessions); the requester, who with."""
    how = MODES.get(mode, mode.replace("_", " "))
    return reachable([
        Notice(supporter, "request_allocated_supporter", {"name": supporter.name, "mode": how}),
        Notice(requester, "request_allocated_requester", {
            "name": requester.name, "supporter_name": supporter.name, "mode": how,
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

LEVEL_TITLES = {2: "Level 2 Peer Supporter", 3: "Level 3 Train the Trainer"}
CAPACITY_TITLES = {Role.LINE_MANAGER: "line manager", Role.SENIOR_MANAGER: "senior manager"}
NOMINATION_OUTCOMES = {
    "booked": "you have a place on the course",
    "waiting_list": "the course is full, so you are on its waiting list; you will hear when a place comes up",
    "approved": "you are on the list for the next course date; book a place when one suits",
}


def nomination_approved(nominee: StaffCopy, level: int, status: str, monthly_hours: int | None) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_approved", {
        "name": nominee.name, "course": LEVEL_TITLES[level], "monthly_hours": monthly_hours,
        "next_step": NOMINATION_OUTCOMES.get(status, "the training team will be in touch"),
    })])


def nomination_refused(nominee: StaffCopy, level: int, reason: str | None) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_refused", {
        "name": nominee.name, "course": LEVEL_TITLES[level], "reason": reason or "no reason was given",
    })])


def nomination_expired(nominee: StaffCopy, level: int) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_expired", {
        "name": nominee.name, "course": LEVEL_TITLES[level],
    })])


def nomination_reminder(approver: StaffCopy, nominee: StaffCopy, level: int, capacity: str) -> list[Notice]:
    """The manager whose decision is awaited is reminded; the nominee's name is theirs to know."""
    return reachable([Notice(approver, "training_nomination_reminder", {
        "name": approver.name, "nominee_name": nominee.name, "course": LEVEL_TITLES[level],
        "capacity": CAPACITY_TITLES[capacity],
    })])


def place_promoted(member: StaffCopy, level: int, cohort_name: str, first_day: str) -> list[Notice]:
    return reachable([Notice(member, "training_place_promoted", {
        "name": member.name, "course": LEVEL_TITLES[level], "cohort_name": cohort_name, "first_day": first_day,
    })])


def refresher_due(member: StaffCopy, level: int, expires_on: str) -> list[Notice]:
    return reachable([Notice(member, "training_refresher_due", {
        "name": member.name, "course": LEVEL_TITLES[level], "expires_on": expires_on,
    })])


def certification_lapsed(member: StaffCopy, level: int) -> list[Notice]:
    return reachable([Notice(member, "training_certification_lapsed", {
        "name": member.name, "course": LEVEL_TITLES[level], "supporter": level == 2,
    })])
