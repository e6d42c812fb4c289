import uuid

from psn_shared.events import NewEvent
from psn_shared.events.contracts import TeamCreated
from psn_shared.testing.fakes import FakeUnitOfWork


def team_created() -> NewEvent:
    return NewEvent("identity.team.created", TeamCreated(team_id=str(uuid.uuid4()), name="Ward 1",
                                                         service="Acute", organisation="NHSGGC"))


def test_the_fake_unit_of_work_publishes_only_what_it_commits():
    uow = FakeUnitOfWork()
    with uow:
        uow.publish(team_created())
        uow.commit()
    with uow:
        uow.publish(team_created())
    assert uow.published_types() == ["identity.team.created"]
    assert uow.commits == 1


def test_the_fake_checks_payloads_against_the_catalogue_as_the_real_one_does():
    uow = FakeUnitOfWork()
    envelope = uow.publish(team_created())
    assert envelope.data.name == "Ward 1"
