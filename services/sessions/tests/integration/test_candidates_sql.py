"""The candidate query on PostgreSQL chooses exactly as the domain does over every supporter."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from services.sessions.tests.journey_news import delegation_granted
from sessions.adapters import candidates
from sessions.domain.allocation import Offered, Pool
from sessions.domain.caps import CapLimits
from sessions.domain.model import Mode, Scope, SupportRequest, Urgency
from sessions.service_layer.common import allocate_request, standing_in

TEAMS = [str(uuid.uuid4()) for _ in range(3)]
PLACES = ["Gartnavel General", "Glasgow Royal", "Victoria"]


def test_sql_choice_matches_the_domain_over_everyone(identity, deliver, make_uow):
    rng = random.Random(5)
    managers = [identity.register(rng.choice(TEAMS)) for _ in range(4)]
    supporters = [identity.supporter(rng.choice(TEAMS), monthly_hours=rng.randint(0, 3),
                                     line_manager_id=rng.choice([*managers, None])) for _ in range(24)]
    deliver(delegation_granted(managers[0], supporters[0]))
    at = datetime.now(UTC)
    with make_uow() as uow:
        for n, staff_id in enumerate(supporters):
            profile = uow.supporters.get(staff_id)
            modes = rng.sample(list(Mode), rng.randint(1, 3))
            profile.set_preferences(modes, rng.sample(PLACES, rng.randint(0, 2)))
            profile.paused = n % 7 == 0
            profile.cool_down_until = at + timedelta(days=1) if n % 9 == 0 else None
            profile.last_allocated_at = None if n % 4 == 0 else at - timedelta(days=n)
        uow.commit()
    limits = CapLimits(max_open_cases=2)
    outcomes: list[bool] = []
    for round_ in range(40):
        requester_id = identity.register(rng.choice(TEAMS), line_manager_id=rng.choice(managers))
        mode = rng.choice(list(Mode))
        with make_uow() as uow:
            uow.caps = limits
            requester = uow.staff.get(requester_id)
            # In person, the place as people type it: spaced and in capitals.
            location = f" {rng.choice(PLACES).upper()}" if mode == Mode.IN_PERSON else None
            request = SupportRequest(requester_id=requester_id, mode=mode, scope=rng.choice(list(Scope)),
                                     urgency=Urgency.SOON, details="x", created_at=at, location=location)
            if round_ % 5 == 0:
                request.exclude(rng.choice(supporters))
            everyone = Pool(uow.supporters.candidates(at, limits), limits, standing_in(uow, at))
            fitting = everyone.fitting(request, requester, at)
            expected_first = min(fitting, key=lambda c: c.least_loaded_key(), default=None)
            outcomes.append(expected_first is not None)
            uow.requests.add(request)
            allocate_request(request, requester, uow, at)
            assert request.supporter_id == (expected_first.staff_id if expected_first else None), round_
            if request.supporter_id is None:
                assert request.waiting_reason == everyone.why_not(request, requester, at)
            uow.commit()
    assert any(outcomes) and not all(outcomes)  # both allocations and waits were compared


def test_the_walk_looks_past_those_other_rules_stop_and_those_with_a_case_this_month(identity, make_uow):
    """The first windows in tie order can hold nobody who fits: the next window, then everyone, is looked at."""
    at = datetime.now(UTC)
    team, requester_id = TEAMS[0], identity.register(TEAMS[0])
    # In tie order (least recently allocated first): 12 who offer only video, 12 who have a case
    # this month, then the one who fits with nothing this month, then one who fits with a case.
    supporters = [identity.supporter(TEAMS[1], monthly_hours=8) for _ in range(26)]
    with make_uow() as uow:
        for n, staff_id in enumerate(supporters):
            profile = uow.supporters.get(staff_id)
            profile.last_allocated_at = at - timedelta(days=100 - n)
            profile.set_preferences([Mode.VIDEO] if n < 12 else [Mode.PHONE], [])
        for staff_id in [*supporters[12:24], supporters[25]]:
            held = SupportRequest(requester_id=identity.register(team), mode=Mode.PHONE, scope=Scope.ANY,
                                  urgency=Urgency.SOON, details="x", created_at=at)
            held.allocate(staff_id, at - timedelta(minutes=1))
            uow.requests.add(held)
        uow.commit()
    wanted_first, wanted_after = supporters[24], supporters[12]
    for expected in (wanted_first, wanted_after):
        with make_uow() as uow:
            request = SupportRequest(requester_id=requester_id, mode=Mode.PHONE, scope=Scope.OUTSIDE_TEAM,
                                     urgency=Urgency.SOON, details="x", created_at=at)
            allocate_request(request, uow.staff.get(requester_id), uow, at)
            # Allocating sets last_allocated_at: restore the order so only the month's load moves.
            uow.supporters.get(request.supporter_id).last_allocated_at = at - timedelta(days=100 - 24)
            uow.requests.add(request)
            uow.commit()
        assert request.supporter_id == expected


def test_whether_anyone_meets_at_the_place_reads_past_lists_that_only_look_like_it(identity, make_uow, monkeypatch):
    """SQL finds the place inside a list's JSON text; a longer place can hold that text too."""
    monkeypatch.setattr(candidates, "PLACES_READ", 1)
    look_alike, there = identity.supporter(TEAMS[0]), identity.supporter(TEAMS[1])
    request = SupportRequest(requester_id=identity.register(TEAMS[2]), mode=Mode.IN_PERSON, scope=Scope.ANY,
                             urgency=Urgency.SOON, details="x", created_at=datetime.now(UTC), location="Glasgow Royal")
    with make_uow() as uow:
        uow.supporters.get(look_alike).set_preferences([Mode.IN_PERSON], ['Victoria", "Glasgow Royal'])
        uow.supporters.get(there).set_preferences([Mode.VIDEO], [])
        uow.commit()
    with make_uow() as uow:
        assert uow.supporters.offering(request, uow.staff.get(request.requester_id)) == Offered(True, True, False, True)
        uow.supporters.get(there).set_preferences([Mode.IN_PERSON], ["Glasgow Royal"])
        uow.commit()
    with make_uow() as uow:
        assert uow.supporters.offering(request, uow.staff.get(request.requester_id)) == Offered(True, True, True, True)


def test_whether_anyone_offering_the_mode_is_on_the_side_of_the_team_asked_for(identity, make_uow):
    identity.supporter(TEAMS[0])
    in_team, elsewhere, in_no_team = identity.register(TEAMS[0]), identity.register(TEAMS[1]), identity.register()
    with make_uow() as uow:
        def anyone_in_scope(requester_id: str, scope: Scope) -> bool:
            request = SupportRequest(requester_id=requester_id, mode=Mode.VIDEO, scope=scope, urgency=Urgency.SOON,
                                     details="x", created_at=datetime.now(UTC))
            return uow.supporters.offering(request, uow.staff.get(requester_id)).in_scope

        assert anyone_in_scope(in_team, Scope.WITHIN_TEAM) and not anyone_in_scope(in_team, Scope.OUTSIDE_TEAM)
        assert anyone_in_scope(elsewhere, Scope.OUTSIDE_TEAM) and not anyone_in_scope(elsewhere, Scope.WITHIN_TEAM)
        assert anyone_in_scope(in_no_team, Scope.OUTSIDE_TEAM) and not anyone_in_scope(in_no_team, Scope.WITHIN_TEAM)
        assert anyone_in_scope(elsewhere, Scope.ANY)
