from importlib.resources import files

import pytest
from jinja2 import UndefinedError

from notifications.adapters import templates
from notifications.adapters.templates import BILINGUAL, LANGUAGES, render
from notifications.adapters.wording import Wording
from notifications.domain import notices
from notifications.domain.categories import category_of
from services.notifications.tests.unit.every_notice import EVERY_NOTICE, ann, boss, every_kind_and_context

TEMPLATE_KINDS = sorted(p.name.removesuffix(".txt") for p in (files("notifications") / "templates").iterdir()
                        if p.name.endswith(".txt"))


def test_the_samples_cover_every_template():
    assert sorted({kind for kind, _ in every_kind_and_context()}) == TEMPLATE_KINDS


@pytest.mark.parametrize("kind", TEMPLATE_KINDS)
def test_every_kind_has_a_category(kind):
    assert category_of(kind)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("notice", EVERY_NOTICE, ids=lambda n: n.kind)
def test_every_notice_renders_a_subject_line_a_short_text_and_a_body(notice, language):
    text = render(notice.kind, notice.context, language)
    assert text.subject and "\n" not in text.subject
    assert text.short and "\n" not in text.short
    greeting = {"en": "Dear", "cy": "Annwyl"}[language]
    assert text.body.startswith(f"{greeting} {notice.recipient.name},")


def test_the_new_supporter_hears_their_monthly_hours():
    text = render("peer_supporter_granted", {"name": "Ann", "monthly_hours": 4})
    assert text.subject == "You are now a peer supporter"
    assert "4 hours a month" in text.body
    assert "1 hour a month" in render("peer_supporter_granted", {"name": "Ann", "monthly_hours": 1}).body
    assert "4 awr y mis" in render("peer_supporter_granted", {"name": "Ann", "monthly_hours": 4}, "cy").body


def test_no_hours_means_no_sentence_about_hours():
    assert "hours" not in render("peer_supporter_granted", {"name": "Ann", "monthly_hours": None}).body


def test_the_requester_hears_who_their_supporter_is_and_how_they_will_meet():
    context = {"name": "Rita", "supporter_name": "Ann Smith", "mode": "phone"}
    assert "We have matched you with a peer supporter: Ann Smith" in render("request_allocated_requester", context).body
    assert "arrange a conversation by phone" in render("request_allocated_requester", context).body
    assert "sgwrs dros y ffôn" in render("request_allocated_requester", context, "cy").body


def test_the_supporter_and_coordinators_are_not_told_who_asked():
    for notice in EVERY_NOTICE:
        if notice.kind in ("request_allocated_supporter", "request_waiting", "request_waiting_too_long",
                           "referral_urgent"):
            for language in LANGUAGES:
                text = render(notice.kind, notice.context, language)
                assert "Rita" not in text.subject + text.body + text.short


def test_a_missing_value_is_an_error_not_a_blank():
    with pytest.raises(UndefinedError):
        render("role_granted", {"name": "Ann"})


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="fr"):
        render("role_granted", {"name": "Ann", "role": "admin"}, "fr")


def test_a_name_cannot_break_the_subject_line():
    context = {"name": "B", "supporter_name": "Ann\nBcc: x@evil.test", "monthly_hours": 1}
    for language in (*LANGUAGES, BILINGUAL):
        assert "\n" not in render("peer_supporter_granted_manager", context, language).subject


@pytest.mark.parametrize(("role", "subject", "title"), [
    ("admin", "You are now an administrator", "administrator"),
    ("trainer", "You are now a peer support trainer", "peer support trainer"),
    ("wellbeing_champion", "You are now a wellbeing champion", "wellbeing champion"),
    ("some_new_role", "You are now a new role", "new role"),
])
def test_a_new_role_reads_with_the_right_article(role, subject, title):
    [notice] = notices.role_granted(ann, role, None, boss)
    text = render(notice.kind, notice.context)
    assert text.subject == subject
    assert f"the role of {title} in" in text.body


def test_a_new_role_in_welsh_needs_no_article():
    [notice] = notices.role_granted(ann, "admin", None, boss)
    assert render(notice.kind, notice.context, "cy").subject == "Rôl newydd i chi: gweinyddwr"


def test_an_goes_before_a_vowel_and_a_before_a_consonant():
    english = Wording("en", None)  # type: ignore[arg-type]  # with_article needs no translations
    assert english.with_article("administrator") == "an administrator"
    assert english.with_article("Occupational therapist") == "an Occupational therapist"
    assert english.with_article("network coordinator") == "a network coordinator"


def test_times_are_written_in_london_time_in_the_message_language():
    context = {"name": "Ann", "other_name": "Rita", "starts_at": "2027-03-30T09:00:00+00:00", "mode": "phone",
               "link": None, "room": None}
    assert "Tuesday 30 March 2027 at 10:00 BST, by phone" in render("meeting_booked", context).body
    assert "Dydd Mawrth 30 Mawrth 2027 am 10:00 BST, dros y ffôn" in render("meeting_booked", context, "cy").body
    winter = {**context, "starts_at": "2027-01-12T09:00:00+00:00"}
    assert "Tuesday 12 January 2027 at 09:00 GMT" in render("meeting_booked", winter).body


def test_a_bilingual_message_is_welsh_first_then_english():
    context = {"name": "Ann", "other_name": "Rita", "starts_at": "2027-03-30T09:00:00+00:00", "mode": "phone",
               "link": None, "room": None}
    text = render("meeting_booked", context, BILINGUAL)
    assert text.subject == "Mae cyfarfod wedi'i drefnu / A meeting has been arranged"
    assert text.body.index("Annwyl Ann") < text.body.index("Dear Ann")
    assert text.short.startswith("Mae gennych neges newydd") and text.short.endswith("Peer Support Network.")


SIGNPOSTED = ("request_waiting_requester", "referral_suggested")  # where other sources of help may be wanted


@pytest.mark.parametrize("kind", SIGNPOSTED)
def test_a_notice_where_other_help_helps_points_to_the_directory_behind_sign_in(kind, monkeypatch):
    monkeypatch.setitem(templates.LINKS, "help_url", templates.LINKS["help_url"])
    templates.configure_links("https://psn.example.org/help")
    try:
        english = render(kind, {"name": "Rita"}, "en")
        welsh = render(kind, {"name": "Rita"}, "cy")
        both = render(kind, {"name": "Rita"}, BILINGUAL)
    finally:
        templates._environment.cache_clear()  # the monkeypatched default is back once this test ends
    assert "Other sources of help" in english.body and "https://psn.example.org/help" in english.body
    assert "ffynonellau cymorth eraill" in welsh.body and "https://psn.example.org/help" in welsh.body
    assert both.body.count("https://psn.example.org/help") == 2
    for text in (english, welsh, both):  # the subject and the lock-screen line say nothing of it
        assert "help" not in (text.subject + text.short).lower() and "cymorth" not in text.subject.lower()


def test_other_notices_carry_no_such_line():
    others = [(kind, context) for kind, context in every_kind_and_context() if kind not in SIGNPOSTED]
    assert others and not [kind for kind, context in others if "Other sources of help" in render(kind, context).body]
