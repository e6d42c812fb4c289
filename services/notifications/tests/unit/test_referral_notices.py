"""Referral messages: who is told, that every one renders, and that none gives anything away on a shared screen."""

from datetime import UTC, datetime

import pytest

from notifications.adapters.templates import render
from notifications.domain import referral_notices
from notifications.domain.model import StaffCopy

AT = datetime(2026, 11, 1, 9, tzinfo=UTC)
rita = StaffCopy(staff_id="id-rita", name="Rita Requester", email="rita@psn.test", as_of=AT)
sue = StaffCopy(staff_id="id-sue", name="Sue Supporter", email="sue@psn.test", as_of=AT)
cleo = StaffCopy(staff_id="id-cleo", name="Cleo Coordinator", email="cleo@psn.test", as_of=AT)
gone = StaffCopy(staff_id="id-gone", name="Gone Coordinator", email="gone@psn.test", as_of=AT, status="left")

EVERY_NOTICE = [
    *referral_notices.referral_suggested(rita),
    *referral_notices.urgent_referral([cleo], rita.staff_id, "req-1", "ref-1"),
    *referral_notices.referral_decided(sue, "consented", "ref-1"),
    *referral_notices.referral_decided(sue, "refused", "ref-1"),
]
GIVEAWAYS = ("peer support", "support request", "referral", "referred", "counsel", "mental", "crisis",
             "occupational", "psycholog", "chaplain", "Rita")


@pytest.mark.parametrize("notice", EVERY_NOTICE, ids=lambda n: n.kind)
def test_every_message_renders_and_its_subject_gives_nothing_away(notice):
    text = render(notice.kind, notice.context)
    assert text.subject and "\n" not in text.subject
    assert text.body.startswith(f"Dear {notice.recipient.name},")
    for word in GIVEAWAYS:
        assert word.lower() not in text.subject.lower()
        if notice.recipient is not rita:
            assert word.lower() not in text.body.lower()


def test_the_person_is_asked_for_their_decision():
    [notice] = referral_notices.referral_suggested(rita)
    assert (notice.recipient, notice.critical) == (rita, False)
    assert "your decision" in render(notice.kind, notice.context).body


def test_urgent_alerts_are_critical_for_every_coordinator_but_the_person_and_leavers():
    alerts = referral_notices.urgent_referral([cleo, rita, gone], rita.staff_id, "req-9", "ref-9")
    assert [(n.recipient, n.critical) for n in alerts] == [(cleo, True)]
    text = render(alerts[0].kind, alerts[0].context)
    assert text.subject.startswith("Urgent") and "ref-9" in text.body
    # The request's page, where the coordinator reads who and why (the read recorded with that reason).
    assert "http://127.0.0.1:8000/support/requests/req-9?why=urgent" in text.body
    assert "req-9" not in text.subject + text.short


def test_the_supporter_hears_the_persons_decision_and_nothing_else():
    agreed = render(*_kind_context(referral_notices.referral_decided(sue, "consented", "ref-1")))
    declined = render(*_kind_context(referral_notices.referral_decided(sue, "refused", "ref-1")))
    assert "they agreed to it" in agreed.body and "they decided not to go ahead" in declined.body
    for later in ("made", "accepted", "declined", "closed"):
        assert referral_notices.referral_decided(sue, later, "ref-1") == []


def _kind_context(told: list) -> tuple[str, dict]:
    [notice] = told
    return notice.kind, notice.context
