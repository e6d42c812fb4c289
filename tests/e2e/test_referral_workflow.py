"""Escalation with consent across the running system: the person is asked, the supporter told, an urgent
referral alerts the coordinator as critical, each notice once; a coordinator's read lands in the audit."""

from __future__ import annotations

import uuid

import pytest

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network, Person, prepare

pytestmark = pytest.mark.e2e


def kinds(network: Network, person: Person) -> list[str]:
    return [entry["kind"] for entry in network.inbox(person)]


def offered(network: Network, person: Person, referral_id: str) -> list[str]:
    return [s["id"] for s in network.call("GET", "sessions", f"/api/v1/referrals/{referral_id}",
                                          who=person)["sources_of_help"]]


def test_a_consented_referral_and_an_urgent_one_reach_the_right_people_once(network, mailbox):
    # The directory, kept in identity, offered by sessions with each referral that it fits.
    tag = uuid.uuid4().hex[:6]
    eap = network.call("POST", "identity", "/api/v1/help-sources", who=network.admin, expect=201, json={
        "name": f"Employee Assistance {tag}", "kind": "employee_assistance_programme", "for_whom": "all staff",
        "hours": "24 hours", "phone": "0800 000 1111"})["id"]
    crisis = network.call("POST", "identity", "/api/v1/help-sources", who=network.admin, expect=201, json={
        "name": f"Crisis line {tag}", "kind": "crisis_line", "for_whom": "anyone in crisis", "hours": "24 hours",
        "phone": "116 123"})["id"]
    cast = prepare(network)
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    coordinator = network.register_coordinator("Cora Coordinator")
    network.login(coordinator)
    request = network.ask_for_support(cast.requester)
    assert request["supporter_id"] == cast.candidate.id

    referrals = f"/api/v1/support-requests/{request['id']}/referrals"
    referral = network.call("POST", "sessions", referrals, who=cast.candidate, expect=201,
                            json={"service": "employee_assistance", "reason": "Money worries since the move."})
    wait_for(lambda: "referral_suggested" in kinds(network, cast.requester), what="the person asked to decide")
    wait_for(lambda: eap in offered(network, cast.requester, referral["id"]), what="the EAP offered with it")
    [asked] = [e for e in network.inbox(cast.requester) if e["kind"] == "referral_suggested"]
    assert "Other sources of help" in asked["body"] and "/help" in asked["body"]  # behind sign-in, in the body
    assert "help" not in asked["subject"].lower()
    assert crisis not in offered(network, cast.requester, referral["id"])
    decided = network.call("PUT", "sessions", f"/api/v1/referrals/{referral['id']}/consent", who=cast.requester,
                           json={"given": True, "shares": ["name_and_contact"]})
    assert decided["status"] == "consented"
    wait_for(lambda: "referral_decided" in kinds(network, cast.candidate), what="the supporter told the decision")
    made = network.call("POST", "sessions", f"/api/v1/referrals/{referral['id']}/make", who=cast.candidate)
    assert (made["status"], made["passed_on"]) == ("made", ["name_and_contact"])

    urgent = network.call("POST", "sessions", referrals, who=cast.candidate, expect=201,
                          json={"service": "urgent", "reason": "Said they cannot keep themselves safe tonight."})
    alert = wait_for(lambda: [e for e in network.inbox(coordinator) if e["kind"] == "referral_urgent"],
                     what="the coordinator alerted")
    assert alert[0]["critical"] is True and alert[0]["subject"] == "Urgent: please act now"
    assert urgent["id"] in alert[0]["body"]
    crisis_lines = offered(network, cast.candidate, urgent["id"])
    assert crisis in crisis_lines and eap not in crisis_lines  # an urgent referral shows the crisis lines
    wait_for(lambda: kinds(network, cast.requester).count("referral_suggested") == 2, what="asked about both")
    wait_for(lambda: any(m["Subject"] == "Urgent: please act now" for m in mailbox.to(coordinator.email)),
             what="the coordinator emailed")

    network.call("GET", "sessions", f"/api/v1/referrals/{urgent['id']}", who=coordinator, expect=422)  # say why
    opened = network.call("GET", "sessions", f"/api/v1/referrals/{urgent['id']}?reason=Urgent%20alert",
                          who=coordinator)
    assert opened["urgent"] is True
    audit = network.call("GET", "sessions", f"/api/v1/audit?subject_id={cast.requester.id}", who=network.admin)
    assert [(r["reader_id"], r["record_kind"], r["reason"]) for r in audit["items"]] == [
        (coordinator.id, "referral", "Urgent alert")]
    for outsider in (cast.line_manager, cast.senior_manager):
        network.call("GET", "sessions", f"/api/v1/referrals/{referral['id']}", who=outsider, expect=404)

    # Every notice once: the events were each handled, whatever the redeliveries.
    assert kinds(network, cast.requester).count("referral_suggested") == 2
    assert kinds(network, cast.candidate).count("referral_decided") == 1
    assert kinds(network, coordinator).count("referral_urgent") == 1
    subjects = [e["subject"] for person in (cast.requester, cast.candidate, coordinator, cast.line_manager)
                for e in network.inbox(person) if e["kind"].startswith("referral_")]
    assert not [s for s in subjects if "peer support" in s.lower() or "referral" in s.lower()]
