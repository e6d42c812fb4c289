"""Organisations, services and teams: a team is announced when created and when it changes."""

from __future__ import annotations

import pytest

from identity.domain.model import Organisation, Service
from identity.service_layer import organisations
from psn_shared.errors import Conflict, InvalidInput
from services.identity.tests.service_layer.fakes import FakeIdentityUnitOfWork


def test_a_team_named_by_service_and_organisation_creates_them_and_is_announced():
    uow = FakeIdentityUnitOfWork()
    team = organisations.create_team(organisations.CreateTeam("Ward 7", service="Acute", organisation="NHS Board"), uow)
    organisation = uow.organisations.by_name("NHS Board")
    assert organisation.kind == "health_board" and uow.services.find(organisation.id, "Acute").id == team.service_id
    [event] = uow.published
    assert event.type == "identity.team.created" and event.subject == team.id
    assert (event.data.name, event.data.organisation_id) == ("Ward 7", organisation.id)
    with pytest.raises(Conflict):
        organisations.create_team(organisations.CreateTeam("Ward 7", service_id=team.service_id), uow)


def test_a_changed_team_is_announced_with_what_changed_and_an_unchanged_one_is_not():
    uow = FakeIdentityUnitOfWork()
    board = Organisation(name="NHS Board", kind="health_board")
    acute, community = Service(name="Acute", organisation_id=board.id), Service(name="Community",
                                                                                organisation_id=board.id)
    uow.organisations.add(board)
    uow.services.add(acute)
    uow.services.add(community)
    team = organisations.create_team(organisations.CreateTeam("Ward 7", service_id=acute.id), uow)
    organisations.update_team(organisations.UpdateTeam(team.id, {"name": "Ward 7", "service_id": community.id}), uow)
    updated = uow.published[-1]
    assert updated.type == "identity.team.updated" and updated.data.changed == ["service", "service_id"]
    assert updated.data.service == "Community"
    organisations.update_team(organisations.UpdateTeam(team.id, {"name": "Ward 7"}), uow)
    assert len(uow.published) == 2 and uow.commits == 3


def test_an_organisation_is_of_a_known_kind_and_named_once():
    uow = FakeIdentityUnitOfWork()
    organisations.create_organisation(organisations.CreateOrganisation("Inverclyde Council", "local_authority"), uow)
    with pytest.raises(Conflict):
        organisations.create_organisation(organisations.CreateOrganisation("Inverclyde Council", "health_board"), uow)
    with pytest.raises(InvalidInput):
        organisations.create_organisation(organisations.CreateOrganisation("A charity", "charity"), uow)
    assert uow.published == []
