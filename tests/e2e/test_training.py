"""Training across the services: a waiting-list promotion (a withdrawal, a leaver), a delegate from identity, a
lapse and a refresher, Level 1 to Level 3."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from psn_shared.testing.infra import wait_for
from psn_shared.testing.workflow import Network, Person, prepare

pytestmark = pytest.mark.e2e


def ward(network: Network) -> tuple[Person, Person, str]:
    """A team with a senior and a line manager, logged in; returns (senior, line, team id)."""
    team = network.create_team(f"Ward {uuid.uuid4().hex[:4]}")
    senior = network.login(network.register("Sam Senior", team_id=team, grade="Band 8a"))
    line = network.login(network.register("Lee Line", team_id=team, senior_manager=senior, grade="Band 7"))
    return senior, line, team


def approved_nominee(network: Network, cohort_id: str, senior: Person, line: Person, team: str, name: str,
                     grade: str = "Band 6") -> tuple[Person, str, dict]:
    nominee = network.login(network.register(name, team_id=team, line_manager=line, senior_manager=senior,
                                             grade=grade))
    network.wait_known_to_training(nominee)
    network.record_level_1(nominee)
    nomination = network.nominate(nominee, cohort_id, by=nominee)
    network.approve(nomination, line)
    return nominee, nomination, network.approve(nomination, senior)


def told(network: Network, person: Person, subject_start: str) -> dict:
    return wait_for(lambda: next((e for e in network.inbox(person) if e["subject"].startswith(subject_start)), None),
                    what=f"{person.email} told {subject_start!r}")


def test_a_withdrawal_promotes_the_next_person_who_is_told(network: Network):
    senior, line, team = ward(network)
    cohort = network.create_cohort(capacity=1)
    first, first_nomination, first_outcome = approved_nominee(network, cohort, senior, line, team, "Fay First")
    second, second_nomination, second_outcome = approved_nominee(network, cohort, senior, line, team, "Sid Second")
    assert (first_outcome["status"], second_outcome["status"]) == ("booked", "waiting_list")
    told(network, second, "Your Level 2 Peer Supporter nomination is approved")

    assert network.withdraw(first_nomination, first)["status"] == "withdrawn"
    assert network.nomination(second_nomination, second)["status"] == "booked"
    message = told(network, second, "A place has come up for you")
    assert "moved up from the waiting list" in message["body"]
    shown = network.call("GET", "training", f"/api/v1/cohorts/{cohort}", who=second)
    assert (shown["booked_count"], shown["waiting_count"], shown["state"]) == (1, 0, "full")


def test_a_booked_nominee_who_leaves_frees_the_place_for_the_next_person_who_is_told(network: Network):
    senior, line, team = ward(network)
    cohort = network.create_cohort(capacity=1, days_ahead=(10,))
    leaver, leaver_nomination, booked = approved_nominee(network, cohort, senior, line, team, "Lou Leaver")
    second, second_nomination, waiting = approved_nominee(network, cohort, senior, line, team, "Sid Second")
    assert (booked["status"], waiting["status"]) == ("booked", "waiting_list")

    network.leave(leaver)
    wait_for(lambda: network.nomination(second_nomination)["status"] == "booked",
             what="training to free the leaver's place")
    ended = network.nomination(leaver_nomination)
    assert (ended["status"], ended["end_reason"]) == ("withdrawn", "left the board")
    message = told(network, second, "A place has come up for you")
    assert "moved up from the waiting list" in message["body"]
    network.reinstate(leaver)
    wait_for(lambda: network.training_record(leaver)["status"] == "active", what="training to see the reinstatement")
    assert network.nomination(leaver_nomination)["status"] == "withdrawn"


def test_a_delegate_named_in_identity_approves_in_training(network: Network):
    senior, line, team = ward(network)
    deputy = network.login(network.register("Dee Deputy", team_id=team, grade="Band 8a"))
    nominee = network.login(network.register("Nia Nominee", team_id=team, line_manager=line, senior_manager=senior))
    network.wait_known_to_training(nominee)
    network.record_level_1(nominee)
    nomination = network.nominate(nominee, network.create_cohort(), by=nominee)
    network.approve(nomination, line)
    today = date.today()
    network.call("POST", "identity", f"/api/v1/staff/{senior.id}/delegations", who=senior, json={
        "delegate_id": deputy.id, "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=7)).isoformat(),
        "reason": "annual leave"})
    path = f"/api/v1/nominations/{nomination}/approvals"

    def approve_as_deputy() -> dict | None:
        # 403 until identity.delegation.granted has reached training's copy.
        answer = network.call("POST", "training", path, who=deputy, expect=(200, 403),
                              json={"decision": "approve", "monthly_hours": 4})
        return answer if "approvals" in answer else None

    approved = wait_for(approve_as_deputy, what="training to copy the delegation")
    assert approved["approvals"][1]["on_behalf_of"] == senior.id
    assert network.nomination(nomination, nominee)["status"] == "booked"


def test_a_lapsed_supporter_stops_being_allocated_but_keeps_the_colleague_they_support(network: Network):
    cast = prepare(network)
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    held = network.ask_for_support(cast.requester)
    assert (held["status"], held["supporter_id"]) == ("allocated", cast.candidate.id)

    certificate = network.training_record(cast.candidate)["certificates"][0]
    network.call("PATCH", "training", f"/api/v1/certificates/{certificate['id']}", who=network.admin,
                 json={"expires_on": date.today().isoformat()})
    network.run_training_jobs()
    wait_for(lambda: network.supporter(cast.candidate)["allocatable"] is False, what="sessions to stop allocating")
    assert network.training_record(cast.candidate)["certificates"][0]["status"] == "lapsed"
    told(network, cast.candidate, "Your Level 2 Peer Supporter certificate has lapsed")
    still = network.support_request(cast.requester, held["id"])
    assert (still["status"], still["supporter_id"]) == ("allocated", cast.candidate.id)

    network.call("POST", "training", f"/api/v1/certificates/{certificate['id']}/renewals", who=network.admin,
                 json={"completed_on": date.today().isoformat()})
    network.wait_allocatable(cast.candidate)


def test_from_a_level_1_import_to_a_level_3_trainer(network: Network):
    senior, line, team = ward(network)
    casey = network.login(network.register("Casey Candidate", team_id=team, line_manager=line,
                                           senior_manager=senior, grade="Band 7"))
    network.wait_known_to_training(casey)
    done_on = (date.today() - timedelta(days=20)).isoformat()
    report = network.import_level_1([(casey.employee_number, "GCC 277", done_on), ("E-NOBODY", "GCC 277", done_on),
                                     (casey.employee_number, "GCC 999", done_on)])
    assert [row["outcome"] for row in report["rows"]] == ["recorded", "unknown_staff", "wrong_course_code"]

    level_2 = network.create_cohort(capacity=4, days_ahead=(-2, -1))  # a course already run, back-filled
    nomination = network.nominate(casey, level_2, by=casey)
    network.approve(nomination, line, monthly_hours=6)
    assert network.approve(nomination, senior, monthly_hours=4)["status"] == "booked"
    completion = network.deliver_course(level_2, casey)
    assert (completion["level"], completion["source"]) == (2, "cohort")

    network.wait_allocatable(casey)
    path = f"/api/v1/people/{casey.id}/level-3-eligibility"
    eligibility = wait_for(lambda: (e := network.call("GET", "training", path, who=casey)) and e["eligible"] and e,
                           what="training to see the peer supporter role")
    assert eligibility["reasons"] == []

    level_3 = network.create_cohort(capacity=4, level=3, days_ahead=(0,))
    nomination = network.nominate(casey, level_3, by=line)
    network.approve(nomination, line, monthly_hours=6)
    assert network.approve(nomination, senior, monthly_hours=6)["status"] == "booked"
    assert network.deliver_course(level_3, casey)["level"] == 3

    wait_for(lambda: "trainer" in network.identity_roles(casey), what="identity to make Casey a trainer")
    wait_for(lambda: "trainer" in network.training_record(casey)["roles"], what="training to know the trainer")
    next_cohort = network.create_cohort(capacity=8, days_ahead=(60,))
    assigned = network.call("PUT", "training", f"/api/v1/cohorts/{next_cohort}/trainers", who=network.admin,
                            json={"trainer_ids": [casey.id]})
    assert assigned["trainer_ids"] == [casey.id]


def test_a_lapsed_supporter_completes_a_refresher_and_is_allocatable_again(network: Network):
    cast = prepare(network)
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    certificate = network.training_record(cast.candidate)["certificates"][0]
    network.call("PATCH", "training", f"/api/v1/certificates/{certificate['id']}", who=network.admin,
                 json={"expires_on": date.today().isoformat()})
    network.run_training_jobs()
    wait_for(lambda: network.supporter(cast.candidate)["allocatable"] is False, what="sessions to stop allocating")

    network.call("POST", "training", f"/api/v1/cohorts/{cast.cohort_id}/state", who=network.admin,
                 json={"state": "finished"})  # the course is over: its day no longer clashes with the refresher
    refresher = network.create_cohort(capacity=6, kind="refresher")
    booked = network.call("POST", "training", "/api/v1/nominations", who=cast.candidate,
                          json={"nominee_id": cast.candidate.id, "cohort_id": refresher})
    assert (booked["status"], booked["kind"]) == ("booked", "refresher")
    network.complete_level_2(refresher, cast.candidate)
    renewed = network.training_record(cast.candidate)["certificates"][0]
    assert (renewed["status"], renewed["renewed_on"]) == ("valid", date.today().isoformat())
    network.wait_allocatable(cast.candidate)
