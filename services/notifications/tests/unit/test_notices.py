from datetime import UTC, datetime

from notifications.adapters.templates import render
from notifications.domain import notices
from notifications.domain.model import StaffCopy

AT = datetime(2026, 11, 1, 9, tzinfo=UTC)


def member(name: str, *, status: str = "active", roles: tuple[str, ...] = (), line_manager_id=None) -> StaffCopy:
    return StaffCopy(staff_id=f"id-{name}", name=name, email=f"{name}@psn.test", as_of=AT, status=status,
                     line_manager_id=line_manager_id, roles=["staff", *roles])


def told(to_tell: list[notices.Notice]) -> list[tuple[str, str]]:
    return [(n.recipient.name, n.kind) for n in to_tell]


def test_a_new_peer_supporter_and_their_line_manager_are_told():
    boss = member("boss")
    ann = member("ann", line_manager_id=boss.staff_id)
    to_tell = notices.role_granted(ann, "peer_supporter", 4, boss)
    assert told(to_tell) == [("ann", "peer_supporter_granted"), ("boss", "peer_supporter_granted_manager")]
    assert to_tell[0].context["monthly_hours"] == 4
    assert to_tell[1].context["supporter_name"] == "ann"


def test_a_peer_supporter_without_a_line_manager_is_told_alone():
    assert told(notices.role_granted(member("ann"), "peer_supporter", None, None)) == [
        ("ann", "peer_supporter_granted")
    ]


def test_other_roles_are_told_to_the_person_only():
    boss = member("boss")
    to_tell = notices.role_granted(member("ann", line_manager_id=boss.staff_id), "wellbeing_champion", None, boss)
    assert told(to_tell) == [("ann", "role_granted")]
    assert to_tell[0].context["role"] == "wellbeing_champion"


def test_a_supporter_whose_role_ends_and_their_line_manager_are_told_how_it_ended_never_why():
    boss = member("boss")
    ann = member("ann", roles=("peer_supporter",), line_manager_id=boss.staff_id)
    to_tell = notices.role_ended(ann, "peer_supporter", "suspended", boss)
    assert told(to_tell) == [("ann", "role_ended"), ("boss", "role_ended_manager")]
    assert to_tell[1].context == {"name": "boss", "member_name": "ann", "role": "peer_supporter",
                                  "ending": "suspended"}
    assert "reason" not in to_tell[0].context


def test_a_champion_who_moves_team_is_told_alone_and_a_leaver_not_at_all():
    boss = member("boss")
    ann = member("ann", line_manager_id=boss.staff_id)
    assert told(notices.role_ended(ann, "wellbeing_champion", "left_team", boss)) == [("ann", "role_ended")]
    assert notices.role_ended(ann, "peer_supporter", "left", boss) == []


def test_an_ending_an_older_producer_does_not_name_reads_as_withdrawn():
    assert notices.role_ended(member("ann"), "trainer", None, None)[0].context["ending"] == "withdrawn"


def test_each_ending_reads_as_itself():
    said = {ending: render("role_ended", {"name": "Ann", "role": "wellbeing_champion", "ending": ending}).body
            for ending in ("left_team", "suspended", "withdrawn")}
    assert "moved to another team" in said["left_team"]
    assert "suspended for now" in said["suspended"]
    assert "has ended" in said["withdrawn"] and "moved" not in said["withdrawn"]
    assert "Colleagues you were supporting" not in said["withdrawn"]
    supporter = render("role_ended", {"name": "Ann", "role": "peer_supporter", "ending": "withdrawn"}).body
    assert "Colleagues you were supporting will be offered another peer supporter" in supporter


def test_leavers_are_not_told():
    boss = member("boss", status="left")
    assert told(notices.role_granted(member("ann"), "peer_supporter", 4, boss)) == [("ann", "peer_supporter_granted")]


def test_an_allocation_tells_the_supporter_and_the_requester():
    to_tell = notices.request_allocated(member("rita"), member("sam"), "in_person")
    assert told(to_tell) == [("sam", "request_allocated_supporter"), ("rita", "request_allocated_requester")]
    assert to_tell[1].context == {"name": "rita", "supporter_name": "sam", "mode": "in_person"}
    assert "rita" not in str(to_tell[0].context)


def test_a_waiting_request_tells_every_coordinator_but_not_whose_it_is():
    coordinators = [member("cleo", roles=("coordinator",)), member("carl", roles=("coordinator",))]
    to_tell = notices.request_waiting(coordinators, "id-rita", "req-1", "no supporter has capacity")
    assert told(to_tell) == [("cleo", "request_waiting"), ("carl", "request_waiting")]
    assert all("id-rita" not in str(n.context) for n in to_tell)
    # The message opens the request's page, the read recorded as from the waiting list.
    for language in ("en", "cy"):
        body = render(to_tell[0].kind, to_tell[0].context, language).body
        assert "http://127.0.0.1:8000/support/requests/req-1?why=waiting" in body


def test_a_coordinator_is_not_told_of_their_own_waiting_request():
    cleo = member("cleo", roles=("coordinator",))
    assert notices.request_waiting([cleo], cleo.staff_id, "req-1", "none free") == []

