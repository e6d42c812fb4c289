from datetime import UTC, date, datetime

import pytest

from identity.domain.model import Delegation, Staff, both_endorsements
from psn_shared.errors import Conflict, InvalidInput

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def member(**kwargs) -> Staff:
    return Staff(employee_number="E1", name="Ann Example", email="Ann@Example.org ", **kwargs)


def test_email_is_normalised():
    assert member().email == "ann@example.org"


def test_every_active_member_holds_the_staff_role():
    assert member().held_roles() == {"staff"}


def test_granting_a_role_twice_records_one_grant():
    ann = member()
    first = ann.grant_role("peer_supporter", reason="L2", at=NOW, monthly_hours=4)
    second = ann.grant_role("peer_supporter", reason="L2 again", at=NOW)
    assert first is not None and second is None
    assert [g.role for g in ann.role_grants] == ["peer_supporter"]
    assert ann.held_roles() == {"staff", "peer_supporter"}


def test_a_leaver_cannot_be_granted_a_role():
    ann = member(status="left")
    with pytest.raises(Conflict):
        ann.grant_role("peer_supporter", reason="L2", at=NOW)


def test_derived_roles_cannot_be_granted():
    with pytest.raises(InvalidInput):
        member().grant_role("line_manager", reason="no", at=NOW)


def test_nobody_manages_themselves():
    with pytest.raises(InvalidInput):
        Staff(employee_number="E2", name="B", email="b@x.org", id="same", line_manager_id="same")


@pytest.mark.parametrize(
    ("capacities", "expected"),
    [
        (["line_manager", "senior_manager"], True),
        (["senior_manager", "line_manager"], True),
        (["line_manager"], False),
        (["senior_manager", "senior_manager"], False),
        ([], False),
    ],
)
def test_level_2_needs_both_endorsements(capacities, expected):
    assert both_endorsements(capacities) is expected


def test_an_ended_delegation_is_no_longer_in_force_and_ends_once():
    delegation = Delegation(manager_id="boss", delegate_id="deputy", starts_on=date(2026, 11, 1),
                            ends_on=date(2026, 11, 30), reason="leave")
    assert delegation.in_force(date(2026, 11, 10))
    delegation.end(reason="back early", ended_by="boss", at=datetime(2026, 11, 10, 9, tzinfo=UTC))
    assert not delegation.in_force(date(2026, 11, 10))
    with pytest.raises(Conflict):
        delegation.end(reason="again", ended_by="boss", at=datetime(2026, 11, 11, tzinfo=UTC))


def test_a_delegation_already_over_cannot_be_ended():
    delegation = Delegation(manager_id="boss", delegate_id="deputy", starts_on=date(2026, 11, 1),
                            ends_on=date(2026, 11, 2), reason="leave")
    with pytest.raises(Conflict):
        delegation.end(reason="late", ended_by="boss", at=datetime(2026, 11, 3, tzinfo=UTC))


def test_someone_without_a_password_who_has_not_left_may_be_welcomed():
    ann = member()
    assert not ann.has_password
    ann.check_may_be_welcomed()


def test_someone_with_a_password_is_not_welcomed_but_pointed_to_forgotten_your_password():
    with pytest.raises(Conflict) as refused:
        member(password_hash="$argon2id$chosen").check_may_be_welcomed()
    assert "already has a password" in refused.value.detail and "Forgotten your password" in refused.value.detail


def test_a_leaver_is_not_welcomed_even_without_a_password():
    with pytest.raises(Conflict) as refused:
        member(status="left").check_may_be_welcomed()
    assert refused.value.field == "status" and "has left" in refused.value.detail
