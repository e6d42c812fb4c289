"""Grades on each organisation's own ladder; its Level 2 minimum; its supporters-per-team target, flagged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from psn_shared.errors import Conflict, InvalidInput
from services.training.tests.service_layer.conftest import T0, an_id
from services.training.tests.service_layer.steps import nominate
from training.domain.certificates import Certificate, CertificateStatus
from training.domain.grading import AGENDA_FOR_CHANGE
from training.domain.policy import Policy
from training.domain.staff import Team
from training.service_layer import grading, nominations, reports
from training.service_layer.records import eligibility_for_level_3

COUNCIL = an_id()
COUNCIL_SCALE = ["Scale 1", "Scale 6", "SO1", "SO2", "PO1", "PO2"]


def set_policy(uow, organisation_id: str = COUNCIL, **fields):
    fields = {"grade_ladder": COUNCIL_SCALE, "supporters_per_team": 2, **fields}
    return grading.set_organisation_policy(
        grading.SetOrganisationPolicy(organisation_id=organisation_id, set_by=an_id(), **fields), uow)


@pytest.mark.parametrize(("fields", "field"), [
    ({"grade_ladder": ["SO1", "so 1"]}, "grade_ladder"),
    ({"grade_ladder": [" "]}, "grade_ladder"),
    ({"level_2_min_grade": "Band 5"}, "level_2_min_grade"),
    ({"level_3_min_grade": "Grade X"}, "level_3_min_grade"),
    ({"supporters_per_team": 0}, "supporters_per_team"),
])
def test_a_policy_names_a_ladder_and_minimums_on_it_or_nothing_is_written(uow, fields, field):
    with pytest.raises(InvalidInput) as refused:
        set_policy(uow, **fields)
    assert (refused.value.field, uow.organisation_policies.all(), uow.commits) == (field, [], 0)


def test_an_organisation_without_a_policy_grades_on_agenda_for_change(uow):
    found = grading.organisation_policy(COUNCIL, Policy(), uow)
    assert (found.grade_ladder, found.level_3_min_grade, found.supporters_per_team) == (
        list(AGENDA_FOR_CHANGE), "Band 7", 2)
    assert uow.organisation_policies.all() == []


def test_a_level_2_nominee_below_the_organisation_s_minimum_is_refused(uow, world):
    set_policy(uow, level_2_min_grade="SO1")
    junior = world.person(levels=(1,), grade="Scale 6", organisation_id=COUNCIL)
    with pytest.raises(Conflict, match="grade Scale 6 is below SO1") as refused:
        nominate(uow, junior, level=2)
    assert (refused.value.field, len(uow.nominations)) == ("nominee_id", 0)
    assert nominate(uow, world.person(levels=(1,), grade="so 1", organisation_id=COUNCIL), level=2)
    assert nominate(uow, world.person(levels=(1,), grade="Band 2"), level=2)  # the board sets no minimum


def test_level_3_compares_a_council_grade_on_the_council_s_own_scale(uow, world):
    member = world.person(levels=(1, 2), grade="PO1", organisation_id=COUNCIL,
                          supporter_since=T0 - timedelta(days=400), roles=("staff", "peer_supporter"))
    assert eligibility_for_level_3(member, Policy(), uow).reasons == ["grade PO1 cannot be compared with Band 7"]
    set_policy(uow, level_3_min_grade="SO2")
    assert eligibility_for_level_3(member, Policy(), uow).eligible
    member.grade = "SO1"
    assert eligibility_for_level_3(member, Policy(), uow).reasons == ["grade SO1 is below SO2"]


def test_a_nominee_from_a_well_covered_team_is_flagged_to_the_manager_not_refused(uow, world):
    team = an_id()
    uow.teams.add(Team(id=team, name="Ward 3", service="Medicine", organisation_id=COUNCIL))
    supporters = [world.person(team_id=team, roles=("staff", "peer_supporter"), organisation_id=COUNCIL)
                  for _ in range(2)]
    nominee = world.person(levels=(1,), team_id=team, organisation_id=COUNCIL)
    set_policy(uow, supporters_per_team=2)
    nominate(uow, nominee, level=2)
    told = uow.published[-1].data
    assert (told.team_supporters, told.many_supporters_in_team) == (2, True)
    (listed,) = nominations.awaiting_my_decision(nominee.line_manager_id, uow)
    assert (listed.team_supporters, listed.many_supporters_in_team) == (2, True)
    uow.certificates.add(Certificate(staff_id=supporters[0].staff_id, level=2, completion_id=an_id(),
                                     issued_on=T0.date(), expires_on=T0.date(), status=CertificateStatus.LAPSED))
    (listed,) = nominations.awaiting_my_decision(nominee.line_manager_id, uow)
    assert (listed.team_supporters, listed.many_supporters_in_team) == (1, False)
    report = reports.supporter_coverage(uow)
    assert report["teams"] == [{"team_id": team, "team_name": "Ward 3", "service": "Medicine",
                                "organisation_id": COUNCIL, "supporters": 1, "target": 2, "meets_target": False}]
    assert report["overall"] == {"teams": 1, "meeting_target": 0, "without_supporters": 0}
