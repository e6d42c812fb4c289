"""Choosing supporters in SQL: the candidate query, with the counts the caps read joined in.

A request is matched against thousands of supporters, so the database narrows them with the
same rules the domain applies (allocatable, what they offer, line authority, scope, who the
request excludes, and every cap), least loaded first; the domain (`allocation.Pool`) then checks
the few rows returned, so a rule the SQL only approximates (a place's spelling) stays exact.

Every value is a bound parameter, so each shape of query (what is filtered, whether it is capped,
ordered, limited) is built once per process and only its values change: building the statement
took a sixth of an allocation's time.

Adding a cap: a count in `COUNTS` (`supporter_id`, `n` per supporter, as of the `at` parameter),
joined here by name and loaded into `Candidate.counts`, and its rule's clause in `CAP_CLAUSES`
with its limits in `_values` (a test checks every rule in `domain.caps.CAPS` has a clause).
A rule whose `CapRule` names no count is also applied while walking the window, with no
counts at hand: its clause reads the profile alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, ColumnElement, Select, String, bindparam, cast, false, func, not_, or_, select, true
from sqlalchemy.orm import Session

from sessions.domain.allocation import Candidate, Offered, Wanted
from sessions.domain.caps import CAPS, MONTH_HOURS, OPEN_CASES, WEEK_CONVERSATIONS, CapLimits
from sessions.domain.conversations import Conversation, ConversationStatus, week_of_london
from sessions.domain.model import (
    HOURS_PER_ALLOCATION,
    Mode,
    RequestStatus,
    Scope,
    SupporterProfile,
    SupportRequest,
    same_place,
)
from sessions.domain.staff import StaffCopy


def _open_allocations() -> Select:
    return (
        select(SupportRequest.supporter_id.label("supporter_id"), func.count().label("n"))
        .where(SupportRequest.status == RequestStatus.ALLOCATED, SupportRequest.allocated_at >= bindparam("since"))
        .group_by(SupportRequest.supporter_id)
    )


def _open_cases() -> Select:
    return (
        select(SupportRequest.supporter_id.label("supporter_id"), func.count().label("n"))
        .where(SupportRequest.status == RequestStatus.ALLOCATED)
        .group_by(SupportRequest.supporter_id)
    )


def _week_conversations() -> Select:
    return (
        select(Conversation.supporter_id.label("supporter_id"), func.count().label("n"))
        .where(Conversation.status != ConversationStatus.CANCELLED,
               Conversation.starts_at >= bindparam("week_starts"), Conversation.starts_at < bindparam("week_ends"))
        .group_by(Conversation.supporter_id)
    )


# Each count, per supporter (parameters `since`, `week_starts`, `week_ends`: see `_values`).
COUNTS: dict[str, Callable[[], Select]] = {
    MONTH_HOURS: _open_allocations,
    OPEN_CASES: _open_cases,
    WEEK_CONVERSATIONS: _week_conversations,
}

Counts = Mapping[str, ColumnElement[int]]

# Each cap's rule as SQL: true when the rule lets the supporter take one more case.
CAP_CLAUSES: dict[str, Callable[[Counts], ColumnElement[bool]]] = {
    "paused": lambda counts: SupporterProfile.paused.is_(False),
    "heavy_cool_down": lambda counts: or_(
        SupporterProfile.cool_down_until.is_(None), SupporterProfile.cool_down_until <= bindparam("at")),
    "monthly_hours": lambda counts: (
        (counts[MONTH_HOURS] + 1) * HOURS_PER_ALLOCATION <= SupporterProfile.monthly_capacity),
    "max_open_cases": lambda counts: counts[OPEN_CASES] < bindparam("max_open_cases"),
    "max_conversations_per_week": lambda counts: (
        counts[WEEK_CONVERSATIONS] < bindparam("max_conversations_per_week")),
    # `supervised_since` is null while SESSIONS_SUPERVISION_BLOCKS_ALLOCATION is off.
    "supervision_overdue": lambda counts: or_(
        bindparam("supervised_since", type_=SupporterProfile.role_changed_at.type).is_(None),
        func.coalesce(SupporterProfile.last_supervised_at, SupporterProfile.role_changed_at)
        > bindparam("supervised_since", type_=SupporterProfile.role_changed_at.type)),
}


_CUSTOM_PLANS = select(func.set_config("plan_cache_mode", "force_custom_plan", True))

# The windows of supporters looked at in turn for the first few without a case this month.
WINDOWS = (10, 100, 1000)


@dataclass(frozen=True)
class _Shape:
    """What decides a candidate query's SQL text; everything else is a bound value."""

    only: bool = False
    within_caps: bool = False
    limited: bool = False
    ordered: bool = True
    # What the request filters: none at all, or its scope and which optional clauses apply.
    wanted: bool = False
    scope: Scope | None = None
    team: bool = False
    place: bool = False
    not_managed: bool = False
    # Only the first `window_size` supporters the uncounted rules let through (`_walked`), with nothing this month.
    window: bool = False


