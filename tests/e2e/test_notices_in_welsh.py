"""Notices across the services in each person's language: a senior manager who reads Welsh hears at once, in
Welsh, that a nomination awaits them as soon as the line manager approves; a nominee who chose both languages
hears of the approval in one message, Welsh first."""

from __future__ import annotations

import uuid

import pytest

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network, Person

pytestmark = pytest.mark.e2e


def choose_language(network: Network, person: Person, language: str) -> None:
    network.call("PUT", "notifications", "/api/v1/preferences", who=person, json={"language": language})


def told(network: Network, person: Person, subject_start: str) -> dict:
    return wait_for(lambda: next((e for e in network.inbox(person) if e["subject"].startswith(subject_start)), None),
                    timeout=30, what=f"{person.email} told {subject_start!r}")


def test_a_nomination_reaches_each_manager_at_once_in_their_language(network: Network):
    team = network.create_team(f"Ward {uuid.uuid4().hex[:4]}")
    senior = network.login(network.register("Siân Uwch", team_id=team, grade="Band 8a"))
    line = network.login(network.register("Lee Line", team_id=team, senior_manager=senior, grade="Band 7"))
    nominee = network.login(network.register("Nia Nominee", team_id=team, line_manager=line, senior_manager=senior))
    choose_language(network, senior, "cy")
    choose_language(network, nominee, "cy+en")
    network.wait_known_to_training(nominee)
    network.record_level_1(nominee)
    cohort = network.create_cohort(capacity=5, days_ahead=(20,))
    nomination = network.nominate(nominee, cohort, by=nominee)

    to_line = told(network, line, "A nomination is waiting for your decision")
    assert "Nia Nominee's nomination for the Level 2 Peer Supporter course" in to_line["body"]
    assert not [e for e in network.inbox(senior) if "enwebiad" in e["subject"]]  # not the senior's turn yet

    network.approve(nomination, line)
    to_senior = told(network, senior, "Mae enwebiad yn aros am eich penderfyniad")
    assert to_senior["body"].startswith("Annwyl Siân Uwch,")
    assert "Lefel 2 Cefnogwr Cymheiriaid" in to_senior["body"] and "uwch-reolwr" in to_senior["body"]

    network.approve(nomination, senior)
    approved = told(network, nominee, "Mae eich enwebiad Lefel 2 Cefnogwr Cymheiriaid wedi'i gymeradwyo / ")
    assert approved["subject"].endswith("Your Level 2 Peer Supporter nomination is approved")
    assert approved["body"].index("Annwyl Nia Nominee,") < approved["body"].index("Dear Nia Nominee,")
