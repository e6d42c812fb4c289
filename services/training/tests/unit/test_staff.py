from datetime import timedelta

from services.training.tests.unit.builders import DAY_1, DAY_2, NOW, person
from training.domain.staff import Delegation

# Delegations, the staff copy


def test_a_copied_delegation_covers_its_period_until_identity_ends_it():
    delegation = Delegation(id="d1", manager_id="boss", delegate_id="deputy", starts_on=DAY_1, ends_on=DAY_2)
    assert delegation.covers(DAY_1) and delegation.covers(DAY_2)
    assert not delegation.covers(DAY_2 + timedelta(days=1))
    delegation.end(NOW)
    delegation.end(NOW + timedelta(hours=1))  # a redelivered end keeps the first time
    assert delegation.ended_at == NOW and not delegation.covers(DAY_1)


def test_older_news_about_a_person_is_ignored_and_support_time_counts_from_the_grant():
    ann = person()
    later = NOW + timedelta(minutes=1)
    ann.grant("peer_supporter", later, since=NOW - timedelta(days=3))
    ann.revoke("peer_supporter", NOW)  # an earlier revocation, delivered late
    assert (ann.roles, ann.supporter_since) == (["peer_supporter"], NOW - timedelta(days=3))
    ann.revoke("peer_supporter", later + timedelta(minutes=1))
    assert (ann.roles, ann.supporter_since) == ([], None)
    ann.mark_left(ann.as_of - timedelta(minutes=1))  # the record has its own clock: older news is ignored
    assert ann.active
    ann.mark_left(later + timedelta(minutes=2))
    assert not ann.active
