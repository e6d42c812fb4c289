"""Time (reminders, expiry, refreshers, lapses) and the coordinator's reports."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, timedelta

from psn_shared.events import Envelope
from psn_shared.quarters import BOARD_CLOCK
from services.training.tests.integration.helpers import COORDINATOR, events
from training.domain.policy import Policy
from training.service_layer.jobs import run_due_jobs

# Time: reminders, expiry, refreshers, lapses


def test_due_jobs_remind_expire_and_lapse_once_each(make_uow, client, candidate, course, coordinator, auth, outbox,
                                                    clock, running):
    policy = Policy()
    now = clock()
    waiting = candidate()
    stale = waiting.nominate(level=2)
    done = candidate()
    cohort = course()
    done.approved(cohort_id=cohort["id"])
    running(cohort)
    completion = client.post(f"/api/v1/cohorts/{cohort['id']}/completions", headers=coordinator, json={
        "staff_id": done.id, "attended_all_days": True, "competences_signed_off": "all"})
    assert completion.status_code == 201
    certificate = client.get(f"/api/v1/people/{done.id}", headers=coordinator).json["certificates"][0]
    expires = date.fromisoformat(certificate["expires_on"])

    def run(at: datetime):
        with make_uow() as uow:
            return vars(run_due_jobs(at, policy, uow))

    assert set(run(now).values()) == {0}
    assert run(now + timedelta(days=8))["nominations_reminded"] == 1
    assert run(now + timedelta(days=9))["nominations_reminded"] == 0
    assert run(now + timedelta(days=29))["nominations_expired"] == 1
    assert client.get(f"/api/v1/nominations/{stale['id']}", headers=coordinator).json["status"] == "expired"
    reminded = events(outbox, "training.nomination.reminded")
    assert [(e["approver_id"], e["capacity"]) for e in reminded] == [(waiting.line, "line_manager")]

    before = datetime.combine(expires - timedelta(days=30), datetime.min.time(), UTC)
    assert run(before)["refreshers_reminded"] == 1
    assert run(before)["refreshers_reminded"] == 0
    lapse_day = datetime.combine(expires, datetime.min.time(), UTC)
    assert run(lapse_day)["certificates_lapsed"] == 1
    assert run(lapse_day + timedelta(days=1))["certificates_lapsed"] == 0
    assert [e["staff_id"] for e in events(outbox, "training.certification.lapsed")] == [done.id]
    assert len(events(outbox, "training.refresher.due")) == 1

    renewal = client.post(f"/api/v1/certificates/{certificate['id']}/renewals", headers=coordinator,
                          json={"completed_on": now.date().isoformat()})
    assert (renewal.status_code, renewal.json["status"]) == (200, "valid")
    assert [e["staff_id"] for e in events(outbox, "training.certification.renewed")] == [done.id]
    assert client.post("/api/v1/jobs/run", headers=coordinator).status_code == 403
    assert client.post("/api/v1/jobs/run", headers=auth(COORDINATOR, "admin")).status_code == 200


def test_a_stand_in_is_told_once_by_schedulers_side_by_side_and_not_again_after_a_restart(make_uow, register,
                                                                                         announce, outbox, clock):
    manager, deputy = register(), register()
    first_day = clock().date() + timedelta(days=2)
    delegation_id = str(uuid.uuid4())
    announce("identity.delegation.granted", manager, delegation_id=delegation_id, manager_id=manager,
             delegate_id=deputy, starts_on=first_day, ends_on=first_day + timedelta(days=6), granted_by=manager)
    morning = datetime(first_day.year, first_day.month, first_day.day, 8, 30, tzinfo=BOARD_CLOCK)
    barrier = threading.Barrier(2)
    told: dict[str, int] = {}

    def first_replica() -> None:
        with make_uow() as uow:
            assert [d.id for d in uow.delegations.starting_untold(first_day)] == [delegation_id]  # claimed
            barrier.wait()
            barrier.wait()  # held while the other replica runs its whole round
            told["first"] = run_due_jobs(morning, Policy(), uow).stand_ins_told

    def second_replica() -> None:
        barrier.wait()
        with make_uow() as uow:
            told["second"] = run_due_jobs(morning, Policy(), uow).stand_ins_told
        barrier.wait()

    replicas = [threading.Thread(target=first_replica), threading.Thread(target=second_replica)]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.join(timeout=30)
    assert told == {"first": 1, "second": 0}  # the claimed row is skipped, not waited for nor told twice

    with make_uow() as uow:  # a scheduler restarted later that morning
        assert run_due_jobs(morning + timedelta(hours=1), Policy(), uow).stand_ins_told == 0
    [started] = events(outbox, "training.delegation.started")
    assert (started["delegation_id"], started["delegate_id"], started["starts_on"]) == (
        delegation_id, deputy, first_day.isoformat())


# Reports


def test_reports_show_coverage_pipeline_and_teams_without_supporters(client, deliver, register, coordinator, auth,
                                                                    candidate, announce):
    team, bare = str(uuid.uuid4()), str(uuid.uuid4())
    for team_id, name in ((team, "Ward 1"), (bare, "Ward 2")):
        deliver(Envelope.new("identity.team.created", {"team_id": team_id, "name": name, "service": "Mental Health",
                                                       "organisation": "NHS GGC"}, source="identity"))
    with_l1 = register(team_id=team)
    register(team_id=team)
    client.post("/api/v1/level1-completions", headers=coordinator,
                json={"staff_id": with_l1, "completed_on": "2026-10-01", "source": "learnpro"})
    announce("identity.role.granted", with_l1, role="peer_supporter", reason="Level 2", granted_by=None,
             granted_at=datetime.now(UTC), monthly_hours=4)
    candidate().nominate(level=2)

    coverage = client.get("/api/v1/reports/level-1-coverage", headers=coordinator).json
    ward = next(t for t in coverage["teams"] if t["team_id"] == team)
    # Small counts are suppressed, and the share they would give away with them.
    assert (ward["team_name"], ward["service"], ward["staff"], ward["with_level_1"], ward["share"]) == (
        "Ward 1", "Mental Health", "<5", "<5", None)
    pipeline = client.get("/api/v1/reports/pipeline", headers=coordinator).json
    assert pipeline[0] == {"level": 2, "nominated": "<5", "approved": "<5", "waiting": "<5", "booked": "<5",
                           "completed": "<5", "lapsed": "<5"}
    without = client.get("/api/v1/reports/teams-without-supporters", headers=coordinator).json
    assert [t["team_id"] for t in without] == [bare]
    assert client.get("/api/v1/reports/pipeline", headers=auth(with_l1)).status_code == 403
