"""Nothing on a lock screen or in a subject line reveals that anyone sought support.

A push notification or a text message shows the short text on a phone anyone may glance at; a
subject line shows in a shared mailbox or a preview. For every kind of message about support (its
category is support, sessions or reminders: the journey of a request, the meetings of the pair,
the reminders before them), in every language and in the bilingual form, neither may name
support, a supporter, a request, a referral, a conversation, wellbeing, counselling, help... The
network's own name is allowed: it is on every message, so it tells nothing about this one.
The detail is behind sign-in.
"""

import re

import pytest

from notifications.adapters.templates import BILINGUAL, LANGUAGES, render
from notifications.domain.categories import Category, category_of
from services.notifications.tests.unit.every_notice import every_kind_and_context

NETWORK_NAMES = ("Peer Support Network", "Rhwydwaith Cymorth gan Gymheiriaid")

# Welsh words are matched in their mutated forms too (cymorth: gymorth, chymorth, nghymorth).
REVEALING = re.compile("|".join([
    r"\bsupport", r"\bpeer", r"\brequest", r"\brefer", r"\bconversation", r"\bwell-?being", r"\bcounsel",
    r"\bmental", r"\bhelp", r"\bcrisis", r"\bdistress", r"\bsafeguard", r"\btherap", r"\bconfidential",
    r"\b(c|g|ch|ngh)ymorth", r"\b(c|g|ch|ngh)efnog", r"\b(c|g|ch|ngh)ais\b", r"\b(c|g|ch|ngh)eisiad",
    r"\b(c|g|ch|ngh)ymhei?riaid", r"\batgyfeir", r"\bsgwrs", r"\bsgyrsiau", r"\blles", r"\b(c|g)wnsel",
    r"\biechyd meddwl", r"\bargyfwng", r"\bdiogelu", r"\bcyfrinachol",
]), re.IGNORECASE)

DISCREET = {Category.SUPPORT, Category.SESSIONS, Category.REMINDERS}


def revealing(text: str) -> list[str]:
    for name in NETWORK_NAMES:
        text = text.replace(name, "")
    return [m.group(0) for m in REVEALING.finditer(text)]


def test_the_rule_catches_what_it_is_for():
    assert revealing("A support request is waiting") == ["support", "request"]
    assert revealing("Your conversation with your peer supporter") == ["conversation", "peer", "support"]
    assert revealing("Mae eich cais am gymorth yn aros") == ["cais", "gymorth"]
    assert revealing("Sgwrs gyda'ch cefnogwr") == ["Sgwrs", "cefnog"]
    assert revealing("You have a new message in the Peer Support Network.") == []
    assert revealing("Mae gennych neges newydd yn y Rhwydwaith Cymorth gan Gymheiriaid.") == []
    assert revealing("A meeting has been arranged") == []


SAMPLES = [(kind, context) for kind, context in every_kind_and_context() if category_of(kind) in DISCREET]


def test_there_are_kinds_about_support_to_read():
    assert {category_of(kind) for kind, _ in SAMPLES} == DISCREET


@pytest.mark.parametrize("language", [*LANGUAGES, BILINGUAL])
@pytest.mark.parametrize(("kind", "context"), SAMPLES, ids=lambda v: v if isinstance(v, str) else "")
def test_a_message_about_support_is_discreet_on_a_lock_screen_and_in_a_subject_line(kind, context, language):
    text = render(kind, context, language)
    assert revealing(text.subject) == [], f"{kind} subject in {language}: {text.subject!r}"
    assert revealing(text.short) == [], f"{kind} short text in {language}: {text.short!r}"
