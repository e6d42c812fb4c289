"""A peer supporter's time for peer support: seen and changed by them, their managers and the coordinators; a raise
proposed by one manager and agreed or declined by the other (identity decides who may; decisions 83 and 85)."""

from __future__ import annotations

from services.web.tests.unit.conftest import ME, csrf
from services.web.tests.unit.fakes import problem
from services.web.tests.unit.test_pages import summary
from web.language import COOKIE

SUPPORTER = "55555555-5555-4555-8555-555555555555"
LINE, SENIOR = "66666666-6666-4666-8666-666666666666", ME["id"]
RAISE = "88888888-8888-4888-8888-888888888888"
HOURS_URL = f"/api/v1/staff/{SUPPORTER}/supporter-hours"


def raise_pending(**changes) -> dict:
    return {"id": RAISE, "monthly_hours": 6, "previous_hours": 4, "state": "pending", "reason": "fewer shifts",
            "proposed_by": LINE, "proposed_as": "line_manager", "proposed_at": "2026-12-01T10:00:00+00:00",
            "agreed_by": None, "agreed_as": None, "agreed_at": None, "closed_at": None, "closed_by": None,
            "awaited_post": "senior_manager", **changes}


def held(monthly_hours: int = 4, pending: dict | None = None, changes: list | None = None) -> dict:
    return {"staff_id": SUPPORTER, "monthly_hours": monthly_hours, "pending_raise": pending,
            "changes": changes if changes is not None else ([pending] if pending else []),
            "line_manager_id": LINE, "senior_manager_id": SENIOR}


def answering(services, hours: dict) -> None:
    services.on("GET", "identity", HOURS_URL, (200, hours))
    services.on("GET", "identity", f"/api/v1/staff/{SUPPORTER}", (200, {"id": SUPPORTER, "name": "Ann Smith"}))


def test_the_other_manager_sees_a_pending_raise_and_agrees_to_it(signed_in, services):
    client = signed_in(["staff", "senior_manager"])
    answering(services, held(pending=raise_pending()))
    agreement = f"{HOURS_URL}/raises/{RAISE}/agreement"
    services.on("POST", "identity", agreement, (200, held(6)))
    page = client.get(f"/supporter-hours/{SUPPORTER}")
    body = page.data.decode()
    assert page.status_code == 200 and "Ann Smith" in body
    assert "A raise to 6 hours a month waits for agreement" in body and "Agree to 6 hours a month" in body
    assert "Their line manager" in body and "their senior manager agrees" in body and "fewer shifts" in body
    assert "Withdraw the proposal" not in body
    done = client.post(f"/supporter-hours/{SUPPORTER}/raises/{RAISE}/agreement", data={"csrf_token": csrf(page.data)})
    assert done.status_code == 302 and len(services.calls("POST", "identity", agreement)) == 1


def test_the_proposer_withdraws_and_a_refusal_is_shown(signed_in, services):
    client = signed_in(["staff", "senior_manager"])
    answering(services, held(pending=raise_pending(proposed_by=ME["id"], proposed_as="senior_manager",
                                                   awaited_post="line_manager")))
    withdrawal = f"{HOURS_URL}/raises/{RAISE}/withdrawal"
    services.on("POST", "identity", withdrawal, problem(409, "Conflict", detail="That raise is no longer waiting."))
    page = client.get(f"/supporter-hours/{SUPPORTER}")
    body = page.data.decode()
    assert "Withdraw the proposal" in body and "Agree to" not in body and "/refusal" not in body
    refused = client.post(f"/supporter-hours/{SUPPORTER}/raises/{RAISE}/withdrawal",
                          data={"csrf_token": csrf(page.data)})
    assert refused.status_code == 422 and "That raise is no longer waiting." in refused.data.decode()
    assert client.post(f"/supporter-hours/{SUPPORTER}/raises/{RAISE}/veto",
                       data={"csrf_token": csrf(page.data)}).status_code == 404


