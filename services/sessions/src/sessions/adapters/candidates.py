"""Choosing supporters in SQL: the candidate query, with the counts the caps read joined in.

A request is matched against thousands of supporters, so the database narrows them with the
same rules the domain applies (allocatable, what they offer, line authority, scope, who the
request excludes, and every cap), least loaded first; the domain (`allocation.Pool`) then checks
the few rows returned, so a rule the SQL only approximates (a place's spelling) stays exact.

Adding a cap: a count in `COUNTS` (`supporter_id`, `n` per supporter, as of `at`), joined here by
name and loaded into `Candidate.counts`, and its rule's clause in `CAP_CLAUSES` (a test checks
every rule in `domain.caps.CAPS` has one).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy import ColumnElement, Select, String, any_, bindparam, cast, false, func, not_, or_, select, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from sessions.domain.allocation import Candidate, Wanted
from sessions.domain.caps import MONTH_HOURS, OPEN_CASES, WEEK_CONVERSATIONS, CapLimits
from sessions.domain.conversations import Conversation, ConversationStatus, week_of_london
from sessions.domain.model import HOURS_PER_ALLOCATION, Mode, RequestStatus, Scope, SupporterProfile, SupportRequest
from sessions.domain.staff import StaffCopy


def _open_allocations(at: datetime, since: datetime) -> Select:
    return (
        select(SupportRequest.supporter_id.label("supporter_id"), func.count().label("n"))
        .where(SupportRequest.status == RequestStatus.ALLOCATED, SupportRequest.allocated_at >= since)
        .group_by(SupportRequest.supporter_id)
    )


def _open_cases(at: datetime, since: datetime) -> Select:
    return _open_allocations(at, datetime.min.replace(tzinfo=at.tzinfo))


def _week_conversations(at: datetime, since: datetime) -> Select:
    starts, ends = week_of_london(at)
    return (
        select(Conversation.supporter_id.label("supporter_id"), func.count().label("n"))
        .where(Conversation.status != ConversationStatus.CANCELLED, Conversation.starts_at >= starts,
               Conversation.starts_at < ends)
        .group_by(Conversation.supporter_id)
    )


# Each count: (at, month start) -> a per-supporter count.
COUNTS: dict[str, Callable[[datetime, datetime], Select]] = {
    MONTH_HOURS: _open_allocations,
    OPEN_CASES: _open_cases,
    WEEK_CONVERSATIONS: _week_conversations,
}

Counts = Mapping[str, ColumnElement[int]]

# Each cap's rule as SQL: true when the rule lets the supporter take one more case.
CAP_CLAUSES: dict[str, Callable[[Counts, CapLimits, datetime], ColumnElement[bool]]] = {
    "paused": lambda counts, limits, at: SupporterProfile.paused.is_(False),
    "heavy_cool_down": lambda counts, limits, at: or_(
        SupporterProfile.cool_down_until.is_(None), SupporterProfile.cool_down_until <= at),
    "monthly_hours": lambda counts, limits, at: (
        (counts[MONTH_HOURS] + 1) * HOURS_PER_ALLOCATION <= SupporterProfile.monthly_capacity),
    "max_open_cases": lambda counts, limits, at: counts[OPEN_CASES] < limits.max_open_cases,
    "max_conversations_per_week": lambda counts, limits, at: (
        counts[WEEK_CONVERSATIONS] < limits.max_conversations_per_week),
}


# The windows of supporters looked at in turn for the first few without a case this month.
WINDOWS = (200, 1600)


def candidate_query(session: Session, at: datetime, since: datetime, limits: CapLimits, *,
                    wanted: Wanted | None = None, only: str | None = None, within_caps: bool = False,
                    limit: int | None = None, ordered: bool = True) -> list[Candidate]:
    """Least loaded first (ties: least recently allocated, then staff id) unless not `ordered`.

    Each count is a subquery correlated to the supporter, so PostgreSQL reads it by index for
    the rows it looks at. Asked for the first few within every cap, it looks first among those
    with nothing allocated this month, in windows walked in tie order (an index), stopping at the
    first window with any; only when none has any does it count and sort every candidate.
    """
    counts = {name: func.coalesce(_per_supporter(count(at, since), name), 0) for name, count in COUNTS.items()}
    query = (
        select(SupporterProfile, StaffCopy, *(c.label(f"count_{name}") for name, c in counts.items()))
        .join(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
        .where(SupporterProfile.allocatable, StaffCopy.status == "active")
    )
    if only is not None:
        query = query.where(SupporterProfile.staff_id == only)
    if wanted is not None:
        query = query.where(*_matching(wanted))
    if within_caps:
        query = query.where(*(clause(counts, limits, at) for clause in CAP_CLAUSES.values()))
    tie_order = (SupporterProfile.last_allocated_at.asc().nulls_first(), SupporterProfile.staff_id)
    if within_caps and limit is not None and ordered and only is None and _broad(wanted):
        # PostgreSQL cannot estimate how many rows the counts let through, so it would count them
        # all and sort; walking a window of ids in tie order (an index) keeps each look small.
        # (A request for one team or one place matches few supporters: counting those is cheap.)
        unloaded = query.where(counts[MONTH_HOURS] == 0).order_by(*tie_order).limit(limit)
        # `allocatable`, not `allocatable IS TRUE`: PostgreSQL uses the partial index only for its own predicate.
        walked = select(SupporterProfile.staff_id).where(SupporterProfile.allocatable).order_by(*tie_order)
        for window in WINDOWS:
            ids = list(session.scalars(walked.limit(window)))
            found = _candidates(session, unloaded.where(_one_of(session, ids)))
            if found:
                # A window is a prefix of the tie order, so its first fit is the first of all who
                # have no case this month: nobody can come before them.
                return found
            if len(ids) < window:
                break
    if ordered:
        query = query.order_by(counts[MONTH_HOURS], *tie_order)
    return _candidates(session, query.limit(limit))


def _broad(wanted: Wanted | None) -> bool:
    return wanted is None or (wanted.request.scope != Scope.WITHIN_TEAM and wanted.request.mode != Mode.IN_PERSON)


def _one_of(session: Session, ids: list[str]) -> ColumnElement[bool]:
    """On PostgreSQL one array parameter (`= ANY`), not hundreds of bound values to render and send."""
    if session.get_bind().dialect.name == "postgresql":
        return SupporterProfile.staff_id == any_(bindparam("window", ids, type_=ARRAY(String)))
    return SupporterProfile.staff_id.in_(ids)


def _per_supporter(counted: Select, name: str) -> ColumnElement[int]:
    """One supporter's row of a per-supporter count (PostgreSQL pushes the supporter into its GROUP BY)."""
    sub = counted.subquery(name)
    return select(sub.c.n).where(sub.c.supporter_id == SupporterProfile.staff_id).scalar_subquery()