def candidate_query(session: Session, at: datetime, since: datetime, limits: CapLimits, *,
                    wanted: Wanted | None = None, only: str | None = None, within_caps: bool = False,
                    limit: int | None = None, ordered: bool = True) -> list[Candidate]:
    """Least loaded first (ties: least recently allocated, then staff id) unless not `ordered`.

    Each count is a subquery correlated to the supporter, so PostgreSQL reads it by index for
    the rows it looks at. Asked for the first few within every cap, it looks first among those
    with nothing allocated this month, in windows walked in tie order (an index), stopping at the
    first window with any; only when none has any does it count and sort every candidate.
    """
    shape = _Shape(
        only=only is not None,
        within_caps=within_caps, limited=limit is not None, ordered=ordered, wanted=wanted is not None,
        scope=wanted.request.scope if wanted else None,
        team=bool(wanted and wanted.requester.team_id),
        place=bool(wanted and wanted.request.mode == Mode.IN_PERSON and _quoted_place(wanted.request.location)),
        not_managed=bool(wanted and wanted.not_managed_by()),
    )
    values = _values(at, since, limits, wanted, only, limit)
    if shape.place:
        _plans_for_the_place(session)
    if within_caps and limit is not None and ordered and only is None and _broad(wanted):
        # PostgreSQL cannot estimate how many rows the counts let through, so it would count them
        # all and sort; walking a window of those the other rules let through, in tie order (an
        # index), and counting only theirs keeps each look small.
        windowed = _statement(replace(shape, window=True))
        for window in WINDOWS:
            found = _candidates(session, windowed, {**values, "window_size": window})
            if found:
                # A window is a prefix of the tie order, so its first fit is the first of all who
                # have no case this month: nobody can come before them.
                return found
    return _candidates(session, _statement(shape), values)


def _plans_for_the_place(session: Session) -> None:
    """PostgreSQL plans this transaction's statements for their values, not for any values.

    A plan made for any place (PostgreSQL's choice once a statement is prepared and run often)
    cannot tell how few supporters name this one: it reads every supporter's places (3.3-3.5 ms
    on allocation.py's seed, walking the window or looking within a team), where a plan for the
    place walks the window in tie order (1.5 ms) or reads the team's few (0.7 ms).
    """
    transaction = session.get_transaction()
    if session.get_bind().dialect.name == "postgresql" and session.info.get("custom_plans_in") is not transaction:
        session.execute(_CUSTOM_PLANS)
        session.info["custom_plans_in"] = transaction


