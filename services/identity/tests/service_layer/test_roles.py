"""Roles granted and ended by people under the policy, and by training's completions (the event reaction)."""

from __future__ import annotations

import uuid

import pytest

from identity.domain.enums import RoleEnding
from identity.events.handlers import HANDLERS
from identity.service_layer import roles
from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden
from psn_shared.events import Envelope
from services.identity.tests.service_layer.fakes import FakeIdentityUnitOfWork, person
from services.identity.tests.training_events import BOTH, level_completed

COORDINATOR = Principal(str(uuid.uuid4()), frozenset({"staff", "coordinator"}))


def deliver(event: Envelope, uow: FakeIdentityUnitOfWork) -> None:
    HANDLERS[event.type](event, uow)


def test_level_2_makes_a_peer_supporter_once_and_leaves_the_commit_to_the_consumer():
    uow = FakeIdentityUnitOfWork()
    member = person(uow)
    deliver(level_completed(member.id), uow)
    deliver(level_completed(member.id), uow)
    assert uow.pending_types() == ["identity.role.granted"] and uow.commits == 0
    [grant] = member.role_grants
    assert (grant.role, grant.monthly_hours, grant.granted_by) == ("peer_supporter", 4, None)


def test_without_hours_on_the_completion_the_smaller_approval_counts():
    uow = FakeIdentityUnitOfWork()
    member = person(uow)
    deliver(level_completed(member.id, monthly_hours=None), uow)
    assert member.role_grants[0].monthly_hours == 3


@pytest.mark.parametrize("case", ["one endorsement", "left"])
def test_no_role_without_both_endorsements_or_for_a_leaver(case):
    uow = FakeIdentityUnitOfWork()
    member = person(uow, status="left" if case == "left" else "active")
    deliver(level_completed(member.id, endorsed_by=["line_manager"] if case == "one endorsement" else BOTH), uow)
    assert member.role_grants == [] and uow.pending_types() == []


def test_level_3_makes_a_trainer():
    uow = FakeIdentityUnitOfWork()
    member = person(uow)
    deliver(level_completed(member.id, level=3), uow)
    assert [g.role for g in member.role_grants] == ["trainer"]


def test_a_coordinator_suspends_a_peer_supporter_and_lifts_it_with_the_same_hours():
    uow = FakeIdentityUnitOfWork()
    member = person(uow)
    deliver(level_completed(member.id), uow)
    with pytest.raises(Conflict):
        roles.grant_by_person(roles.GrantRole(member.id, "peer_supporter", "again", COORDINATOR), uow)
    roles.end_by_person(roles.EndRole(member.id, "peer_supporter", "under review", RoleEnding.SUSPENDED,
                                      COORDINATOR), uow)
    revoked = uow.published[-1]
    assert revoked.type == "identity.role.revoked" and revoked.data.ending == "suspended"
    lifted = roles.grant_by_person(roles.GrantRole(member.id, "peer_supporter", "review closed", COORDINATOR), uow)
    assert lifted.monthly_hours == 4 and uow.published[-1].data.granted_by == COORDINATOR.staff_id


def test_a_line_manager_appoints_a_champion_among_their_reports_only():
    uow = FakeIdentityUnitOfWork()
    boss = person(uow)
    ward = str(uuid.uuid4())
    report, stranger = person(uow, line_manager_id=boss.id, team_id=ward), person(uow, team_id=ward)
    manager = Principal(boss.id, frozenset({"staff", "line_manager"}))
    roles.grant_by_person(roles.GrantRole(report.id, "wellbeing_champion", "appointed", manager), uow)
    assert uow.published_types() == ["identity.role.granted", "identity.champion.appointed"]
    with pytest.raises(Forbidden):
        roles.grant_by_person(roles.GrantRole(stranger.id, "wellbeing_champion", "appointed", manager), uow)


def test_the_first_administrator_is_made_once():
    uow = FakeIdentityUnitOfWork()
    roles.ensure_administrator("admin@psn.test", "admin-password-123", uow)
    roles.ensure_administrator("admin@psn.test", "admin-password-123", uow)
    assert uow.published_types() == ["identity.staff.registered", "identity.role.granted"]
    assert uow.staff.by_email("admin@psn.test").held_roles() == {"staff", "admin"}
