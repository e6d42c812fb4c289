from datetime import UTC, datetime

from psn_shared.auth import Principal
from sessions.domain import policy
from sessions.domain.model import Mode, Scope, SupportRequest, Urgency

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)


def caller(staff_id: str, *roles: str) -> Principal:
    return Principal(staff_id=staff_id, roles=frozenset(("staff", *roles)))


def test_only_the_requester_the_supporter_and_the_coordinator_see_a_request():
    request = SupportRequest(requester_id="ann", mode=Mode.PHONE, scope=Scope.ANY, urgency=Urgency.SOON,
                             details="x", created_at=NOW)
    request.allocate("sue", NOW)
    assert policy.may_see_request(request, caller("ann"))
    assert policy.may_see_request(request, caller("sue"))
    assert policy.may_see_request(request, caller("anyone", "coordinator"))
    assert not policy.may_see_request(request, caller("ann's manager"))
    assert not policy.may_see_request(request, caller("anyone", "admin"))


def test_a_list_holds_the_callers_own_requests_and_the_coordinators_all():
    assert policy.requests_involving(caller("ann")) == "ann"
    assert policy.requests_involving(caller("ann", "admin")) == "ann"
    assert policy.requests_involving(caller("cleo", "coordinator")) is None


def test_a_profile_is_for_the_supporter_and_those_who_run_the_network():
    assert policy.may_see_supporter("sue", caller("sue"))
    assert policy.may_see_supporter("sue", caller("adam", "admin"))
    assert policy.may_see_supporter("sue", caller("cleo", "coordinator"))
    assert not policy.may_see_supporter("sue", caller("ann"))


def test_preferences_are_for_the_supporter_and_the_coordinator_alone():
    assert policy.may_manage_preferences("sue", caller("sue"))
    assert policy.may_manage_preferences("sue", caller("cleo", "coordinator"))
    assert not policy.may_manage_preferences("sue", caller("adam", "admin"))
    assert not policy.may_manage_preferences("sue", caller("ann"))
