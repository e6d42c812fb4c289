"""The competence framework through the use cases: added in order, edited field by field, retired."""

from __future__ import annotations

import pytest

from psn_shared.errors import Conflict, InvalidInput, NotFound
from training.service_layer import framework


def test_competences_are_added_in_order_once_per_code(uow):
    first = framework.add_competence(framework.AddCompetence(level=2, code="L2.1", title="PFA"), uow)
    second = framework.add_competence(framework.AddCompetence(level=2, code="L2.2", title="Listening"), uow)
    assert (first.position, second.position, uow.commits) == (1, 2, 2)
    with pytest.raises(Conflict):
        framework.add_competence(framework.AddCompetence(level=2, code="L2.1", title="Again"), uow)
    with pytest.raises(NotFound):
        framework.add_competence(framework.AddCompetence(level=4, code="L4.1", title="No such level"), uow)
    levels = framework.levels(uow)
    assert [(lv["level"], lv["prerequisite"], [c.code for c in lv["competences"]]) for lv in levels] == [
        (1, None, []), (2, 1, ["L2.1", "L2.2"]), (3, 2, [])]


def test_an_edit_changes_only_what_it_names_and_a_retired_competence_stays_listed(uow):
    competence = framework.add_competence(framework.AddCompetence(level=2, code="L2.1", title="PFA",
                                                                  description="Look, listen, link"), uow)
    framework.edit_competence(framework.EditCompetence(competence.id, title="Psychological First Aid"), uow)
    framework.edit_competence(framework.EditCompetence(competence.id, retired=True), uow)
    assert (competence.title, competence.description, competence.retired) == (
        "Psychological First Aid", "Look, listen, link", True)
    assert uow.competences.for_level(2) == []
    assert uow.competences.for_level(2, include_retired=True) == [competence]
    with pytest.raises(InvalidInput):
        framework.edit_competence(framework.EditCompetence(competence.id), uow)
    with pytest.raises(NotFound):
        framework.edit_competence(framework.EditCompetence("nope", title="x"), uow)
    assert uow.published == []
