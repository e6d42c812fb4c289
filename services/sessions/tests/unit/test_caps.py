"""The caps as named rules, the reasons they give, line authority through temporary managers, and
why the coordinator may not hand a request to someone."""

from datetime import UTC, date, datetime, timedelta

from sessions.adapters.candidates import CAP_CLAUSES, COUNTS
from sessions.domain.allocation import Candidate, Pool, Wanted, free_of_line_authority, refusal
from sessions.domain.caps import CAPS, OPEN_CASES, CapLimits, capped_reason
from sessions.domain.model import SupporterProfile, SupportRequest
from sessions.domain.staff import Delegation, StaffCopy, managers_of, stand_ins

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)


def person(staff_id: str, **kwargs) -> StaffCopy:
    return StaffCopy(staff_id=staff_id, name=staff_id.title(), as_of=NOW, **kwargs)


def candidate(staff_id: str, *, capacity: int = 4, load: int = 0, open_cases: int = 0, **kwargs) -> Candidate:
    profile = SupporterProfile(staff_id=staff_id, monthly_capacity=capacity, role_changed_at=NOW, allocatable=True)
    return Candidate(profile, person(staff_id, **kwargs), load, {OPEN_CASES: open_cases})


def ask(requester: StaffCopy) -> SupportRequest:
    return SupportRequest(requester_id=requester.staff_id, mode="video", scope="any", urgency="soon",
                          details="x", created_at=NOW)


ANN = person("ann", line_manager_id="lm")


def test_every_cap_has_its_sql_and_every_count_it_reads_is_queried():
    assert {rule.name for rule in CAPS} == set(CAP_CLAUSES)
    assert {name for rule in CAPS for name in rule.counts} <= set(COUNTS)


def test_each_cap_stops_a_candidate_and_the_reason_names_it():
    limits = CapLimits(max_open_cases=2, heavy_cool_down=timedelta(days=7))
    paused, cooling, full, busy = (candidate(n) for n in ("paused", "cooling", "full", "busy"))
    paused.profile.pause(NOW)
    cooling.profile.start_cool_down(NOW, limits.heavy_cool_down)
    full.load = 4
    busy.counts[OPEN_CASES] = 2
    pool = Pool([paused, cooling, full, busy], limits)
    assert [[rule.name for rule in pool.stopped_by(c, NOW)] for c in pool.candidates] == [
        ["paused"], ["heavy_cool_down"], ["monthly_hours"], ["max_open_cases"]]
    assert pool.why_not(ask(ANN), ANN, NOW) == (
        "every eligible supporter is paused, in a cool-down after a heavy case, at capacity this month or "
        "at their maximum of open cases")
    assert Pool([full], limits).why_not(ask(ANN), ANN, NOW) == "every eligible supporter is at capacity this month"
    # The cool-down ends on its own: a week later the same supporter fits.
    assert Pool([cooling], limits).allocate(ask(ANN), ANN, NOW + timedelta(days=7))


def test_a_second_heavy_case_never_shortens_a_cool_down():
    profile = candidate("sue").profile
    profile.start_cool_down(NOW, timedelta(days=14))
    profile.start_cool_down(NOW + timedelta(days=1), timedelta(days=3))
    assert profile.cool_down_until == NOW + timedelta(days=14)


def test_a_temporary_manager_has_the_managers_authority_both_ways():
    today = NOW.date()
    standing = stand_ins([Delegation("d1", "lm", "tess", today, today + timedelta(days=3)),
                          Delegation("d2", "lm", "old", date(2020, 1, 1), date(2020, 2, 1))], today)
    assert managers_of(ANN, standing) == {"lm", "tess"}
    assert not free_of_line_authority(person("tess"), ANN, standing)
    assert free_of_line_authority(person("old"), ANN, standing)
    # Ann stands in for Bob's manager, so Bob may not support her.
    bobs = person("bob", line_manager_id="boss")
    assert not free_of_line_authority(bobs, person("ann"), {"boss": frozenset({"ann"})})
    wanted = Wanted(ask(ANN), ANN, standing)
    assert wanted.not_these() == {"ann", "lm", "tess"}
    assert Wanted(ask(person("ann")), person("ann"), {"boss": frozenset({"ann"})}).not_managed_by() == {"ann", "boss"}


def test_the_coordinators_choice_is_refused_naming_the_rule():
    request = ask(ANN)
    request.allocate("held", NOW)
    request.exclude("gone")
    limits = CapLimits(max_open_cases=1)
    pool = Pool([], limits)
    cases = {
        "not an allocatable supporter": None,
        "already this request's supporter": candidate("held"),
        "excluded": candidate("gone"),
        "line authority": candidate("lm"),
        "max_open_cases": candidate("busy", open_cases=1),
    }
    for rule, chosen in cases.items():
        assert rule in refusal(chosen, request, ANN, pool, NOW)
    assert refusal(candidate("free"), request, ANN, pool, NOW) is None


def test_a_supporter_meeting_in_person_elsewhere_is_refused_for_the_place_not_the_mode():
    request = SupportRequest(requester_id=ANN.staff_id, mode="in_person", scope="any", urgency="soon", details="x",
                             created_at=NOW, location="Ysbyty Gwynedd, Bangor")
    pool = Pool([], CapLimits())
    nowhere_yet = candidate("bethan")
    nowhere_yet.profile.modes = ["video", "in_person"]
    assert refusal(nowhere_yet, request, ANN, pool, NOW) == (
        "this supporter does not offer in-person support at Ysbyty Gwynedd, Bangor")
    by_video = candidate("vic")
    by_video.profile.modes = ["video"]
    assert refusal(by_video, request, ANN, pool, NOW) == "this supporter does not offer in-person support"


def test_a_cap_reason_lists_rules_in_their_order_once():
    paused, monthly = CAPS[0], CAPS[2]
    assert capped_reason([monthly, paused, monthly]) == "every eligible supporter is paused or at capacity this month"
