"""identity's news keeps the local copy: last writer wins on the event's time; news before the record is retried."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psn_shared.staff_copy import StaffNotYetKnown
from services.notifications.tests.service_layer.fakes import FakeNotificationsUnitOfWork
from services.notifications.tests.service_layer.support import (
    T0,
    handle,
    identity,
    left,
    new_id,
    person,
    role_granted,
    role_revoked,
    snapshot,
)


@pytest.fixture
def uow() -> FakeNotificationsUnitOfWork:
    return FakeNotificationsUnitOfWork()


def test_a_registration_makes_the_copy_with_the_address_roles_and_time(uow):
    manager_id = new_id()
    data = snapshot("Ann Smith", roles=("coordinator",), line_manager_id=manager_id)
    handle(uow, identity("staff.registered", data, T0))
    ann = uow.staff.get(data["staff_id"])
    assert (ann.name, ann.email, ann.line_manager_id, ann.roles, ann.as_of, ann.active) == (
        "Ann Smith", "ann.smith@psn.test", manager_id, ["coordinator", "staff"], T0, True,
    )
    assert uow.inbox.items == {} and uow.deliveries.items == {}


def test_a_newer_update_overwrites_the_copy_and_an_older_one_changes_nothing(uow):
    data = snapshot("Ann Smith")
    handle(uow, identity("staff.registered", data, T0))
    handle(uow, identity("staff.updated", {**data, "email": "ann@new.test", "changed": ["email"]},
                         T0 + timedelta(minutes=5)))
    handle(uow, identity("staff.updated", {**data, "email": "ann@old.test", "changed": ["email"]},
                         T0 + timedelta(minutes=1)))
    ann = uow.staff.get(data["staff_id"])
    assert (ann.email, ann.as_of) == ("ann@new.test", T0 + timedelta(minutes=5))


def test_a_leaver_is_marked_left_and_a_later_reinstatement_brings_them_back(uow):
    ann = person(uow, "Ann Smith")
    handle(uow, left(ann.staff_id, T0))
    assert not ann.active
    handle(uow, identity("staff.reinstated", snapshot("Ann Smith", staff_id=ann.staff_id), T0 + timedelta(days=1)))
    assert ann.active


def test_a_leaving_older_than_the_copy_changes_nothing(uow):
    ann = person(uow, "Ann Smith")
    handle(uow, left(ann.staff_id, T0 - timedelta(days=1)))
    assert ann.active


def test_roles_follow_grants_and_revocations_in_the_order_identity_made_them(uow):
    ann = person(uow, "Ann Smith")
    handle(uow, role_granted(ann.staff_id, "coordinator", time=T0))
    assert ann.roles == ["coordinator", "staff"]
    handle(uow, role_revoked(ann.staff_id, "coordinator", time=T0 + timedelta(minutes=1)))
    assert ann.roles == ["staff"]
    # A grant made before the revocation that arrives after it is older news: the role stays revoked.
    handle(uow, role_granted(ann.staff_id, "coordinator", time=T0))
    assert ann.roles == ["staff"]


def test_a_role_ending_as_its_holder_leaves_tells_nobody(uow):
    ann = person(uow, "Ann Smith", roles=("trainer",))
    handle(uow, role_revoked(ann.staff_id, "trainer", ending="left"))
    assert ann.roles == ["staff"]
    assert uow.inbox.items == {} and uow.deliveries.items == {} and uow.notified == set()


@pytest.mark.parametrize("news", [
    lambda staff_id: left(staff_id),
    lambda staff_id: role_granted(staff_id, "trainer"),
    lambda staff_id: role_revoked(staff_id, "trainer"),
], ids=["left", "granted", "revoked"])
def test_news_of_someone_not_registered_here_yet_is_retried(uow, news):
    with pytest.raises(StaffNotYetKnown):
        handle(uow, news(new_id()))
    assert uow.staff.items == {} and uow.inbox.items == {} and uow.commits == 0