def test_the_other_manager_declines_beside_agreeing_with_a_reason_or_without(signed_in, services):
    client = signed_in(["staff", "senior_manager"])
    answering(services, held(pending=raise_pending()))
    refusal = f"{HOURS_URL}/raises/{RAISE}/refusal"
    services.on("POST", "identity", refusal, (200, held(4)))
    page = client.get(f"/supporter-hours/{SUPPORTER}")
    body = page.data.decode()
    buttons = body.split('class="nhsuk-button-group', 1)[1].split("</div>", 1)[0]
    assert "Agree to 6 hours a month" in buttons and "Decline" in buttons
    assert f'formaction="/supporter-hours/{SUPPORTER}/raises/{RAISE}/refusal"' in buttons
    assert 'name="decline_reason"' in body and "If you decline, why? (optional)" in body
    declined = client.post(f"/supporter-hours/{SUPPORTER}/raises/{RAISE}/refusal",
                           data={"csrf_token": csrf(page.data), "decline_reason": "  not while the ward is short "},
                           follow_redirects=True)
    assert "The proposal is declined: the hours stay as they are" in declined.data.decode()
    assert services.calls("POST", "identity", refusal)[-1].json == {"reason": "not while the ward is short"}
    client.post(f"/supporter-hours/{SUPPORTER}/raises/{RAISE}/refusal",
                data={"csrf_token": csrf(page.data), "decline_reason": ""})
    assert services.calls("POST", "identity", refusal)[-1].json == {"reason": None}
    assert services.calls("POST", "identity", f"{HOURS_URL}/raises/{RAISE}/agreement") == []


def test_identity_s_refusal_of_a_decline_shows_beside_its_reason_which_is_kept(signed_in, services):
    client = signed_in(["staff", "senior_manager"])
    answering(services, held(pending=raise_pending()))
    services.on("POST", "identity", f"{HOURS_URL}/raises/{RAISE}/refusal", problem(422, "Unprocessable Entity", errors=[
        {"field": "reason", "message": "Longer than maximum length 500."}]))
    page = client.get(f"/supporter-hours/{SUPPORTER}")
    refused = client.post(f"/supporter-hours/{SUPPORTER}/raises/{RAISE}/refusal",
                          data={"csrf_token": csrf(page.data), "decline_reason": "far too long"})
    body = refused.data.decode()
    assert refused.status_code == 422 and summary(body) == {"#decline-reason": "Enter 500 characters or fewer"}
    assert ">far too long</textarea>" in body


def test_the_supporter_sees_a_raise_waiting_but_neither_agrees_nor_declines(signed_in, services):
    services.on("GET", "identity", "/api/v1/me", (200, {**ME, "id": SUPPORTER, "roles": ["staff", "peer_supporter"]}))
    client = signed_in()
    answering(services, held(pending=raise_pending()))
    body = client.get(f"/supporter-hours/{SUPPORTER}").data.decode()
    assert "A raise to 6 hours a month waits for agreement" in body
    assert "Agree to" not in body and "/refusal" not in body and "decline_reason" not in body


def test_a_declined_raise_is_shown_with_who_declined_it_and_why(signed_in, services):
    client = signed_in(["staff", "line_manager"])
    declined = raise_pending(state="declined", closed_by=SENIOR, closed_as="senior_manager",
                             closed_at="2026-12-02T10:00:00+00:00", closed_reason="not while the ward is short",
                             awaited_post=None)
    answering(services, held(changes=[declined]))
    body = client.get(f"/supporter-hours/{SUPPORTER}").data.decode()
    row = body.split('<tbody class="nhsuk-table__body">', 1)[1].split("</tr>", 1)[0]
    assert "Declined" in row and "Their senior manager" in row
    assert "fewer shifts" in row and "Declined because: not while the ward is short" in row


