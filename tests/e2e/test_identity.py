"""Identity's events at work across the system: leavers, returners, welcomes and password resets by email."""

from __future__ import annotations

import re

import pytest

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import prepare

pytestmark = pytest.mark.e2e


def test_a_peer_supporter_who_leaves_stops_being_allocatable_and_their_request_moves_on(network):
    cast = prepare(network)
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    request = network.ask_for_support(cast.requester)
    assert request["status"] == "allocated" and request["supporter_id"] == cast.candidate.id

    network.leave(cast.candidate, "moved to another board")

    wait_for(lambda: (s := network.supporter(cast.candidate)) is not None and not s["allocatable"],
             what="the leaver no longer allocatable")
    moved = wait_for(
        lambda: (r := network.support_request(cast.requester, request["id"]))["supporter_id"] != cast.candidate.id
        and r,
        what="the leaver's request re-allocated or waiting",
    )
    assert moved["status"] in ("waiting", "allocated")


def test_a_reinstated_person_appears_again_in_trainings_copy(network):
    person = network.register("Rhona Returner")
    network.wait_known_to_training(person)
    network.leave(person)
    wait_for(lambda: network.probe("training", f"/api/v1/people/{person.id}")["status"] == "left",
             what="training to see the leaver")
    network.reinstate(person)
    wait_for(lambda: network.probe("training", f"/api/v1/people/{person.id}")["status"] == "active",
             what="training to see the person back")


def test_a_welcome_and_a_password_reset_arrive_by_email_and_each_link_works_once(network, mailbox):
    person = network.register("Fiona Forgetful", password=None)  # by hand, as the web's form does
    [welcome] = wait_for(lambda: mailbox.to(person.email), what="the welcome email")
    assert "Welcome to the Peer Support Network" in welcome["Subject"]
    first = re.search(r"#token=(\S+)", welcome.get_payload(decode=True).decode()).group(1)
    network.reset_password(first, "her-very-first-password")  # the reset page's API sets a first one too
    network.reset_password(first, "someone-else-s-password", expect=422)
    assert network.login_as(person.email, "her-very-first-password").id == person.id

    network.ask_for_password_reset(person.email)
    [message] = wait_for(lambda: mailbox.to(person.email)[1:], what="the reset email, after the welcome")
    body = message.get_payload(decode=True).decode()
    token = re.search(r"#token=(\S+)", body).group(1)
    network.reset_password(token, "a-fresh-long-password")
    network.reset_password(token, "another-long-password", expect=422)
    assert network.login_as(person.email, "a-fresh-long-password").id == person.id
