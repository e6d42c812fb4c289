"""Every event identity publishes, built from real domain objects, is what the catalogue says and survives the wire."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from identity.domain.enums import RoleEnding, StaffStatus
from identity.domain.hr_import import StaffRecord
from identity.domain.model import Delegation, Staff, Team, new_id
from identity.domain.signposting import HelpSource
from identity.domain.supporter_hours import HoursActor, HoursChange, agree_raise, change_hours, decline_raise
from identity.domain.tokens import PasswordReset
from identity.events import published
from psn_shared.events import Envelope, NewEvent
from psn_shared.roles import Role

NOW = datetime(2026, 11, 1, 9, tzinfo=UTC)


def member() -> Staff:
    ann = Staff(employee_number="E1", name="Ann Example", email="ann@example.org", team_id=new_id(),
                grade="Band 6", line_manager_id=new_id(), organisation_id=new_id(), job_title="Staff Nurse",
                start_date=date(2021, 3, 1))
    ann.grant_role("peer_supporter", reason="Level 2", at=NOW, monthly_hours=4)
    return ann


def help_source(**overrides: object) -> HelpSource:
    return HelpSource(name="Occupational Health", kind="occupational_health", for_whom="all staff",
                      hours="9 to 5, weekdays", updated_at=NOW, phone="0141 201 0000", organisation_id=new_id(),
                      **overrides)


def leaver() -> Staff:
    ann = member()
    ann.leave(date(2026, 11, 30), NOW, new_id(), "retired")
    return ann


def record() -> StaffRecord:
    return StaffRecord(
        id=new_id(), organisation_id=new_id(), employee_number="E2", status=StaffStatus.ACTIVE, name="Bo",
        email="bo@example.org", job_title=None, grade="Band 5", team_id=None, line_manager_id=new_id(),
        senior_manager_id=None, start_date=None,
    )


def hours_actor(*posts: Role, coordinator: bool = False) -> HoursActor:
    return HoursActor(staff_id=new_id(), is_supporter=False, posts=frozenset(posts), is_coordinator=coordinator,
                      holders={Role.LINE_MANAGER: new_id(), Role.SENIOR_MANAGER: None})


def hours_lowered() -> HoursChange:
    return change_hours(member().role_grants[0], 2, actor=hours_actor(Role.LINE_MANAGER), reason="new job", at=NOW)


def raise_proposed() -> HoursChange:
    return change_hours(member().role_grants[0], 6, actor=hours_actor(Role.LINE_MANAGER), reason=None, at=NOW)


def raise_agreed() -> HoursChange:
    grant = member().role_grants[0]
    proposed = change_hours(grant, 6, actor=hours_actor(Role.LINE_MANAGER), reason=None, at=NOW)
    return agree_raise(grant, proposed.id, actor=hours_actor(coordinator=True), at=NOW + timedelta(hours=1))


def raise_declined(reason: str | None) -> NewEvent:
    grant = member().role_grants[0]
    proposed = change_hours(grant, 6, actor=hours_actor(Role.LINE_MANAGER), reason=None, at=NOW)
    declined = decline_raise(grant, proposed.id, actor=hours_actor(Role.SENIOR_MANAGER), reason=reason,
                             at=NOW + timedelta(hours=1))
    return published.supporter_hours_raise_declined(declined, grant.monthly_hours)


def team() -> Team:
    return Team(name="Ward 7", service="Acute", organisation="NHS Board", service_id=new_id(), organisation_id=new_id())


def delegation() -> Delegation:
    return Delegation(manager_id=new_id(), delegate_id=new_id(), starts_on=date(2026, 11, 1),
                      ends_on=date(2026, 11, 14), reason="annual leave", created_by=new_id())


def ended_delegation() -> Delegation:
    ended = delegation()
    ended.end(reason="back early", ended_by=ended.manager_id, at=NOW)
    return ended


def revoked_grant():
    ann = member()
    return ann.revoke_role("peer_supporter", reason="under review", ending=RoleEnding.SUSPENDED, at=NOW,
                           revoked_by=new_id())


def reset_for(ann: Staff) -> PasswordReset:
    return PasswordReset(staff_id=ann.id, token_hash="0" * 64, created_at=NOW, expires_at=NOW + timedelta(minutes=30))


def password_reset() -> NewEvent:
    ann = member()
    return published.password_reset_requested(ann, reset_for(ann), "https://psn.test/reset#token=secret")


def welcome() -> NewEvent:
    ann = member()
    return published.staff_welcomed(ann, reset_for(ann), "https://psn.test/reset#token=secret")


def champion_grant():
    ann = member()
    return ann.grant_role("wellbeing_champion", reason="appointed by their manager", at=NOW, granted_by=new_id())


def leaver_champion():
    ann = member()
    ann.grant_role("wellbeing_champion", reason="appointed", at=NOW)
    return next(g for g in ann.leave(date(2026, 11, 30), NOW, new_id(), "retired") if g.champion_of)


def champion_ended():
    ann = member()
    ann.grant_role("wellbeing_champion", reason="appointed", at=NOW)
    ann.update({"team_id": new_id()})
    return ann.end_championship_elsewhere(NOW, None)


BUILDERS: dict[str, list[Callable[[], NewEvent]]] = {
    "team_created": [lambda: published.team_created(team())],
    "team_updated": [lambda: published.team_updated(team(), {"name"})],
    "staff_registered": [lambda: published.staff_registered(member()),
                         lambda: published.staff_registered(record())],
    "staff_updated": [lambda: published.staff_updated(member(), ["team_id", "grade"]),
                      lambda: published.staff_updated(record(), {"grade": "Band 5"})],
    "staff_left": [lambda: published.staff_left(leaver(), "retired")],
    "staff_reinstated": [lambda: published.staff_reinstated(member())],
    "password_reset_requested": [password_reset],
    "staff_welcomed": [welcome],
    "role_granted": [lambda: published.role_granted(member().role_grants[0])],
    "supporter_hours_changed": [lambda: published.supporter_hours_changed(hours_lowered()),
                                lambda: published.supporter_hours_changed(raise_agreed())],
    "supporter_hours_raise_proposed": [lambda: published.supporter_hours_raise_proposed(raise_proposed(), new_id()),
                                       lambda: published.supporter_hours_raise_proposed(raise_proposed(), None)],
    "supporter_hours_raise_declined": [lambda: raise_declined("not this quarter"), lambda: raise_declined(None)],
    "role_revoked": [lambda: published.role_revoked(revoked_grant())],
    "champion_appointed": [lambda: published.champion_appointed(champion_grant())],
    "champion_ended": [lambda: published.champion_ended(champion_ended()),
                       lambda: published.champion_ended(leaver_champion())],
    "grant_started": [lambda: published.grant_started(champion_grant())[1]],
    "grant_ended": [lambda: published.grant_ended(champion_ended())[1]],
    "delegation_granted": [lambda: published.delegation_granted(delegation())],
    "delegation_ended": [lambda: published.delegation_ended(ended_delegation())],
    "help_source_published": [lambda: published.help_source_published(help_source())],
    "help_source_changed": [lambda: published.help_source_changed(help_source(), ["hours"]),
                            lambda: published.help_source_changed(help_source(active=False), ["active"])],
}
CASES = [(name, build) for name, builders in BUILDERS.items() for build in builders]


def test_every_function_in_published_is_exercised():
    functions = {name for name, f in inspect.getmembers(published, inspect.isfunction)
                 if f.__module__ == published.__name__ and not name.startswith("_")}
    assert functions == set(BUILDERS)


@pytest.mark.parametrize(("name", "build"), CASES, ids=[f"{name}-{n}" for n, (name, _) in enumerate(CASES)])
def test_an_event_is_valid_and_survives_the_wire(name, build):
    event = build()
    envelope = Envelope.of(event, source="t")
    assert envelope.type.startswith("identity.") and envelope.subject
    again = Envelope.from_json(envelope.to_json())
    assert (again.type, again.subject, again.data) == (envelope.type, envelope.subject, envelope.data)


def test_a_snapshot_carries_the_whole_record_and_the_roles_held():
    ann = member()
    data = Envelope.of(published.staff_registered(ann), source="t").data
    assert (data.staff_id, data.start_date, data.job_title) == (ann.id, date(2021, 3, 1), "Staff Nurse")
    assert data.roles == ["peer_supporter", "staff"] and data.status == "active"
    imported = Envelope.of(published.staff_registered(record()), source="t").data
    assert imported.roles == ["staff"]


def test_a_leaver_is_announced_with_the_day_and_the_reason():
    data = Envelope.of(published.staff_left(leaver(), "retired"), source="t").data
    assert (data.left_on, data.reason) == (date(2026, 11, 30), "retired")


def test_a_champion_granted_or_ended_is_announced_with_their_team_and_other_roles_without():
    grant = champion_grant()
    started = [e.type for e in published.grant_started(grant)]
    assert started == ["identity.role.granted", "identity.champion.appointed"]
    assert Envelope.of(published.champion_appointed(grant), source="t").data.team_id == grant.team_id
    ended = champion_ended()
    assert [e.type for e in published.grant_ended(ended)] == ["identity.role.revoked", "identity.champion.ended"]
    assert Envelope.of(published.champion_ended(leaver_champion()), source="t").data.ending == "left"
    assert [e.type for e in published.grant_ended(revoked_grant())] == ["identity.role.revoked"]
