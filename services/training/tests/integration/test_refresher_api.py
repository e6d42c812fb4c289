"""Refreshers through the API: a lapsed supporter books one, completes it, and the certificate runs again."""

from __future__ import annotations

from services.training.tests.integration.helpers import events, fields_of
from training.domain.policy import Policy
from training.service_layer.jobs import run_due_jobs


def test_a_lapsed_supporter_books_and_completes_a_refresher_which_renews_the_certificate(
        client, candidate, course, running, coordinator, auth, make_uow, clock, outbox):
    person = candidate()
    taught = course()
    person.approved(cohort_id=taught["id"])
    running(taught)
    assert client.post(f"/api/v1/cohorts/{taught['id']}/completions", headers=coordinator, json={
        "staff_id": person.id, "attended_all_days": True, "competences_signed_off": "all"}).status_code == 201
    certificate = client.get(f"/api/v1/people/{person.id}", headers=coordinator).json["certificates"][0]
    refresher = course(kind="refresher", days=["2026-12-10"])
    assert refresher["kind"] == "refresher"
    too_early = client.post("/api/v1/nominations", json={"nominee_id": person.id, "cohort_id": refresher["id"]},
                            headers=auth(person.id))
    assert (too_early.status_code, fields_of(too_early)) == (409, {"nominee_id"})

    today = clock().date().isoformat()
    assert client.patch(f"/api/v1/certificates/{certificate['id']}", json={"expires_on": today},
                        headers=coordinator).status_code == 200
    with make_uow() as uow:
        assert run_due_jobs(clock(), Policy(), uow).certificates_lapsed == 1
    booked = client.post("/api/v1/nominations", json={"nominee_id": person.id, "cohort_id": refresher["id"]},
                         headers=auth(person.id))
    assert (booked.status_code, booked.json["status"], booked.json["kind"], booked.json["approvals"]) == (
        201, "booked", "refresher", [])
    seat = events(outbox, "training.place.booked")[-1]
    assert (seat["cohort_id"], [d["day"] for d in seat["days"]]) == (refresher["id"], ["2026-12-10"])

    running(refresher)
    done = client.post(f"/api/v1/cohorts/{refresher['id']}/completions", headers=coordinator,
                       json={"staff_id": person.id, "attended_all_days": True})
    assert (done.status_code, done.json["source"], done.json["certificate_id"]) == (201, "refresher", certificate["id"])
    renewed = client.get(f"/api/v1/certificates/{certificate['id']}", headers=auth(person.id)).json
    assert (renewed["status"], renewed["expires_on"]) == ("valid", done.json["expires_on"])
    assert [e["staff_id"] for e in events(outbox, "training.certification.renewed")] == [person.id]
    record = client.get(f"/api/v1/people/{person.id}", headers=auth(person.id)).json
    assert [c["level"] for c in record["completions"]] == [1, 2]
    assert [(n["kind"], n["status"]) for n in record["nominations"]] == [("course", "completed"),
                                                                         ("refresher", "completed")]
