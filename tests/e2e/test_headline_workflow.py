"""A completed Level 2 course makes a peer supporter whom a colleague is allocated to, by events alone."""

from __future__ import annotations

import pytest

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import prepare

pytestmark = pytest.mark.e2e


def test_level_2_completion_makes_an_allocatable_supporter_who_is_told(network, mailbox):
    cast = prepare(network)
    waiting = network.ask_for_support(cast.requester)
    assert waiting["status"] == "waiting"

    network.complete_level_2(cast.cohort_id, cast.candidate)

    supporter = network.wait_allocatable(cast.candidate)
    assert supporter["monthly_capacity"] == 4
    allocated = wait_for(
        lambda: (r := network.support_request(cast.requester, waiting["id"]))["status"] == "allocated" and r,
        what="the waiting request allocated",
    )
    assert allocated["supporter_id"] == cast.candidate.id
    assert wait_for(lambda: len(network.inbox(cast.candidate)) >= 2, what="the supporter told twice")
    assert wait_for(lambda: mailbox.to(cast.candidate.email), what="an email to the supporter")
    assert wait_for(lambda: network.inbox(cast.line_manager), what="the line manager told")
    assert wait_for(lambda: network.inbox(cast.requester), what="the requester told")


def test_the_request_stays_confidential(network):
    cast = prepare(network)
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    request = network.ask_for_support(cast.requester)
    assert request["status"] == "allocated"
    path = f"/api/v1/support-requests/{request['id']}"
    assert network.call("GET", "sessions", path, who=cast.candidate)["details"]
    for outsider in (cast.line_manager, cast.senior_manager):
        network.call("GET", "sessions", path, who=outsider, expect=404)
