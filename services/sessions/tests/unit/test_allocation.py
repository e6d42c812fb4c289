from datetime import UTC, datetime, timedelta

import pytest

from sessions.domain.allocation import (
    ALL_AT_CAPACITY,
    NO_ELIGIBLE_SUPPORTER,
    Candidate,
    Pool,
    allocate_or_wait,
    drain_waiting,
    reallocate,
)
from sessions.domain.model import StaffCopy, SupporterProfile, SupportRequest

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)


def person(staff_id: str, team: str | None = "ward-5", **kwargs) -> StaffCopy:
    return StaffCopy(staff_id=staff_id, name=staff_id.title(), as_of=NOW, team_id=team, **kwargs)


def supporter(staff_id: str, team: str | None = "ward-5", *, capacity: int = 2, load: int = 0,
              last_allocated_at: datetime | None = None, **kwargs) -> Candidate:
    profile = SupporterProfile(staff_id=staff_id, monthly_capacity=capacity, role_changed_at=NOW,
                               allocatable=True, last_allocated_at=last_allocated_at)
    return Candidate(profile, person(staff_id, team, **kwargs), load)


def ask(requester: StaffCopy, scope: str = "any", urgency: str = "routine", created_at: datetime = NOW,
        ) -> SupportRequest:
    return SupportRequest(requester_id=requester.staff_id, mode="video", scope=scope, urgency=urgency,
                          details="I need to talk", created_at=created_at)


def allocated_to(candidates: list[Candidate], requester: StaffCopy, scope: str = "any") -> str | None:
    request = ask(requester, scope)
    allocate_or_wait(request, requester, Pool(candidates), NOW)
    return request.supporter_id


ANN = person("ann", line_manager_id="lm", senior_manager_id="sm")


def test_the_requester_never_supports_themselves():
    assert allocated_to([supporter("ann")], ANN) is None


@pytest.mark.parametrize("manager", ["lm", "sm"])
def test_never_the_requesters_own_managers(manager):
    assert allocated_to([supporter(manager)], ANN) is None


@pytest.mark.parametrize("field", ["line_manager_id", "senior_manager_id"])
def test_never_someone_the_requester_manages(field):
    assert allocated_to([supporter("report", **{field: "ann"})], ANN) is None


def test_an_unrelated_colleague_is_allocated():
    assert allocated_to([supporter("lm"), supporter("bob")], ANN) == "bob"


@pytest.mark.parametrize(
    ("scope", "expected"), [("within_team", "same"), ("outside_team", "other"), ("any", "other")]
)
def test_scope_picks_the_team(scope, expected):
    # "other" was allocated less recently, so `any` prefers it: scope alone decides the rest.
    candidates = [supporter("same", "ward-5", last_allocated_at=NOW), supporter("other", "ward-9")]
    assert allocated_to(candidates, ANN, scope) == expected


def test_within_team_needs_a_team():
    assert allocated_to([supporter("bob", None)], person("ann", None), "within_team") is None
    assert allocated_to([supporter("bob", None)], person("ann", None), "outside_team") == "bob"


def test_a_supporter_at_capacity_is_passed_over():
    assert allocated_to([supporter("full", capacity=2, load=2), supporter("free", load=1)], ANN) == "free"
    assert allocated_to([supporter("none", capacity=0)], ANN) is None


def test_least_loaded_first_then_least_recently_allocated_then_staff_id():
    earlier = NOW - timedelta(days=3)
    assert allocated_to([supporter("busy", load=1), supporter("quiet", load=0)], ANN) == "quiet"
    assert allocated_to([supporter("recent", last_allocated_at=NOW), supporter("longago", last_allocated_at=earlier)],
                        ANN) == "longago"
    assert allocated_to([supporter("never"), supporter("recent", last_allocated_at=earlier)], ANN) == "never"
    assert allocated_to([supporter("bea"), supporter("abe")], ANN) == "abe"


def test_the_pool_counts_what_it_allocates():
    pool = Pool([supporter("abe", capacity=1), supporter("bea", capacity=1)])
    requests = [ask(ANN) for _ in range(3)]
    for request in requests:
        allocate_or_wait(request, ANN, pool, NOW)
    assert [r.supporter_id for r in requests] == ["abe", "bea", None]
    assert requests[2].status == "waiting"
    assert requests[2].waiting_reason == ALL_AT_CAPACITY
    assert pool.exhausted


def test_the_waiting_reason_says_whether_anyone_could_ever_fit():
    request = ask(ANN, "within_team")
    allocate_or_wait(request, ANN, Pool([supporter("bob", "ward-9")]), NOW)
    assert (request.status, request.waiting_reason) == ("waiting", NO_ELIGIBLE_SUPPORTER)


def test_only_allocatable_supporters_still_here_are_in_the_pool():
    dormant = supporter("dormant")
    dormant.profile.allocatable = False
    leaver = supporter("leaver")
    leaver.staff.status = "left"
    assert allocated_to([dormant, leaver], ANN) is None


def test_waiting_requests_are_served_most_urgent_first_then_oldest():
    people = {p.staff_id: p for p in (person("r1"), person("r2"), person("r3"), person("r4"))}
    oldest_routine = ask(people["r1"], urgency="routine", created_at=NOW - timedelta(days=9))
    urgent = ask(people["r2"], urgency="urgent", created_at=NOW)
    older_soon = ask(people["r3"], urgency="soon", created_at=NOW - timedelta(days=2))
    newer_soon = ask(people["r4"], urgency="soon", created_at=NOW - timedelta(days=1))
    pool = Pool([supporter("sue", capacity=3)])
    allocated = drain_waiting([oldest_routine, newer_soon, urgent, older_soon], people, pool, NOW)
    assert allocated == [urgent, older_soon, newer_soon]
    assert oldest_routine.status == "waiting"


def test_draining_skips_requests_the_supporter_may_not_take():
    people = {"boss": person("boss"), "r1": person("r1")}
    their_manager = ask(people["r1"], urgency="urgent")
    people["r1"].line_manager_id = "sue"
    other = ask(people["boss"])
    assert drain_waiting([their_manager, other], people, Pool([supporter("sue")]), NOW) == [other]


def test_a_departed_supporters_requests_move_on_or_wait_and_none_is_orphaned():
    people = {p.staff_id: p for p in (person("r1"), person("r2"), person("r3"))}
    held = [ask(people[r], urgency=u) for r, u in (("r1", "routine"), ("r2", "urgent"), ("r3", "soon"))]
    for request in held:
        request.allocate("gone", NOW - timedelta(days=1))
    gone = supporter("gone")
    gone.profile.allocatable = False
    moved = reallocate(held, people, Pool([gone, supporter("new", capacity=2)]), NOW)
    assert [(r.requester_id, r.status, r.supporter_id) for r in moved] == [
        ("r2", "allocated", "new"), ("r3", "allocated", "new"), ("r1", "waiting", None)]
    assert all(r.supporter_id != "gone" for r in held)
