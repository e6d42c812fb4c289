from datetime import UTC, date, datetime, timedelta

import pytest

from identity.domain.model import Delegation, Staff, SupporterAvailability, line_management_cycle, people_in_cycles
from identity.domain.policy import GRANTED_BY, REVOKED_BY, check_may_change_role
from identity.domain.tokens import PasswordReset, RefreshToken, digest, new_secret
from psn_shared.errors import Conflict, Forbidden, InvalidInput

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_line_management_loop_is_found_however_long():
    managers = {"b": "a", "c": "b", "a": None}
    assert line_management_cycle("a", "c", managers.get)
    assert not line_management_cycle("c", "a", managers.get)
    assert people_in_cycles({"a": "b", "b": "c", "c": "a", "d": "a", "e": None}) == {"a", "b", "c"}
    assert people_in_cycles({"a": None, "b": "a"}) == set()


def test_leaving_ends_every_role_and_keeps_the_history():
    ann = Staff(employee_number="E1", name="Ann", email="ann@x.org", team_id="ward-7")
    ann.grant_role("peer_supporter", reason="L2", at=NOW, monthly_hours=4)
    ann.grant_role("wellbeing_champion", reason="appointed", at=NOW)
    ended = ann.leave(date(2026, 11, 30), NOW, "admin-id", "resigned")
    assert {g.role for g in ended} == {"peer_supporter", "wellbeing_champion"}
    assert {g.ending for g in ended} == {"left"}
    assert ann.held_roles() == set() and len(ann.role_grants) == 2
    with pytest.raises(Conflict):
        ann.leave(date(2026, 12, 1), NOW, None, "again")
    ann.reinstate()
    assert ann.held_roles() == {"staff"} and ann.left_on is None


def test_a_champion_is_one_for_their_team_and_moving_out_of_it_ends_that():
    loner = Staff(employee_number="E2", name="Lone", email="lone@x.org")
    with pytest.raises(Conflict) as refused:
        loner.grant_role("wellbeing_champion", reason="appointed", at=NOW)
    assert refused.value.field == "role"
    ann = Staff(employee_number="E1", name="Ann", email="ann@x.org", team_id="ward-7")
    grant = ann.grant_role("wellbeing_champion", reason="appointed", at=NOW)
    assert grant.champion_of == "ward-7"
    assert ann.end_championship_elsewhere(NOW, None) is None  # still in the team
    ann.update({"team_id": "ward-8"})
    ended = ann.end_championship_elsewhere(NOW, "admin-id")
    assert (ended, ended.ending, ended.team_id) == (grant, "left_team", "ward-7")
    assert "wellbeing_champion" not in ann.held_roles()


def test_a_supporter_is_available_once_activated_since_the_grant_and_not_lapsed_since():
    ann = Staff(employee_number="E1", name="Ann", email="ann@x.org", team_id="ward-7")
    grant = ann.grant_role("peer_supporter", reason="L2", at=NOW, monthly_hours=4)
    known = SupporterAvailability(staff_id=ann.id)
    assert not known.available(grant)
    known.activated(NOW - timedelta(days=1))  # an activation before this grant says nothing about it
    assert not known.available(grant)
    known.activated(NOW + timedelta(minutes=1))
    assert known.available(grant) and not known.available(None)
    known.lapsed(NOW + timedelta(days=30))
    known.activated(NOW)  # late news changes nothing
    assert not known.available(grant)
    known.activated(NOW + timedelta(days=31))
    assert known.available(grant)


def test_update_reports_only_what_changed():
    ann = Staff(employee_number="E1", name="Ann", email="ann@x.org", grade="Band 5")
    assert ann.update({"grade": "Band 5", "name": "Ann B"}) == ["name"]
    with pytest.raises(InvalidInput):
        ann.update({"line_manager_id": ann.id})


def test_a_delegation_covers_its_days_and_nobody_delegates_to_themselves():
    d = Delegation(manager_id="m", delegate_id="d", starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 14),
                   reason="leave")
    assert d.in_force(date(2026, 1, 1)) and d.in_force(date(2026, 1, 14)) and not d.in_force(date(2026, 1, 15))
    with pytest.raises(InvalidInput):
        Delegation(manager_id="m", delegate_id="m", starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 2), reason="x")
    with pytest.raises(InvalidInput):
        Delegation(manager_id="m", delegate_id="d", starts_on=date(2026, 1, 2), ends_on=date(2026, 1, 1), reason="x")


@pytest.mark.parametrize(
    ("role", "actor_roles", "manages", "allowed"),
    [
        ("wellbeing_champion", {"staff"}, True, True),
        ("wellbeing_champion", {"staff"}, False, False),
        ("facilitator", {"staff"}, True, False),
        ("facilitator", {"coordinator"}, False, True),
        ("coordinator", {"coordinator"}, False, False),
        ("admin", {"admin"}, False, True),
    ],
)
def test_who_may_grant_which_role(role, actor_roles, manages, allowed):
    def check():
        check_may_change_role(GRANTED_BY, role, actor_id="a", actor_roles=frozenset(actor_roles), staff_id="s",
                              manages_them=manages)

    if allowed:
        check()
    else:
        with pytest.raises(Forbidden):
            check()


def test_nobody_changes_their_own_roles_not_even_an_admin():
    for rules in (GRANTED_BY, REVOKED_BY):
        with pytest.raises(Forbidden):
            check_may_change_role(rules, "admin", actor_id="a", actor_roles=frozenset({"admin"}), staff_id="a",
                                  manages_them=False)


def test_only_hashes_of_secrets_are_kept_and_tokens_expire_or_spend():
    secret, token_hash = new_secret()
    assert token_hash == digest(secret) and secret not in token_hash
    token = RefreshToken(staff_id="s", family_id="f", token_hash=token_hash, issued_at=NOW,
                         expires_at=NOW + timedelta(hours=1), family_started_at=NOW)
    assert token.usable(NOW) and not token.usable(NOW + timedelta(hours=1))
    token.used_at = NOW
    assert not token.usable(NOW)
    reset = PasswordReset(staff_id="s", token_hash=token_hash, created_at=NOW, expires_at=NOW + timedelta(minutes=30))
    assert reset.usable(NOW) and not reset.usable(NOW + timedelta(minutes=31))
