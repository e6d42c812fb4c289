from datetime import UTC, datetime, timedelta

import pytest

from psn_shared.staff_copy import StaffCopy
from sessions.domain.allocation import (
    ALL_AT_CAPACITY,
    NO_ELIGIBLE_SUPPORTER,
    NOBODY_TAKING,
    Candidate,
    Pool,
    allocate_or_wait,
    drain_waiting,
    nobody_offers,
    reallocate,
)
from sessions.domain.model import SupporterProfile, SupportRequest

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)


def person(staff_id: str, team: str | None = "ward-5", **kwargs) -> StaffCopy:
    return StaffCopy(staff_id=staff_id, name=staff_id.title(), as_of=NOW, team_id=team, **kwargs)


def supporter(staff_id: str, team: str | None = "ward-5", *, capacity: int = 2, load: int = 0,
              last_allocated_at: datetime | None = None, modes: list[str] | None = None,
              places: list[str] | None = None, **kwargs) -> Candidate:
    profile = SupporterProfile(staff_id=staff_id, monthly_capacity=capacity, role_changed_at=NOW,
                               allocatable=True, last_allocated_at=last_allocated_at)
    if modes is not None or places is not None:
        profile.set_preferences(modes or ["video", "phone", "in_person"], places or [])
    return Candidate(profile, person(staff_id, team, **kwargs), load)


def ask(requester: StaffCopy, scope: str = "any", urgency: str = "routine", created_at: datetime = NOW,
        mode: str = "video", location: str | None = None) -> SupportRequest:
    return SupportRequest(requester_id=requester.staff_id, mode=mode, scope=scope, urgency=urgency,
                          details="I need to talk", created_at=created_at, location=location)


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


def test_the_waiting_reason_says_which_side_of_the_team_nobody_offers_support_on():
    request = ask(ANN, "within_team")
    allocate_or_wait(request, ANN, Pool([supporter("bob", "ward-9")]), NOW)
    assert (request.status, request.waiting_reason) == ("waiting", "no supporter in the requester's team offers "
                                                                   "video support")
    # Someone in the team offers the phone, someone outside it video: it is the team that has nobody for video.
    assert waits_because([supporter("bob", "ward-9"), supporter("cat", modes=["phone"])], "video",
                         scope="within_team") == "no supporter in the requester's team offers video support"
    # Nobody offers video at all: the mode is said first, whatever the scope.
    assert waits_because([supporter("cat", modes=["phone"])], "video", scope="within_team") == (
        "no supporter offers video support")
    assert waits_because([supporter("cat")], "video", scope="outside_team") == (
        "no supporter outside the requester's team offers video support")


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


def waits_because(candidates: list[Candidate], mode: str, location: str | None = None,
                  scope: str = "any") -> str | None:
    request = ask(ANN, scope, mode=mode, location=location)
    allocate_or_wait(request, ANN, Pool(candidates), NOW)
    return request.waiting_reason


def allocated_to_mode(candidates: list[Candidate], mode: str, location: str | None = None) -> str | None:
    request = ask(ANN, mode=mode, location=location)
    allocate_or_wait(request, ANN, Pool(candidates), NOW)
    return request.supporter_id


def test_by_default_a_supporter_offers_every_mode_but_meets_nowhere():
    assert [allocated_to_mode([supporter("bob")], mode) for mode in ("video", "phone")] == ["bob", "bob"]
    assert waits_because([supporter("bob")], "in_person", "Gartnavel General") == (
        "no supporter offers in-person support at Gartnavel General")


def test_only_a_supporter_offering_the_mode_is_allocated():
    candidates = [supporter("phoner", modes=["phone"]), supporter("viewer", modes=["video"], load=1)]
    assert allocated_to_mode(candidates, "video") == "viewer"
    assert allocated_to_mode(candidates, "phone") == "phoner"
    assert waits_because([supporter("phoner", modes=["phone"])], "video") == "no supporter offers video support"
    assert waits_because([supporter("viewer", modes=["video"])], "phone") == "no supporter offers phone support"
    assert waits_because([supporter("viewer", modes=["video"])], "in_person", "Gartnavel General") == (
        "no supporter offers in-person support")


def test_in_person_needs_the_request_location_among_the_supporters_places():
    candidates = [supporter("west", modes=["in_person"], places=["Gartnavel General"]),
                  supporter("south", modes=["in_person"], places=["QEUH", "Victoria"])]
    assert allocated_to_mode(candidates, "in_person", "Gartnavel General") == "west"
    assert allocated_to_mode(candidates, "in_person", "Victoria") == "south"
    assert allocated_to_mode(candidates, "in_person", "Glasgow Royal") is None
    assert waits_because(candidates, "in_person", "Glasgow Royal") == (
        "no supporter offers in-person support at Glasgow Royal")
    assert allocated_to_mode(candidates, "in_person", None) is None


def test_places_match_trimmed_and_ignoring_case():
    candidates = [supporter("west", modes=["in_person"], places=["  Gartnavel General "])]
    assert candidates[0].profile.places == ["Gartnavel General"]
    assert allocated_to_mode(candidates, "in_person", " gartnavel GENERAL  ") == "west"


def test_a_place_offered_only_without_in_person_does_not_count():
    candidates = [supporter("west", modes=["video"], places=["Gartnavel General"])]
    assert allocated_to_mode(candidates, "in_person", "Gartnavel General") is None


def test_mode_and_location_come_before_the_other_rules_in_the_waiting_reason():
    # Someone offers the mode but may not take it (scope): the generic reason, not a mode one.
    assert waits_because([supporter("ann")], "video") == NO_ELIGIBLE_SUPPORTER
    # Someone fits everything but is full: capacity.
    assert waits_because([supporter("bob", capacity=0)], "video") == ALL_AT_CAPACITY
    # Nobody taking colleagues at all: said so.
    assert waits_because([], "video") == NOBODY_TAKING
    assert nobody_offers(ask(ANN, mode="in_person", location=" QEUH "), at_location=True) == (
        "no supporter offers in-person support at QEUH")


def test_changing_preferences_lets_the_supporter_take_what_waits_for_them():
    people = {"r1": person("r1"), "r2": person("r2")}
    there = ask(people["r1"], mode="in_person", location="gartnavel general", urgency="urgent")
    by_phone = ask(people["r2"], mode="phone")
    sue = supporter("sue", modes=["video"])
    assert drain_waiting([there, by_phone], people, Pool([sue]), NOW) == []
    sue.profile.set_preferences(["phone", "in_person"], ["Gartnavel General"])
    assert drain_waiting([there, by_phone], people, Pool([sue]), NOW) == [there, by_phone]
