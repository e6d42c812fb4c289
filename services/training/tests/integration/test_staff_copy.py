"""The local copy of staff, kept from identity's events and read through the training record."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from psn_shared.staff_copy import StaffNotYetKnown
from training.events.handlers import HANDLERS
from training.service_layer.reactions import DelegationNotYetKnown


def test_a_person_is_unknown_until_identity_announces_them(client, announce, auth):
    staff_id = str(uuid.uuid4())
    coordinator = auth(str(uuid.uuid4()), "coordinator")
    assert client.get(f"/api/v1/people/{staff_id}", headers=coordinator).status_code == 404
    announce("identity.staff.registered", staff_id, name="Ann Example")
    record = client.get(f"/api/v1/people/{staff_id}", headers=coordinator).json
    assert record == {
        "staff_id": staff_id, "name": "Ann Example", "team_id": None, "grade": "Band 6", "line_manager_id": None,
        "senior_manager_id": None, "status": "active", "roles": ["staff"], "supporter_since": None,
        "completions": [], "nominations": [], "certificates": [], "claims": [],
    }


def test_updates_roles_and_leaving_reach_the_copy(client, announce, register, auth):
    manager, staff_id = register(), register()
    announce("identity.staff.updated", staff_id, line_manager_id=manager, grade="Band 7", changed=["line_manager_id"])
    granted_at = datetime(2026, 11, 1, 10, tzinfo=UTC)
    for role in ("peer_supporter", "wellbeing_champion"):
        announce("identity.role.granted", staff_id, role=role, reason="r", granted_by=None, granted_at=granted_at)
    announce("identity.role.revoked", staff_id, role="wellbeing_champion", reason="r", revoked_by=None,
             revoked_at=granted_at)
    record = client.get(f"/api/v1/people/{staff_id}", headers=auth(manager)).json
    assert (record["line_manager_id"], record["grade"], record["roles"]) == (
        manager, "Band 7", ["peer_supporter", "staff"])
    announce("identity.staff.left", staff_id, left_on=date(2026, 11, 30))
    assert client.get(f"/api/v1/people/{staff_id}", headers=auth(staff_id)).json["status"] == "left"


def test_handlers_are_safe_to_apply_twice_and_ignore_older_news(client, announce, deliver, register, auth):
    manager, staff_id = register(), register()
    update = announce("identity.staff.updated", staff_id, line_manager_id=manager, changed=["line_manager_id"])
    deliver(replace(update, id=str(uuid.uuid4())))  # a duplicate the inbox cannot recognise
    older = replace(update.data, name="Old Name", line_manager_id=None)
    deliver(replace(update, id=str(uuid.uuid4()), data=older, time=update.time - timedelta(seconds=1)))
    record = client.get(f"/api/v1/people/{staff_id}", headers=auth(staff_id)).json
    assert (record["line_manager_id"], record["name"]) == (manager, update.data.name)


def test_a_batch_about_one_person_applies_in_order(client, make_uow, event, auth):
    """The consumer applies a batch in one unit of work: later events see what earlier ones wrote."""
    staff_id = str(uuid.uuid4())
    registered = event("identity.staff.registered", staff_id)
    granted = event("identity.role.granted", staff_id, role="trainer", reason="r", granted_by=None,
                    granted_at=datetime(2026, 11, 1, 10, tzinfo=UTC))
    with make_uow() as uow:
        for each in (registered, replace(registered, id=str(uuid.uuid4())), granted):
            HANDLERS[each.type](each, uow)
        uow.commit()
    assert client.get(f"/api/v1/people/{staff_id}", headers=auth(staff_id)).json["roles"] == ["staff", "trainer"]


def test_news_about_someone_not_yet_registered_is_retried_later(client, announce, auth):
    staff_id = str(uuid.uuid4())
    with pytest.raises(StaffNotYetKnown):
        announce("identity.staff.left", staff_id, left_on=date(2026, 11, 30))
    assert client.get(f"/api/v1/people/{staff_id}", headers=auth(staff_id, "admin")).status_code == 404


def test_a_delegation_is_retried_until_its_delegate_and_its_grant_have_arrived(announce, register):
    manager, delegation_id = register(), str(uuid.uuid4())
    with pytest.raises(DelegationNotYetKnown):
        announce("identity.delegation.ended", manager, delegation_id=delegation_id, manager_id=manager,
                 delegate_id=str(uuid.uuid4()), ended_at=datetime.now(UTC), reason="back early")
    with pytest.raises(StaffNotYetKnown):
        announce("identity.delegation.granted", manager, delegation_id=delegation_id, manager_id=manager,
                 delegate_id=str(uuid.uuid4()), starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30),
                 granted_by=None)


def test_a_training_record_is_read_by_the_person_their_managers_and_coordinators(client, register, auth):
    line, senior = register(), register()
    staff_id = register(line_manager_id=line, senior_manager_id=senior)
    path = f"/api/v1/people/{staff_id}"
    for reader in (auth(staff_id), auth(line), auth(senior), auth(str(uuid.uuid4()), "coordinator")):
        assert client.get(path, headers=reader).status_code == 200
    assert client.get(path, headers=auth(str(uuid.uuid4()), "trainer")).status_code == 403
    assert client.get(path).status_code == 401
