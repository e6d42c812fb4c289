"""The Welsh catalogue is complete and current: every message the templates use has a Welsh
translation, with the same placeholders, and every template reads in Welsh."""

import re

import pytest
from babel.messages.pofile import read_po

from notifications.adapters.catalogues import CATALOGUES, POT, extracted, languages, read
from notifications.adapters.templates import render
from services.notifications.tests.unit.every_notice import every_kind_and_context


def _ids(catalogue) -> set:
    return {m.id for m in catalogue if m.id}


def test_welsh_is_a_language_with_a_catalogue():
    assert languages() == ["cy"]


def test_the_committed_template_catalogue_is_what_the_templates_use():
    with POT.open("rb") as pot:
        committed = read_po(pot)
    assert _ids(committed) == _ids(extracted()), "run `make messages` and translate what it adds"


@pytest.mark.parametrize("language", languages())
def test_every_message_has_a_translation(language):
    catalogue = read(language)
    assert _ids(catalogue) == _ids(extracted()), "run `make messages` and translate what it adds"
    assert CATALOGUES.untranslated(language) == []


@pytest.mark.parametrize("language", languages())
def test_every_translation_keeps_the_placeholders(language):
    problems = [(m.id, errors) for m, errors in read(language).check()]
    assert problems == []


@pytest.mark.parametrize(("kind", "context"), every_kind_and_context(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_template_reads_in_welsh(kind, context):
    english, welsh = render(kind, context, "en"), render(kind, context, "cy")
    assert welsh.subject != english.subject
    assert welsh.short != english.short
    english_lines = {line for line in english.body.splitlines() if " " in line}
    assert english_lines.isdisjoint(welsh.body.splitlines())


# A date written in Welsh starts "Dydd ..." and would have to mutate ("ar ddydd Llun", "o ddydd Llun") after
# these prepositions, which a substituted word cannot do: the translations put the date after "ar gyfer"
# or a colon instead.
MUTATING = ("ar", "o", "at", "i", "am", "dan", "dros", "drwy", "trwy", "gan", "heb", "tan", "wrth", "hyd")
DATES = ("when", "previous_when", "completed_on", "starts_on", "ends_on", "expires_on", "first_day", "last", "since",
         "expires_at", "respond_by")


def test_no_welsh_date_follows_a_preposition_that_would_mutate_it():
    after = re.compile(rf"\b({'|'.join(MUTATING)})\s+%\(({'|'.join(DATES)})\)s", re.IGNORECASE)
    strings = [s for m in read("cy") if m.id for s in ([m.string] if isinstance(m.string, str) else m.string)]
    assert [s for s in strings if after.search(s)] == []
