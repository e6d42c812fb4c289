"""Registering, editing, leavers and returners: what changes, what is announced, what is committed."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from identity.domain.tokens import RefreshToken
from identity.service_layer import auth, staff
from psn_shared.auth import Principal
from psn_shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from services.identity.tests.service_layer.fakes import FakeIdentityUnitOfWork, person

NOW = datetime(2026, 11, 1, tzinfo=UTC)
COORDINATOR = Principal(str(uuid.uuid4()), frozenset({"staff", "coordinator"}))


def test_registering_announces_the_whole_record_and_commits():
    uow = FakeIdentityUnitOfWork()
    boss = person(uow)
    member = staff.register_staff(staff.RegisterStaff(
        employee_number="E9", name="Ann", email="Ann@PSN.test", line_manager_id=boss.id, start_date=date(2021, 3, 1),
    ), uow)
    assert uow.staff.get(member.id) is member and uow.commits == 1
    [event] = uow.published
    assert event.type == "identity.staff.registered" and event.subject == member.id
    assert (event.data.email, event.data.line_manager_id, event.data.roles) == ("ann@psn.test", boss.id, ["staff"])


WELCOME = auth.PasswordLink("https://psn.test/reset-password#token=", timedelta(days=7))


def test_someone_registered_without_a_password_is_welcomed_with_a_link_that_sets_their_first_once():
    uow = FakeIdentityUnitOfWork()
    before = datetime.now(UTC)
    member = staff.register_staff(staff.RegisterStaff(
        employee_number="E9", name="Nia Newcomer", email="nia@psn.test", welcome=WELCOME), uow)
    assert uow.published_types() == ["identity.staff.registered", "identity.staff.welcomed"] and uow.commits == 1
    welcomed = uow.published[1]
    assert welcomed.subject == member.id
    assert (welcomed.data.staff_id, welcomed.data.name, welcomed.data.email) == (member.id, "Nia Newcomer",
                                                                                 "nia@psn.test")
    assert before + WELCOME.ttl <= welcomed.data.expires_at <= datetime.now(UTC) + WELCOME.ttl
    token = welcomed.data.set_password_url.removeprefix(WELCOME.link)
    [kept] = uow.password_resets
    assert token and token not in kept.token_hash and kept.expires_at == welcomed.data.expires_at

    auth.reset_password(auth.ResetPassword(token, "nia-chose-this-one"), uow)
    assert member.password_hash is not None
    with pytest.raises(InvalidInput) as again:
        auth.reset_password(auth.ResetPassword(token, "someone-else-tries"), uow)
    assert again.value.field == "token"


def test_someone_given_a_password_or_registered_without_a_welcome_is_not_sent_a_link():
    uow = FakeIdentityUnitOfWork()
    staff.register_staff(staff.RegisterStaff(
        employee_number="E1", name="Given", email="given@psn.test", password="a-long-password", welcome=WELCOME), uow)
    staff.register_staff(staff.RegisterStaff(employee_number="E2", name="Bootstrap", email="b@psn.test"), uow)
    assert uow.published_types() == ["identity.staff.registered"] * 2
    assert list(uow.password_resets) == []


def test_the_welcome_sent_again_has_a_fresh_link_and_the_one_sent_before_stops_working():
    uow = FakeIdentityUnitOfWork()
    member = staff.register_staff(staff.RegisterStaff(
        employee_number="E9", name="Nia Newcomer", email="nia@psn.test", welcome=WELCOME), uow)
    again = staff.welcome_again(staff.WelcomeAgain(member.id, WELCOME), uow)
    assert again is member and uow.commits == 2
    first, second = (e for e in uow.published if e.type == "identity.staff.welcomed")
    assert first.id != second.id and second.subject == member.id and second.data.email == "nia@psn.test"
    old, new = (e.data.set_password_url.removeprefix(WELCOME.link) for e in (first, second))
    assert old != new
    with pytest.raises(InvalidInput):
        auth.reset_password(auth.ResetPassword(old, "from-the-lapsed-link"), uow)
    auth.reset_password(auth.ResetPassword(new, "from-the-newest-link"), uow)
    assert member.has_password


def test_someone_the_hr_import_registered_is_sent_a_first_welcome():
    uow = FakeIdentityUnitOfWork()
    imported = person(uow, name="Ivor Imported")
    staff.welcome_again(staff.WelcomeAgain(imported.id, WELCOME), uow)
    assert uow.published_types() == ["identity.staff.welcomed"] and len(uow.password_resets) == 1
    assert uow.held == [imported]  # locked, so two sent at once leave only the newest link working


@pytest.mark.parametrize(("fields", "field"), [
    ({"password_hash": "$argon2id$chosen"}, None),
    ({"status": "left"}, "status"),
])
def test_someone_with_a_password_or_who_left_is_not_welcomed_again_and_nothing_changes(fields, field):
    uow = FakeIdentityUnitOfWork()
    member = person(uow, **fields)
    with pytest.raises(Conflict) as refused:
        staff.welcome_again(staff.WelcomeAgain(member.id, WELCOME), uow)
    assert refused.value.field == field
    assert uow.published == [] and uow.pending_types() == [] and list(uow.password_resets) == [] and uow.commits == 0


def test_nobody_unknown_is_welcomed():
    with pytest.raises(NotFound):
        staff.welcome_again(staff.WelcomeAgain(str(uuid.uuid4()), WELCOME), FakeIdentityUnitOfWork())


@pytest.mark.parametrize(("fields", "error", "field"), [
    ({"email": "taken@psn.test"}, Conflict, "email"),
    ({"line_manager_id": "nobody"}, InvalidInput, "line_manager_id"),
    ({"team_id": "no-such-team"}, InvalidInput, "team_id"),
])
def test_a_refused_registration_announces_nothing(fields, error, field):
    uow = FakeIdentityUnitOfWork()
    person(uow, email="taken@psn.test")
    with pytest.raises(error) as refused:
        staff.register_staff(staff.RegisterStaff(**{"employee_number": "E9", "name": "X", "email": "x@psn.test",
                                                    **fields}), uow)
    assert refused.value.field == field
    assert uow.published == [] and uow.pending_types() == [] and uow.commits == 0


def test_a_move_and_a_contact_edit_are_announced_with_what_changed():
    uow = FakeIdentityUnitOfWork()
    member = person(uow, grade="Band 5")
    staff.update_staff(staff.UpdateStaff(member.id, {"grade": "Band 6", "phone": "0141 000 0000"}, COORDINATOR), uow)
    assert uow.published[0].type == "identity.staff.updated"
    own = Principal(member.id, frozenset({"staff"}))
    staff.update_staff(staff.UpdateStaff(member.id, {"preferred_name": "Annie"}, own), uow)
    assert member.preferred_name == "Annie" and uow.commits == 2
    assert [e.data.changed for e in uow.published] == [["grade", "phone"], ["preferred_name"]]


def test_staff_may_not_move_themselves_and_nobody_closes_a_loop_of_line_management():
    uow = FakeIdentityUnitOfWork()
    boss = person(uow)
    report = person(uow, line_manager_id=boss.id)
    with pytest.raises(Forbidden):
        staff.update_staff(staff.UpdateStaff(report.id, {"grade": "Band 9"}, Principal(report.id, frozenset())), uow)
    with pytest.raises(InvalidInput) as loop:
        staff.update_staff(staff.UpdateStaff(boss.id, {"line_manager_id": report.id}, COORDINATOR), uow)
    assert loop.value.field == "line_manager_id" and uow.commits == 0


def test_a_leaver_loses_every_role_and_login_each_announced_then_returns_without_them():
    uow = FakeIdentityUnitOfWork()
    member = person(uow)
    member.grant_role("facilitator", reason="runs groups", at=NOW)
    token = RefreshToken(
        staff_id=member.id, family_id="f", token_hash="h", issued_at=NOW, expires_at=NOW, family_started_at=NOW
    )
    uow.refresh_tokens.add(token)
    staff.leave(staff.LeaveStaff(member.id, date(2026, 11, 30), "retired", COORDINATOR.staff_id), uow)
    assert uow.published_types() == ["identity.role.revoked", "identity.staff.left"]
    revoked, left = (e.data for e in uow.published)
    assert (revoked.role, revoked.ending, revoked.reason) == ("facilitator", "left", "retired")
    assert (left.left_on, left.reason) == (date(2026, 11, 30), "retired")
    assert token.revoked_at is not None and member.held_roles() == set()
    with pytest.raises(Conflict):
        staff.leave(staff.LeaveStaff(member.id, None, "again", None), uow)
    staff.reinstate(staff.ReinstateStaff(member.id), uow)
    back = uow.published[-1]
    assert back.type == "identity.staff.reinstated" and back.data.roles == ["staff"] and back.data.status == "active"
