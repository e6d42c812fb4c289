from datetime import UTC, datetime

import pytest
from jinja2 import UndefinedError

from notifications.adapters.templates import render, with_article
from notifications.domain import notices
from notifications.domain.model import StaffCopy

AT = datetime(2026, 11, 1, 9, tzinfo=UTC)
ann = StaffCopy(staff_id="id-ann", name="Ann Smith", email="ann@psn.test", as_of=AT)
boss = StaffCopy(staff_id="id-boss", name="Bea Boss", email="bea@psn.test", as_of=AT)
rita = StaffCopy(staff_id="id-rita", name="Rita Requester", email="rita@psn.test", as_of=AT)

EVERY_NOTICE = [
    *notices.role_granted(ann, "peer_supporter", 4, boss),
    *notices.role_granted(ann, "trainer", None, boss),
    *notices.request_allocated(rita, ann, "video"),
    *notices.request_waiting([boss], rita.staff_id, "req-1", "no supporter has capacity"),
]


@pytest.mark.parametrize("notice", EVERY_NOTICE, ids=lambda n: n.kind)
def test_every_notice_renders_a_subject_line_and_a_body(notice):
    text = render(notice.kind, notice.context)
    assert text.subject and "\n" not in text.subject
    assert text.body.startswith(f"Dear {notice.recipient.name},")


def test_the_new_supporter_hears_their_monthly_hours():
    text = render("peer_supporter_granted", {"name": "Ann", "monthly_hours": 4})
    assert text.subject == "You are now a peer supporter"
    assert "4 hours a month" in text.body


def test_no_hours_means_no_sentence_about_hours():
    assert "hours" not in render("peer_supporter_granted", {"name": "Ann", "monthly_hours": None}).body


def test_the_requester_hears_who_their_supporter_is():
    text = render("request_allocated_requester", {"name": "Rita", "supporter_name": "Ann Smith", "mode": "by phone"})
    assert "We have matched you with a peer supporter: Ann Smith" in text.body


def test_the_supporter_and_coordinators_are_not_told_who_asked():
    for notice in EVERY_NOTICE:
        if notice.kind in ("request_allocated_supporter", "request_waiting"):
            text = render(notice.kind, notice.context)
            assert "Rita" not in text.subject + text.body


def test_the_supporter_hears_a_colleague_was_matched():
    assert render("request_allocated_supporter", {"name": "Ann", "mode": "by phone"}).subject == (
        "A colleague has been matched with you"
    )


def test_a_missing_value_is_an_error_not_a_blank():
    with pytest.raises(UndefinedError):
        render("role_granted", {"name": "Ann"})


def test_a_name_cannot_break_the_subject_line():
    context = {"name": "B", "supporter_name": "Ann\nBcc: x@evil.test", "monthly_hours": 1}
    text = render("peer_supporter_granted_manager", context)
    assert "\n" not in text.subject


@pytest.mark.parametrize(("role", "subject"), [
    ("admin", "You are now an administrator"),
    ("trainer", "You are now a peer support trainer"),
    ("wellbeing_champion", "You are now a wellbeing champion"),
])
def test_a_new_role_reads_with_the_right_article(role, subject):
    [notice] = notices.role_granted(ann, role, None, boss)
    text = render(notice.kind, notice.context)
    assert text.subject == subject
    assert f"the role of {notices.ROLE_TITLES[role]} in" in text.body


def test_an_goes_before_a_vowel_and_a_before_a_consonant():
    assert with_article("administrator") == "an administrator"
    assert with_article("Occupational therapist") == "an Occupational therapist"
    assert with_article("network coordinator") == "a network coordinator"
