"""Who is told what when something happens: one Notice per person, naming the template to use.

Confidentiality lives here: what a person asked for support about never reaches these
functions, and a coordinator is told that a request waits without being told whose it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from notifications.domain.model import StaffMember

PEER_SUPPORTER = "peer_supporter"
COORDINATOR = "coordinator"

ROLE_TITLES = {
    "peer_supporter": "peer supporter",
    "trainer": "peer support trainer",
    "wellbeing_champion": "wellbeing champion",
    "facilitator": "reflective supervision facilitator",
    "coordinator": "network coordinator",
    "admin": "administrator",
}


MODES = {"video": "by video call", "phone": "by phone", "in_person": "in person"}


class UnknownRecipient(LookupError):
    """Someone to tell is not in the local copy yet; their identity event may still be on its way."""


@dataclass(frozen=True)
class Notice:
    recipient: StaffMember
    kind: str
    context: dict[str, Any]


def require(member: StaffMember | None, staff_id: str) -> StaffMember:
    if member is None:
        raise UnknownRecipient(f"member of staff {staff_id} is not known here yet")
    return member


def reachable(notices: Iterable[Notice]) -> list[Notice]:
    """Leavers are no longer told anything."""
    return [n for n in notices if n.recipient.active]


def role_granted(member: StaffMember, role: str, monthly_hours: int | None,
                 line_manager: StaffMember | None) -> list[Notice]:
    """A new peer supporter and their line manager (who released the time) hear of it; other roles, the person."""
    if role != PEER_SUPPORTER:
        title = ROLE_TITLES.get(role, role.replace("_", " "))
        return reachable([Notice(member, "role_granted", {"name": member.name, "role_title": title})])
    notices = [Notice(member, "peer_supporter_granted", {"name": member.name, "monthly_hours": monthly_hours})]
    if line_manager is not None:
        notices.append(Notice(line_manager, "peer_supporter_granted_manager", {
            "name": line_manager.name, "supporter_name": member.name, "monthly_hours": monthly_hours,
        }))
    return reachable(notices)


def request_allocated(requester: StaffMember, supporter: StaffMember, mode: str) -> list[Notice]:
    """The supporter learns a colleague was matched (the details stay in sessions); the requester, who with."""
    how = MODES.get(mode, mode.replace("_", " "))
    return reachable([
        Notice(supporter, "request_allocated_supporter", {"name": supporter.name, "mode": how}),
        Notice(requester, "request_allocated_requester", {
            "name": requester.name, "supporter_name": supporter.name, "mode": how,
        }),
    ])


def request_waiting(coordinators: Iterable[StaffMember], requester_id: str, request_id: str,
                    reason: str) -> list[Notice]:
    """Every coordinator hears that a request waits, not whose; a coordinator's own request is not shown to them."""
    return reachable(
        Notice(c, "request_waiting", {"name": c.name, "request_id": request_id, "reason": reason})
        for c in coordinators
        if c.id != requester_id
    )


# --- training -------------------------------------------------------------------------------

LEVEL_TITLES = {2: "Level 2 Peer Supporter", 3: "Level 3 Train the Trainer"}
CAPACITY_TITLES = {"line_manager": "line manager", "senior_manager": "senior manager"}
NOMINATION_OUTCOMES = {
    "booked": "you have a place on the course",
    "waiting_list": "the course is full, so you are on its waiting list; you will hear when a place comes up",
    "approved": "you are on the list for the next course date; book a place when one suits",
}


def nomination_approved(nominee: StaffMember, level: int, status: str, monthly_hours: int | None) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_approved", {
        "name": nominee.name, "course": LEVEL_TITLES[level], "monthly_hours": monthly_hours,
        "next_step": NOMINATION_OUTCOMES.get(status, "the training team will be in touch"),
    })])


def nomination_refused(nominee: StaffMember, level: int, reason: str | None) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_refused", {
        "name": nominee.name, "course": LEVEL_TITLES[level], "reason": reason or "no reason was given",
    })])


def nomination_expired(nominee: StaffMember, level: int) -> list[Notice]:
    return reachable([Notice(nominee, "training_nomination_expired", {
        "name": nominee.name, "course": LEVEL_TITLES[level],
    })])


def nomination_reminder(approver: StaffMember, nominee: StaffMember, level: int, capacity: str) -> list[Notice]:
    """The manager whose decision is awaited is reminded; the nominee's name is theirs to know."""
    return reachable([Notice(approver, "training_nomination_reminder", {
        "name": approver.name, "nominee_name": nominee.name, "course": LEVEL_TITLES[level],
        "capacity": CAPACITY_TITLES[capacity],
    })])


def place_promoted(member: StaffMember, level: int, cohort_name: str, first_day: str) -> list[Notice]:
    return reachable([Notice(member, "training_place_promoted", {
        "name": member.name, "course": LEVEL_TITLES[level], "cohort_name": cohort_name, "first_day": first_day,
    })])


def refresher_due(member: StaffMember, level: int, expires_on: str) -> list[Notice]:
    return reachable([Notice(member, "training_refresher_due", {
        "name": member.name, "course": LEVEL_TITLES[level], "expires_on": expires_on,
    })])


def certification_lapsed(member: StaffMember, level: int) -> list[Notice]:
    return reachable([Notice(member, "training_certification_lapsed", {
        "name": member.name, "course": LEVEL_TITLES[level], "supporter": level == 2,
    })])
