"""Running the network across real processes: champions in every team and the gap a leaver leaves, and
a quarter's activity read back from the board's report (PDF and CSV) with its small counts suppressed."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import uuid
from datetime import date, timedelta

import pytest
import requests
from pypdf import PdfReader

from psn_local import REPORTS, SERVICES
from psn_shared.quarters import Quarter
from psn_shared.testing.workflow import Network, prepare
from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, delete_queues, free_port, running, system_config

pytestmark = pytest.mark.e2e


def coverage_of(network: Network, who, teams: list[str]) -> dict[str, dict]:
    report = network.call("GET", "identity", "/api/v1/reports/champion-coverage", who=who)
    return {row["team_id"]: row for row in report["teams"] if row["team_id"] in teams}


def test_champions_in_two_teams_and_one_leaves_the_board_shows_the_gap(network):
    ward = network.create_team(f"Ward {uuid.uuid4().hex[:4]}")
    clinic = network.create_team(f"Clinic {uuid.uuid4().hex[:4]}")
    manager = network.login(network.register("Morag Manager", team_id=ward, grade="Band 7"))
    keen = network.register("Kirsty Keen", team_id=ward, line_manager=manager)
    colleague = network.login(network.register("Colin Colleague", team_id=ward, line_manager=manager))
    nurse = network.register("Nadia Nurse", team_id=clinic)
    network.call("POST", "identity", f"/api/v1/teams/{ward}/champions", who=manager,
                 json={"staff_id": keen.id, "reason": "volunteered at the team meeting"})
    network.call("POST", "identity", f"/api/v1/teams/{clinic}/champions", who=network.admin,
                 json={"staff_id": nurse.id, "reason": "appointed by the coordinator"})
    before = coverage_of(network, network.admin, [ward, clinic])
    assert (before[ward]["champions"], before[clinic]["champions"]) == (1, 1)

    contacts = network.call("GET", "identity", "/api/v1/me/support-contacts", who=colleague)
    assert [c["staff_id"] for c in contacts["champions"]] == [keen.id]

    network.leave(nurse, "moved to another board")
    after = coverage_of(network, network.admin, [ward, clinic])
    assert (after[ward]["champions"], after[clinic]["champions"]) == (1, 0)
    report = network.call("GET", "identity", "/api/v1/reports/champion-coverage", who=network.admin)
    [service] = [s for s in report["services"] if s["service_id"] == after[clinic]["service_id"]]
    assert service["without_champion"] >= 1
    # The manager sees their own team only, and it is covered.
    theirs = network.call("GET", "identity", "/api/v1/reports/champion-coverage", who=network.login(manager))
    assert [row["team_id"] for row in theirs["teams"]] == [ward]


@pytest.fixture
def fresh_network(databases, mailbox, providers, tmp_path_factory, test_run_id, amqp_url, request):
    """A system of its own, so that a quarter's figures are this test's activity and nothing else."""
    namespace = f"psn-board-{test_run_id}"
    config = system_config(tmp_path_factory.mktemp("board"), databases=databases, amqp_url=amqp_url,
                           amqp_namespace=namespace, mailbox=mailbox, providers=providers, hint="board")
    config.reports_port = free_port()  # and the coordinator's download of the assembled report
    try:
        with running(config, request) as system:
            yield Network({s: system.url(s) for s in SERVICES}, ADMIN_EMAIL, ADMIN_PASSWORD), system
    finally:
        delete_queues(amqp_url, namespace)


def test_a_quarters_activity_makes_a_board_report_whose_numbers_match(fresh_network, tmp_path):
    network, system = fresh_network
    quarter = Quarter.containing(date.today())
    cast = prepare(network)  # a ward, its managers, a Level 2 candidate (with Level 1) and a colleague
    network.complete_level_2(cast.cohort_id, cast.candidate)
    network.wait_allocatable(cast.candidate)
    ward = network.probe("identity", f"/api/v1/staff/{cast.candidate.id}")["team_id"]
    trained = [network.register(f"Trainee {n}", team_id=ward, line_manager=cast.line_manager) for n in range(6)]
    for person in trained:
        network.wait_known_to_training(person)
        network.call("POST", "training", "/api/v1/level1-completions", who=network.admin,
                     json={"staff_id": person.id, "completed_on": date.today().isoformat(), "source": "learnpro"})
    for person in trained[:5]:
        network.call("POST", "identity", f"/api/v1/teams/{ward}/champions", who=network.admin,
                     json={"staff_id": person.id, "reason": "one of the ward's champions"})
    for person in [cast.requester, *trained]:
        network.ask_for_support(network.login(person))

    reader = network.register("Gail Governance")
    network.grant(reader, "governance", "sits on the staff-wellbeing governance group")
    token = network.login(reader).token
    urls = [arg for s in ("identity", "training", "sessions") for arg in (f"--{s}-url", system.url(s))]
    made = subprocess.run([sys.executable, "-m", "psn_reports", "--quarter", str(quarter), "--out", str(tmp_path),
                           *urls], env={**os.environ, "PSN_TOKEN": token}, capture_output=True, text=True,
                          timeout=120)
    assert made.returncode == 0, made.stderr

    rows = list(csv.DictReader((tmp_path / f"board-report-{quarter}.csv").open(encoding="utf-8")))
    now = {(r["source"], r["measure"], r["group"]): r["value"] for r in rows if r["quarter"] == str(quarter)}
    # Six trainees, and the candidate when their Level 1 (recorded as 30 days ago) falls in this quarter.
    candidates = Quarter.containing(date.today() - timedelta(days=30)) == quarter
    assert now["training", "staff_trained", "Level 1"] == str(6 + candidates)
    assert now["training", "staff_trained", "Level 2"] == "<5"  # one person: suppressed
    assert now["identity", "champions", "all"] == "5"
    assert now["identity", "peer_supporters", "all"] == "<5"
    assert now["sessions", "requests", ""] == "7"
    earlier = {r["value"] for r in rows if r["quarter"] == str(quarter.previous()) and r["measure"] == "requests"}
    assert earlier == {"<5"}  # nothing happened before: 0, suppressed like any count under 5

    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / f"board-report-{quarter}.pdf").pages)
    assert f"quarterly evaluation report {quarter}" in text
    assert "Requests for peer support" in text and "Staff trained in the quarter, by level: Level 1" in text

    # The same report from the coordinator's endpoint: the same figures, and the PDF with them.
    endpoint = f"{system.url(REPORTS)}/api/v1/reports/board"
    headers = {"Authorization": f"Bearer {token}"}
    table = requests.get(endpoint, params={"quarter": str(quarter), "format": "csv"}, headers=headers, timeout=120)
    assert table.status_code == 200 and table.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert list(csv.DictReader(io.StringIO(table.text))) == rows
    document = requests.get(endpoint, params={"quarter": str(quarter)}, headers=headers, timeout=120)
    assert document.status_code == 200 and document.headers["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document.content)).pages)
    assert "Requests for peer support" in text and "Staff trained in the quarter, by level: Level 1" in text
    staff = network.login(network.register("Stan Staff")).token
    refused = requests.get(endpoint, params={"quarter": str(quarter)}, headers={"Authorization": f"Bearer {staff}"},
                           timeout=30)
    assert refused.status_code == 403
