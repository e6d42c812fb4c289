"""Referrals and the audit of confidential reads through the API, on PostgreSQL: the access matrix's cells
that matter, the journey, bad input, and what is (and is not) recorded and published."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from psn_shared.testing.infra import outbox_events

TEAM, OTHER_TEAM = str(uuid.uuid4()), str(uuid.uuid4())
ASK = {"mode": "video", "scope": "any", "urgency": "soon", "details": "Struggling after a hard shift."}
SUGGEST = {"service": "occupational_health", "reason": "Back pain after lifting; needs an assessment."}
OVERRIDE = {"reason": "Disclosed a plan to harm themselves tonight; safeguarding duty applies.",
            "shares": ["name_and_contact"]}


def outbox(database_url: str) -> list[tuple[str, dict]]:
    return [(event["type"], event["data"]) for event in outbox_events(database_url)]


class People:
    """One allocated request and everyone the access matrix names."""

    def __init__(self, client, auth, identity) -> None:
        self.client, self.auth = client, auth
        self.manager = identity.register(TEAM)
        self.supporter = identity.supporter(OTHER_TEAM)
        self.requester = identity.register(TEAM, line_manager_id=self.manager)
        response = client.post("/api/v1/support-requests", json=ASK, headers=auth(self.requester))
        assert response.status_code == 201, response.json
        self.request = response.json
        assert self.request["supporter_id"] == self.supporter
        self.other_supporter = identity.supporter(OTHER_TEAM)
        self.coordinator = identity.register()
        self.admin = identity.register()

    def as_(self, who: str) -> dict[str, str]:
        roles = {"manager": ("line_manager",), "coordinator": ("coordinator",), "admin": ("admin",),
                 "other_supporter": ("peer_supporter",), "supporter": ("peer_supporter",)}.get(who, ())
        return self.auth(getattr(self, who), *roles)

    def suggest(self, **overrides) -> dict:
        response = self.client.post(f"/api/v1/support-requests/{self.request['id']}/referrals",
                                    json={**SUGGEST, **overrides}, headers=self.as_("supporter"))
        assert response.status_code == 201, response.json
        return response.json

    def consent(self, referral_id: str, **body) -> dict:
        response = self.client.put(f"/api/v1/referrals/{referral_id}/consent", headers=self.as_("requester"),
                                   json={"given": True, "shares": ["name_and_contact"], **body})
        assert response.status_code == 200, response.json
        return response.json


@pytest.fixture
def people(client, auth, identity) -> People:
    return People(client, auth, identity)


def reads(make_uow) -> list:
    with make_uow() as uow:
        return uow.audit.page(subject_id=None, reader_id=None, record_kind=None, limit=500, offset=0)[0]


def test_a_referral_from_suggestion_to_close_with_consent(client, people, service_db):
    referral = people.suggest()
    assert (referral["status"], referral["urgent"], referral["service"]) == ("suggested", False, "occupational_health")
    assert datetime.fromisoformat(referral["created_at"]).utcoffset() is not None
    key, data = outbox(service_db)[-1]
    assert (key, data) == ("sessions.referral.suggested", {
        "referral_id": referral["id"], "request_id": people.request["id"], "requester_id": people.requester,
        "supporter_id": people.supporter, "urgent": False, "suggested_at": data["suggested_at"]})

    consented = people.consent(referral["id"], shares=["job_and_team", "name_and_contact"], note="Not my rota.")
    assert (consented["status"], consented["consent_shares"], consented["consent_note"]) == (
        "consented", ["name_and_contact", "job_and_team"], "Not my rota.")
    made = client.post(f"/api/v1/referrals/{referral['id']}/make", headers=people.as_("supporter")).json
    assert (made["status"], made["passed_on"], made["made_by"]) == (
        "made", ["name_and_contact", "job_and_team"], people.supporter)
    accepted = client.post(f"/api/v1/referrals/{referral['id']}/outcome", json={"outcome": "accepted"},
                           headers=people.as_("supporter")).json
    assert accepted["status"] == "accepted"
    closed = client.post(f"/api/v1/referrals/{referral['id']}/close", headers=people.as_("coordinator"))
    assert closed.status_code == 200
    trail = [(d["action"], d["from_status"], d["to_status"], d["party"]) for d in closed.json["decisions"]]
    assert trail == [("suggest", None, "suggested", "supporter"), ("consent", "suggested", "consented", "requester"),
                     ("make", "consented", "made", "supporter"), ("accept", "made", "accepted", "supporter"),
                     ("close", "accepted", "closed", "coordinator")]
    decided = [(d["decision"], d["decided_by"], d["supporter_id"]) for k, d in outbox(service_db)
               if k == "sessions.referral.decided"]
    assert decided == [("consented", people.requester, people.supporter), ("made", people.supporter, people.supporter),
                       ("accepted", people.supporter, people.supporter),
                       ("closed", people.coordinator, people.supporter)]
    assert not any(d["safeguarding"] for k, d in outbox(service_db) if k == "sessions.referral.decided")
    again = client.post(f"/api/v1/referrals/{referral['id']}/close", headers=people.as_("supporter"))
    assert again.status_code == 409


def test_events_never_carry_the_reason_the_service_or_the_consent(client, people, service_db):
    referral = people.suggest(service="chaplaincy", reason="Grieving a patient; wants to talk to a chaplain.")
    people.consent(referral["id"], note="Please do not mention my ward.")
    wire = str([data for key, data in outbox(service_db) if key.startswith("sessions.referral.")])
    for secret in ("Grieving", "chaplain", "ward", "name_and_contact", ASK["details"]):
        assert secret not in wire


def test_an_urgent_referral_is_flagged_for_the_coordinators(client, people, service_db):
    referral = people.suggest(service="urgent", reason="At immediate risk.")
    assert referral["urgent"] is True
    key, data = outbox(service_db)[-1]
    assert (key, data["urgent"]) == ("sessions.referral.suggested", True)


# The access matrix: who sees a referral and its consent (the rest get 404, as for one that does not exist).
@pytest.mark.parametrize(("who", "status"), [
    ("requester", 200), ("supporter", 200), ("coordinator", 200),
    ("manager", 404), ("other_supporter", 404), ("admin", 404),
])
def test_who_sees_a_referral_and_its_consent(client, people, who, status):
    referral = people.suggest()
    for path in (f"/api/v1/referrals/{referral['id']}", f"/api/v1/referrals/{referral['id']}/consent",
                 f"/api/v1/support-requests/{people.request['id']}/referrals"):
        response = client.get(path, query_string={"reason": "following a referral"}, headers=people.as_(who))
        assert response.status_code == status, (path, response.json)
    missing = client.get(f"/api/v1/referrals/{uuid.uuid4()}", headers=people.as_(who))
    assert missing.status_code == 404


@pytest.mark.parametrize(("who", "status"), [
    ("requester", 403), ("supporter", 201), ("coordinator", 403),
    ("manager", 404), ("other_supporter", 404), ("admin", 404),
])
def test_who_may_suggest(client, people, who, status, service_db):
    before = outbox(service_db)
    response = client.post(f"/api/v1/support-requests/{people.request['id']}/referrals", json=SUGGEST,
                           headers=people.as_(who))
    assert response.status_code == status, response.json
    if status != 201:
        assert outbox(service_db) == before


@pytest.mark.parametrize(("who", "consent", "make", "override"), [
    ("requester", 200, 403, 403), ("supporter", 403, 409, 403), ("coordinator", 403, 409, 200),
    ("manager", 404, 404, 404), ("other_supporter", 404, 404, 404), ("admin", 404, 404, 404),
])
def test_who_may_decide_consent_make_and_override(client, people, who, consent, make, override):
    referral = people.suggest()
    url = f"/api/v1/referrals/{referral['id']}"
    assert client.post(f"{url}/make", headers=people.as_(who)).status_code == make
    assert client.post(f"{url}/safeguarding-override", json=OVERRIDE, headers=people.as_(who)).status_code == override
    decided = client.put(f"{url}/consent", json={"given": False}, headers=people.as_(who))
    # After an override the referral is made, so the person's decision comes too late (409).
    assert decided.status_code == (409 if override == 200 and consent == 200 else consent)


@pytest.mark.parametrize(("who", "status"), [
    ("requester", 403), ("supporter", 200), ("coordinator", 200),
    ("manager", 404), ("other_supporter", 404), ("admin", 404),
])
def test_who_may_record_the_answer_and_close(client, people, who, status, service_db):
    referral = people.suggest()
    people.consent(referral["id"])
    url = f"/api/v1/referrals/{referral['id']}"
    assert client.post(f"{url}/make", headers=people.as_("supporter")).status_code == 200
    before = outbox(service_db)
    answered = client.post(f"{url}/outcome", json={"outcome": "declined"}, headers=people.as_(who))
    assert answered.status_code == status
    closed = client.post(f"{url}/close", headers=people.as_(who))
    assert closed.status_code == status
    if status == 200:
        assert [d["decision"] for k, d in outbox(service_db)[len(before):]] == ["declined", "closed"]
    else:
        assert outbox(service_db) == before
        assert client.get(url, headers=people.as_("supporter")).json["status"] == "made"


def test_nothing_is_passed_on_without_consent_but_a_coordinator_may_override_in_writing(client, people, service_db):
    referral = people.suggest()
    url = f"/api/v1/referrals/{referral['id']}"
    refused = client.put(f"{url}/consent", json={"given": False, "note": "I'd rather not."},
                         headers=people.as_("requester"))
    assert (refused.json["status"], refused.json["consent_given"]) == ("refused", False)
    blocked = client.post(f"{url}/make", headers=people.as_("supporter"))
    assert blocked.status_code == 409 and "not consented" in blocked.json["detail"]
    short = client.post(f"{url}/safeguarding-override", json={**OVERRIDE, "reason": "risk"},
                        headers=people.as_("coordinator"))
    assert short.status_code == 422 and [e["field"] for e in short.json["errors"]] == ["reason"]
    overridden = client.post(f"{url}/safeguarding-override", json=OVERRIDE, headers=people.as_("coordinator"))
    assert overridden.status_code == 200
    body = overridden.json
    assert (body["status"], body["safeguarding_override"], body["override_reason"], body["passed_on"]) == (
        "made", True, OVERRIDE["reason"], ["name_and_contact"])
    assert body["decisions"][-1]["action"] == "safeguarding_override"
    assert (outbox(service_db)[-1][1]["decision"], outbox(service_db)[-1][1]["safeguarding"]) == ("made", True)


def test_bad_input_names_the_field_and_changes_nothing(client, people, service_db):
    referral = people.suggest()
    url = f"/api/v1/referrals/{referral['id']}"
    before = outbox(service_db)
    cases = [
        ("post", f"/api/v1/support-requests/{people.request['id']}/referrals", "supporter",
         {"service": "astrology", "reason": "  "}, {"service", "reason"}),
        ("post", f"/api/v1/support-requests/{people.request['id']}/referrals", "supporter",
         {**SUGGEST, "urgent": True}, {"urgent"}),
        ("put", f"{url}/consent", "requester", {"given": "yes"}, {"given"}),
        ("put", f"{url}/consent", "requester", {"given": True, "shares": ["diagnosis"]}, {"shares.0"}),
        ("put", f"{url}/consent", "requester", {"given": True}, {"shares"}),
        ("put", f"{url}/consent", "requester", {"given": False, "shares": ["job_and_team"]}, {"shares"}),
        ("put", f"{url}/consent", "requester", {"given": True, "shares": [], "note": "x" * 1001}, {"note"}),
        ("post", f"{url}/outcome", "supporter", {"outcome": "maybe"}, {"outcome"}),
        ("post", f"{url}/safeguarding-override", "coordinator", {"reason": OVERRIDE["reason"], "shares": []},
         {"shares"}),
    ]
    for method, path, who, body, fields in cases:
        response = getattr(client, method)(path, json=body, headers=people.as_(who))
        assert response.status_code == 422, (path, body, response.json)
        assert response.content_type == "application/problem+json"
        assert {e["field"] for e in response.json["errors"]} == fields, (body, response.json)
    assert outbox(service_db) == before
    assert client.get(url, headers=people.as_("requester")).json["status"] == "suggested"


def test_illegal_moves_are_conflicts(client, people):
    referral = people.suggest()
    url = f"/api/v1/referrals/{referral['id']}"
    outcome = client.post(f"{url}/outcome", json={"outcome": "declined"}, headers=people.as_("supporter"))
    assert outcome.status_code == 409
    people.consent(referral["id"])
    again = client.put(f"{url}/consent", json={"given": True, "shares": ["job_and_team"]},
                       headers=people.as_("requester"))
    assert again.status_code == 409


@pytest.mark.parametrize(("who", "seen"), [
    ("requester", 2), ("supporter", 2), ("coordinator", 2), ("manager", 0), ("other_supporter", 0), ("admin", 0),
])
def test_the_list_names_nobody_and_shows_each_only_what_they_may_see(client, people, who, seen, make_uow):
    routine = people.suggest()
    urgent = people.suggest(service="urgent", reason="At immediate risk.")
    page = client.get("/api/v1/referrals", headers=people.as_(who))
    assert page.status_code == 200, page.json
    assert page.json["total"] == seen
    if seen:
        assert [item["id"] for item in page.json["items"]] == [urgent["id"], routine["id"]]
        assert set(page.json["items"][0]) == {"id", "request_id", "status", "urgent", "created_at", "updated_at"}
    only_urgent = client.get("/api/v1/referrals?urgent=true&status=suggested", headers=people.as_(who)).json
    assert only_urgent["total"] == (1 if seen else 0)
    assert reads(make_uow) == []
    bad = client.get("/api/v1/referrals?status=pending&limit=501", headers=people.as_(who))
    assert bad.status_code == 422 and {e["field"] for e in bad.json["errors"]} == {"status", "limit"}


def test_a_coordinators_reads_are_audited_with_their_reason_and_the_parties_are_not(client, people, make_uow):
    referral = people.suggest()
    for who in ("requester", "supporter"):
        request = client.get(f"/api/v1/support-requests/{people.request['id']}", headers=people.as_(who))
        assert request.status_code == 200
        assert client.get(f"/api/v1/referrals/{referral['id']}", headers=people.as_(who)).status_code == 200
    assert reads(make_uow) == []
    coordinator = people.as_("coordinator")
    response = client.get(f"/api/v1/support-requests/{people.request['id']}?reason=Safeguarding%20review",
                          headers=coordinator)
    assert response.status_code == 200 and response.json["details"] == ASK["details"]
    client.get(f"/api/v1/referrals/{referral['id']}/consent?reason=following%20a%20referral", headers=coordinator)
    assert client.get(f"/api/v1/referrals/{uuid.uuid4()}", headers=coordinator).status_code == 404
    assert client.get(f"/api/v1/support-requests/{people.request['id']}?reason=", headers=coordinator
                      ).status_code == 422
    found = {(r.record_kind, r.record_id, r.reason, r.reader_id, r.subject_id) for r in reads(make_uow)}
    assert found == {
        ("support_request", people.request["id"], "Safeguarding review", people.coordinator, people.requester),
        ("consent", referral["id"], "following a referral", people.coordinator, people.requester),
    }


def test_a_coordinator_outside_the_pair_who_gives_no_reason_opens_nothing_and_nothing_is_recorded(
        client, people, make_uow):
    referral = people.suggest()
    for path in (f"/api/v1/support-requests/{people.request['id']}",
                 f"/api/v1/support-requests/{people.request['id']}/referrals",
                 f"/api/v1/referrals/{referral['id']}", f"/api/v1/referrals/{referral['id']}/consent"):
        for query in ("", "?reason=%20%20"):
            refused = client.get(path + query, headers=people.as_("coordinator"))
            assert refused.status_code == 422, (path, query, refused.json)
            assert [e["field"] for e in refused.json["errors"]] == ["reason"]
            assert "details" not in refused.json and "service" not in refused.json
        assert client.get(path, headers=people.as_("requester")).status_code == 200  # the pair need none
    [said] = client.get(f"/api/v1/support-requests/{people.request['id']}", headers=people.as_("coordinator")
                        ).json["errors"]
    assert "someone else's support request" in said["message"]
    assert reads(make_uow) == []


def test_the_administrator_asks_who_looked_at_a_persons_record(client, people):
    people.suggest()
    client.get(f"/api/v1/support-requests/{people.request['id']}?reason=Complaint%20follow-up",
               headers=people.as_("coordinator"))
    for who in ("coordinator", "requester", "manager"):
        assert client.get("/api/v1/audit", headers=people.as_(who)).status_code == 403
    page = client.get(f"/api/v1/audit?subject_id={people.requester}", headers=people.as_("admin"))
    assert page.status_code == 200, page.json
    assert page.json["total"] == 1
    [item] = page.json["items"]
    assert (item["reader_id"], item["subject_id"], item["record_kind"], item["reason"]) == (
        people.coordinator, people.requester, "support_request", "Complaint follow-up")
    assert item["reader_name"].startswith("Person ") and "coordinator" in item["reader_roles"]
    assert datetime.fromisoformat(item["read_at"]).utcoffset() is not None
    other = client.get(f"/api/v1/audit?subject_id={people.supporter}", headers=people.as_("admin"))
    assert other.json["total"] == 0
    bad = client.get("/api/v1/audit?subject_id=nobody&record_kind=diary&limit=0", headers=people.as_("admin"))
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"subject_id", "record_kind", "limit"}


def test_a_person_asks_who_looked_at_their_own_records_and_no_one_else_s(client, people):
    people.suggest()
    client.get(f"/api/v1/support-requests/{people.request['id']}?reason=Complaint%20follow-up",
               headers=people.as_("coordinator"))
    mine = client.get("/api/v1/me/record-reads", headers=people.as_("requester"))
    assert mine.status_code == 200, mine.json
    [item] = mine.json["items"]
    assert (item["reader_id"], item["subject_id"], item["reason"]) == (
        people.coordinator, people.requester, "Complaint follow-up")
    for who in ("supporter", "coordinator", "manager"):  # the reads of their own records: none
        assert client.get("/api/v1/me/record-reads", headers=people.as_(who)).json["total"] == 0
    forced = client.get(f"/api/v1/me/record-reads?subject_id={people.requester}", headers=people.as_("supporter"))
    assert forced.json["total"] == 0  # no other person's records may be asked for: the parameter is not heard
    assert client.get("/api/v1/me/record-reads?limit=0", headers=people.as_("requester")).status_code == 422


def test_a_referral_answers_with_the_sources_of_help_that_fit_it_from_identitys_directory(people, identity, client):
    oh = identity.help_source(name="Occupational Health", kind="occupational_health", phone="0141 201 0000",
                              how_to_reach="self-refer online", url="https://oh.example.org", hours="9 to 5")
    crisis = identity.help_source(name="Samaritans", kind="crisis_line", phone="116 123", hours="24 hours")
    identity.help_source("withdrawn", name="Old line", kind="occupational_health")
    suggested = people.suggest()
    assert [(s["id"], s["name"], s["phone"], s["how_to_reach"], s["url"], s["hours"])
            for s in suggested["sources_of_help"]] == [
        (oh, "Occupational Health", "0141 201 0000", "self-refer online", "https://oh.example.org", "9 to 5")]
    urgent = people.suggest(service="urgent")
    assert [s["id"] for s in urgent["sources_of_help"]] == [crisis]
    opened = client.get(f"/api/v1/referrals/{suggested['id']}", headers=people.as_("requester"))
    assert [s["id"] for s in opened.json["sources_of_help"]] == [oh]
    listed = client.get(f"/api/v1/support-requests/{people.request['id']}/referrals", headers=people.as_("supporter"))
    assert [[s["id"] for s in r["sources_of_help"]] for r in listed.json] == [[oh], [crisis]]
    consented = people.consent(suggested["id"])
    assert [s["id"] for s in consented["sources_of_help"]] == [oh]