def _values(at: datetime, since: datetime, limits: CapLimits, wanted: Wanted | None, only: str | None,
            limit: int | None) -> dict[str, Any]:
    week_starts, week_ends = week_of_london(at)
    values: dict[str, Any] = {
        "at": at, "since": since, "week_starts": week_starts, "week_ends": week_ends, "only": only, "limit": limit,
        "max_open_cases": limits.max_open_cases, "max_conversations_per_week": limits.max_conversations_per_week,
        "supervised_since": at - limits.supervision_interval if limits.supervision_interval is not None else None,
    }
    if wanted is not None:
        request, requester = wanted.request, wanted.requester
        values |= {
            "mode": f"%{_escaped(json.dumps(str(request.mode)))}%", "not_these": sorted(wanted.not_these()),
            "not_managed_by": sorted(wanted.not_managed_by()), "team": requester.team_id,
            "place": f"%{_escaped(_quoted_place(request.location) or '')}%",
        }
    return values


def _walked(shape: _Shape) -> Select:
    """The first `window_size` supporters in tie order whom no rule but a counted cap stops.

    Walked by the allocation-order index; the counts, the costly part, are then read for these few.
    """
    # `allocatable`, not `allocatable IS TRUE`: PostgreSQL uses the partial index only for its own predicate.
    walked = (select(SupporterProfile.staff_id).join(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
              .where(SupporterProfile.allocatable, StaffCopy.status == "active",
                     *(_matching(shape) if shape.wanted else ()),
                     *(CAP_CLAUSES[rule.name]({}) for rule in CAPS if not rule.counts)))
    return walked.order_by(*_tie_order()).limit(bindparam("window_size")).correlate(None)


def _tie_order() -> tuple[ColumnElement, ...]:
    return SupporterProfile.last_allocated_at.asc().nulls_first(), SupporterProfile.staff_id


@cache
def _statement(shape: _Shape) -> Select:
    counts = {name: func.coalesce(_per_supporter(count(), name), 0) for name, count in COUNTS.items()}
    query = (
        select(SupporterProfile, StaffCopy, *(c.label(f"count_{name}") for name, c in counts.items()))
        .join(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
        .where(SupporterProfile.allocatable, StaffCopy.status == "active")
    )
    if shape.only:
        query = query.where(SupporterProfile.staff_id == bindparam("only"))
    if shape.wanted:
        query = query.where(*_matching(shape))
    if shape.within_caps:
        query = query.where(*(clause(counts) for clause in CAP_CLAUSES.values()))
    if shape.window:
        # The window is walked inside the statement: one round trip, and no list of ids to send.
        query = query.where(SupporterProfile.staff_id.in_(_walked(shape).scalar_subquery()), counts[MONTH_HOURS] == 0)
    if shape.ordered:
        query = query.order_by(*(() if shape.window else (counts[MONTH_HOURS],)), *_tie_order())
    return query.limit(bindparam("limit")) if shape.limited else query


def _broad(wanted: Wanted | None) -> bool:
    """Not a request for one team: a team has few supporters, and counting those is cheap."""
    return wanted is None or wanted.request.scope != Scope.WITHIN_TEAM


def _per_supporter(counted: Select, name: str) -> ColumnElement[int]:
    """One supporter's row of a per-supporter count (PostgreSQL pushes the supporter into its GROUP BY)."""
    sub = counted.subquery(name)
    return select(sub.c.n).where(sub.c.supporter_id == SupporterProfile.staff_id).scalar_subquery()


def _candidates(session: Session, query: Select, values: dict[str, Any]) -> list[Candidate]:
    found = []
    for row in session.execute(query, values):
        counts = {name: row._mapping[f"count_{name}"] for name in COUNTS}
        month = counts.pop(MONTH_HOURS)
        found.append(Candidate(row[0], row[1], month, counts))
    return found


def _matching(shape: _Shape) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [
        cast(SupporterProfile.modes, String).like(bindparam("mode"), escape="/"),
        SupporterProfile.staff_id.not_in(bindparam("not_these", expanding=True)),
    ]
    if shape.not_managed:
        clauses += [_not_managed_by(StaffCopy.line_manager_id), _not_managed_by(StaffCopy.senior_manager_id)]
    if shape.place:
        clauses.append(func.lower(cast(SupporterProfile.places, String)).like(bindparam("place"), escape="/"))
    if shape.scope == Scope.WITHIN_TEAM:
        clauses.append(StaffCopy.team_id == bindparam("team") if shape.team else false())
    elif shape.scope == Scope.OUTSIDE_TEAM and shape.team:
        clauses.append(or_(StaffCopy.team_id.is_(None), StaffCopy.team_id != bindparam("team")))
    return clauses


def _escaped(text: str) -> str:
    """`text` matched literally inside a LIKE pattern whose escape character is `/`."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _quoted_place(location: str | None) -> str | None:
    """The place as it appears, lower-cased, in a supporter's JSON list of places (`"gartnavel general"`).

    None when SQL cannot compare it so (not ASCII: JSON escapes it, and case-folding the escape
    would not fold the letter); the domain then checks every candidate's places itself.
    """
    place = (location or "").strip().lower()
    return json.dumps(place) if place and place.isascii() else None


def _not_managed_by(column: ColumnElement[str | None]) -> ColumnElement[bool]:
    return or_(column.is_(None), not_(column.in_(bindparam("not_managed_by", expanding=True))))


# Lists of places read at first to find one naming the place as the request spells it: SQL's
# filter is near-exact, so the first list nearly always does; all of them are read only when none does.
PLACES_READ = 20


def offering(session: Session, request: SupportRequest, requester: StaffCopy) -> Offered:
    """Whether any supporter is allocatable, any offers the request's mode, any offers it where asked,
    and any offering the mode is on the side of the requester's team the request asks for.

    One statement: in person, it also reads a few lists of places of those offering it there (the
    place as SQL spells it); the domain checks their spelling (`same_place`), and reads the rest
    only when none of those few has it.
    """
    allocatable = select(SupporterProfile.staff_id).join(StaffCopy, StaffCopy.staff_id == SupporterProfile.staff_id)
    allocatable = allocatable.where(SupporterProfile.allocatable.is_(True), StaffCopy.status == "active")
    modes = cast(SupporterProfile.modes, String)
    offering_mode = allocatable.where(modes.contains(json.dumps(str(request.mode)), autoescape=True))
    asked = [allocatable.exists(), offering_mode.exists(), offering_mode.where(_in_scope(request, requester)).exists()]
    in_person = request.mode == Mode.IN_PERSON
    near = offering_mode.with_only_columns(SupporterProfile.places)
    if in_person:
        # Only the lists of places are read, and only of those whose list names the place at all.
        if _quoted_place(request.location) is not None:
            near = near.where(func.lower(cast(SupporterProfile.places, String)).contains(
                _quoted_place(request.location), autoescape=True))
        few = near.limit(PLACES_READ).subquery("near")
        asked.append(select(func.json_agg(few.c.places, type_=JSON)).scalar_subquery())
    found = session.execute(select(*asked)).one()
    here = bool(found[1])
    if in_person:
        here = _names_place(request.location, found[3] or ())
        if not here and len(found[3] or ()) == PLACES_READ:
            here = _names_place(request.location, session.execute(near).scalars())
    return Offered(allocatable=bool(found[0]), mode=bool(found[1]), here=here, in_scope=bool(found[2]))


def _in_scope(request: SupportRequest, requester: StaffCopy) -> ColumnElement[bool]:
    """`domain.allocation.in_scope` in SQL: a shared team for `within_team`, another (or none) for `outside_team`."""
    if request.scope == Scope.ANY:
        return true()
    if requester.team_id is None:
        return false() if request.scope == Scope.WITHIN_TEAM else true()
    if request.scope == Scope.WITHIN_TEAM:
        return StaffCopy.team_id == requester.team_id
    return or_(StaffCopy.team_id.is_(None), StaffCopy.team_id != requester.team_id)


def _names_place(location: str | None, lists: Iterable[list[str]]) -> bool:
    return location is not None and any(same_place(location, place) for places in lists for place in places)