def _candidates(session: Session, query: Select) -> list[Candidate]:
    found = []
    for row in session.execute(query):
        values = {name: row._mapping[f"count_{name}"] for name in COUNTS}
        month = values.pop(MONTH_HOURS)
        found.append(Candidate(row[0], row[1], month, values))
    return found


def _matching(wanted: Wanted) -> list[ColumnElement[bool]]:
    request, requester = wanted.request, wanted.requester
    modes = cast(SupporterProfile.modes, String)
    clauses: list[ColumnElement[bool]] = [
        modes.contains(json.dumps(str(request.mode)), autoescape=True),
        SupporterProfile.staff_id.not_in(wanted.not_these()),
        _not_managed_by(StaffCopy.line_manager_id, wanted.not_managed_by()),
        _not_managed_by(StaffCopy.senior_manager_id, wanted.not_managed_by()),
    ]
    if request.mode == Mode.IN_PERSON and _quoted_place(request.location) is not None:
        clauses.append(func.lower(cast(SupporterProfile.places, String)).contains(
            _quoted_place(request.location), autoescape=True))
    if request.scope == Scope.WITHIN_TEAM:
        clauses.append(StaffCopy.team_id == requester.team_id if requester.team_id else false())
    elif request.scope == Scope.OUTSIDE_TEAM and requester.team_id:
        clauses.append(or_(StaffCopy.team_id.is_(None), StaffCopy.team_id != requester.team_id))
    return clauses


def _quoted_place(location: str | None) -> str | None:
    """The place as it appears, lower-cased, in a supporter's JSON list of places (`"gartnavel general"`).

    None when SQL cannot compare it so (not ASCII: JSON escapes it, and case-folding the escape
    would not fold the letter); the domain then checks every candidate's places itself.
    """
    place = (location or "").strip().lower()
    return json.dumps(place) if place and place.isascii() else None


def _not_managed_by(column: ColumnElement[str | None], managers: set[str]) -> ColumnElement[bool]:
    return or_(column.is_(None), not_(column.in_(managers))) if managers else true()


def offering(session: Session, request: SupportRequest) -> tuple[bool, bool, bool]:
    """Whether any supporter is allocatable, any offers the request's mode, and any offers it where asked."""
    allocatable = select(SupporterProfile.staff_id).join(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
    allocatable = allocatable.where(SupporterProfile.allocatable.is_(True), StaffCopy.status == "active")
    modes = cast(SupporterProfile.modes, String)
    offering_mode = allocatable.where(modes.contains(json.dumps(str(request.mode)), autoescape=True))
    found = session.execute(select(allocatable.exists(), offering_mode.exists())).one()
    if request.mode != Mode.IN_PERSON or not found[1]:
        return bool(found[0]), bool(found[1]), bool(found[1]) and request.mode != Mode.IN_PERSON
    # The places' spelling is checked in Python, among those whose list names the place at all.
    near = select(SupporterProfile).where(SupporterProfile.staff_id.in_(offering_mode))
    if _quoted_place(request.location) is not None:
        near = near.where(func.lower(cast(SupporterProfile.places, String)).contains(
            _quoted_place(request.location), autoescape=True))
    return True, True, any(profile.offers(request.mode, request.location) for profile in session.scalars(near))