def test_hours_are_changed_and_said_whether_they_took_effect_or_wait(signed_in, services):
    client = signed_in(["staff", "line_manager"])
    answering(services, held())
    page = client.get(f"/supporter-hours/{SUPPORTER}")
    form = {"csrf_token": csrf(page.data), "monthly_hours": "four", "reason": ""}
    wrong = client.post(f"/supporter-hours/{SUPPORTER}", data=form)
    assert wrong.status_code == 422 and summary(wrong.data.decode()) == {
        "#monthly-hours": "Enter the hours a month as a whole number, for example 4"}
    assert services.calls("PUT", "identity", HOURS_URL) == []
    services.on("PUT", "identity", HOURS_URL, (200, held(2)))
    lowered = client.post(f"/supporter-hours/{SUPPORTER}", data={**form, "monthly_hours": "2", "reason": "new rota"},
                          follow_redirects=True)
    assert "The hours are changed" in lowered.data.decode()
    assert services.calls("PUT", "identity", HOURS_URL)[-1].json == {"monthly_hours": 2, "reason": "new rota"}
    services.on("PUT", "identity", HOURS_URL, (200, held(4, raise_pending())))
    proposed = client.post(f"/supporter-hours/{SUPPORTER}", data={**form, "monthly_hours": "6"},
                           follow_redirects=True)
    assert "they take effect when the other manager agrees" in proposed.data.decode()
    assert services.calls("PUT", "identity", HOURS_URL)[-1].json == {"monthly_hours": 6, "reason": None}


def test_identity_s_refusal_names_the_input(signed_in, services):
    client = signed_in(["staff", "coordinator"])
    answering(services, held())
    services.on("PUT", "identity", HOURS_URL, problem(422, "Unprocessable Entity", errors=[
        {"field": "monthly_hours", "message": "monthly hours must be between 1 and 40"}]))
    page = client.get(f"/supporter-hours/{SUPPORTER}")
    refused = client.post(f"/supporter-hours/{SUPPORTER}", data={"csrf_token": csrf(page.data), "monthly_hours": "41"})
    assert refused.status_code == 422 and "#monthly-hours" in summary(refused.data.decode())


def test_a_manager_finds_the_peer_supporters_they_manage(signed_in, services):
    client = signed_in(["staff", "line_manager"])
    services.on("GET", "identity", "/api/v1/me/reports", (200, [
        {"id": SUPPORTER, "name": "Ann Smith", "roles": ["staff", "peer_supporter"]},
        {"id": LINE, "name": "Bo Other", "roles": ["staff"]}]))
    body = client.get("/supporter-hours").data.decode()
    assert f"/supporter-hours/{SUPPORTER}" in body and "Bo Other" not in body and "Your own hours" not in body


def test_the_page_reads_in_welsh(client, signed_in, services):
    client = signed_in(["staff", "senior_manager"])
    answering(services, held(pending=raise_pending()))
    client.set_cookie(COOKIE, "cy")
    body = client.get(f"/supporter-hours/{SUPPORTER}").data.decode()
    assert "Amser ar gyfer cymorth gan gymheiriaid" in body and "Cytuno i 6 awr y mis" in body
    assert "Gwrthod" in body and "Os ydych yn gwrthod, pam? (dewisol)" in body


def test_a_peer_supporter_s_page_links_to_their_time_for_peer_support(signed_in, services):
    record = {"id": SUPPORTER, "name": "Ann Smith", "job_title": None, "team_id": None, "email": "ann@psn.test",
              "status": "active", "roles": ["staff", "peer_supporter"]}
    services.on("GET", "identity", f"/api/v1/staff/{SUPPORTER}", (200, record))
    services.on("GET", "identity", f"/api/v1/staff/{SUPPORTER}/roles", (200, []))
    body = signed_in(["staff", "coordinator"]).get(f"/coordinate/people/{SUPPORTER}").data.decode()
    assert f'href="/supporter-hours/{SUPPORTER}"' in body
    services.on("GET", "identity", f"/api/v1/staff/{SUPPORTER}", (200, {**record, "roles": ["staff"]}))
    body = signed_in(["staff", "coordinator"]).get(f"/coordinate/people/{SUPPORTER}").data.decode()
    assert "/supporter-hours/" not in body


def test_the_header_still_names_who_is_signed_in(signed_in, services):
    # The page's own values must not shadow the template context's `me`, the signed-in person the header names.
    client = signed_in(["staff", "senior_manager"])
    answering(services, held(pending=raise_pending()))
    body = client.get(f"/supporter-hours/{SUPPORTER}").data.decode()
    account = body.split('class="nhsuk-header__account-link" href="/settings/details"', 1)[1].split("</a>", 1)[0]
    assert ME["name"] in account
