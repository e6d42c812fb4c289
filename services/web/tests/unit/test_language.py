"""Every page in Welsh or English: the catalogue complete, every template's words marked for translation, the
language chosen by the header's link or the browser, and dates written in the page's language."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment

from services.web.tests.unit.conftest import csrf
from web.catalogues import CATALOGUES
from web.language import COOKIE

TEMPLATES = CATALOGUES.package / "templates"

# Words that are the same in both languages: names of things, not sentences.
SAME_IN_BOTH = {"iCalendar", "CSV", "PDF", "BST", "GMT", "NHS.UK"}
# The words a page's text may be marked with, in a template's expressions.
MARKERS = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
# Attributes a person reads (or hears, with a screen reader).
READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "label", "content"}
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# A string in an expression that is words: starts with a capital and a small letter ("Inbox", "For example"), or
# has two plain words side by side ("minutes left"); a class list, an endpoint or a code is none of these.
WORDS = re.compile(r"^\s*[A-Z][a-z]|(?:^|\s)[A-Za-z]+[,.:;?!]?\s+[A-Za-z]+(?:[,.:;?!]|\s|$)")


def _templates() -> list[str]:
    return sorted(path.name for path in TEMPLATES.glob("*.html"))


class _Text(HTMLParser):
    """The text and read attributes of a template's markup, with every Jinja part replaced by a marker."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1
        if tag == "meta":  # a page's theme colour and the like, not read
            return
        self.found += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.found.append(data)


def unmarked(name: str) -> list[str]:
    """The human-readable words in template `name` outside `{% trans %}` blocks and `_()`."""
    return unmarked_in((TEMPLATES / name).read_text())


def unmarked_in(source: str) -> list[str]:
    skeleton, strings = [], []
    tokens = [token for token in Environment().lex(source) if token[1] != "whitespace"]
    in_trans, marked_depth, i = False, 0, 0
    while i < len(tokens):
        _, kind, value = tokens[i]
        if kind == "block_begin" and i + 1 < len(tokens) and tokens[i + 1][2] in ("trans", "endtrans"):
            in_trans = tokens[i + 1][2] == "trans"
            while tokens[i][1] != "block_end":
                i += 1
            skeleton.append("\x00")
        elif in_trans:
            pass
        elif kind == "data":
            skeleton.append(value)
        else:
            if kind == "name" and value in MARKERS and i + 1 < len(tokens) and tokens[i + 1][2] == "(":
                marked_depth, i = 1, i + 2
                while marked_depth:
                    marked_depth += {"(": 1, ")": -1}.get(tokens[i][2], 0)
                    i += 1
                continue
            if kind == "string" and WORDS.search(value[1:-1]):
                strings.append(value[1:-1])
            skeleton.append("\x00")
        i += 1
    parser = _Text()
    parser.feed("".join(skeleton))
    parser.close()
    texts = [" ".join(t.replace("\x00", " ").split()) for t in parser.found + strings]
    return [t for t in texts if LETTERS.search(t) and not set(re.findall(r"[\w.]+", t)) <= SAME_IN_BOTH]


@pytest.mark.parametrize("name", _templates())
def test_every_word_of_a_template_is_marked_for_translation(name):
    assert unmarked(name) == [], "put it in {% trans %}...{% endtrans %} or _(\"...\")"


def test_the_lexer_check_finds_words_outside_trans():
    """The check itself: what it must find, and what it must let pass."""
    source = (
        '{% extends "base.html" %}{% block body %}<h1>Your requests</h1><p class="nhsuk-body">{{ _("Marked") }}</p>'
        '{% trans n=3 %}Also marked, {{ n }} times{% endtrans %}<a aria-label="Close this">x</a>'
        '{{ button({"text": "Send it"}) }}{{ url_for("home.index") }}<span class="a b"></span>'
        '<script>let a = "Not read";</script>{% endblock %}')
    assert unmarked_in(source) == ["Your requests", "Close this", "x", "Send it"]


def _ids(catalogue) -> set:
    return {m.id for m in catalogue if m.id}


def test_the_committed_template_catalogue_is_what_the_pages_use():
    with CATALOGUES.pot.open("rb") as pot:
        committed = read_po(pot)
    assert _ids(committed) == _ids(CATALOGUES.extracted()), "run `make messages` and translate what it adds"


def test_every_message_has_a_welsh_translation():
    assert CATALOGUES.languages() == ["cy"]
    assert _ids(CATALOGUES.read("cy")) == _ids(CATALOGUES.extracted()), "run `make messages`"
    assert CATALOGUES.untranslated("cy") == [], "fill in each msgstr, and take off `#, fuzzy`"


def test_every_welsh_translation_keeps_the_placeholders():
    assert [(m.id, errors) for m, errors in CATALOGUES.read("cy").check()] == []


# A Welsh date starts with a day's name or a number, which these prepositions would mutate ("ar ddydd Llun"), and a
# substituted word cannot: the Welsh puts a date after a colon or "ar gyfer" instead (as notifications' does).
MUTATING = ("ar", "o", "at", "i", "am", "dan", "dros", "drwy", "trwy", "gan", "heb", "tan", "wrth", "hyd")
DATES = ("when", "day", "date", "starts", "ends", "since", "until", "expires", "issued", "first", "last", "due",
         "first_day", "last_day",
         "held", "starts_on", "ends_on", "expires_on", "issued_on", "due_on", "from")


def test_no_welsh_date_follows_a_preposition_that_would_mutate_it():
    after = re.compile(rf"\b({'|'.join(MUTATING)})\s+%\(({'|'.join(DATES)})\)s", re.IGNORECASE)
    strings = [s for m in CATALOGUES.read("cy") if m.id
               for s in ([m.string] if isinstance(m.string, str) else m.string)]
    assert [s for s in strings if after.search(s)] == []


def test_a_page_is_in_english_by_default(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert '<html lang="en"' in page
    assert "<h1>Sign in</h1>" in page
    assert 'lang="cy" hreflang="cy">Cymraeg</a>' in page
    assert "© Aneurin Bevan University Health Board" in page and "NHS England" not in page


def test_a_browser_asking_for_welsh_is_answered_in_welsh(client):
    response = client.get("/sign-in", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    page = response.get_data(as_text=True)
    assert '<html lang="cy"' in page
    assert "<h1>Mewngofnodi</h1>" in page
    assert "Rhwydwaith Cymorth gan Gymheiriaid" in page
    assert "© Bwrdd Iechyd Prifysgol Aneurin Bevan" in page
    assert 'lang="en" hreflang="en">English</a>' in page
    assert response.headers["Content-Language"] == "cy"
    assert {"Cookie", "Accept-Language"} <= set(response.vary)


def test_the_chosen_language_wins_over_the_browsers(client):
    client.set_cookie(COOKIE, "en")
    assert '<html lang="en"' in client.get("/sign-in", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    client.set_cookie(COOKIE, "cy")
    assert '<html lang="cy"' in client.get("/sign-in", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_a_language_we_do_not_have_gives_english(client):
    assert '<html lang="en"' in client.get("/sign-in", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    client.set_cookie(COOKIE, "fr")
    assert '<html lang="en"' in client.get("/sign-in").get_data(as_text=True)


def test_the_header_link_switches_language_and_keeps_the_person_on_the_page(signed_in):
    client = signed_in()
    page = client.get("/?page=1").get_data(as_text=True)
    link = re.search(r'href="([^"]+)" lang="cy" hreflang="cy">Cymraeg</a>', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/?page=1"
    cookie = client.get_cookie(COOKIE)
    assert cookie.value == "cy" and cookie.http_only and cookie.same_site == "Lax"
    welsh = client.get("/?page=1").get_data(as_text=True)
    assert '<html lang="cy"' in welsh
    assert "Allgofnodi" in welsh and "Mewnflwch" in welsh and "Sign out" not in welsh
    back = re.search(r'href="([^"]+)" lang="en" hreflang="en">English</a>', welsh).group(1)
    client.get(back.replace("&amp;", "&"))
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def test_the_switch_stays_on_this_site_and_knows_only_our_languages(client):
    assert client.get("/language/cy?next=https://elsewhere.example/").headers["Location"] == "/"
    assert client.get("/language/cy?next=//elsewhere.example/").headers["Location"] == "/"
    assert client.get("/language/fr?next=/sign-in").status_code == 404


def test_a_form_shown_in_english_is_answered_in_welsh_after_a_switch(client):
    """The CSRF token belongs to the session, not the language: a form read before the switch still posts."""
    token = csrf(client.get("/sign-in").data)
    client.get("/language/cy?next=/sign-in")
    response = client.post("/sign-in", data={"email": "", "password": "", "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Rhowch eich cyfeiriad e-bost gwaith" in page
    assert "Gwall:" in page and "Mae yna broblem" in page


def test_dates_are_written_in_the_pages_language(client):
    from web.language import day_said, when

    app = client.application
    with app.test_request_context(headers={"Accept-Language": "cy"}):
        assert day_said("2027-03-04") == "4 Mawrth 2027"
        assert when("2027-03-30T09:00:00+00:00") == "Dydd Mawrth 30 Mawrth 2027, 10:00"
    with app.test_request_context():
        assert day_said("2027-03-04") == "4 March 2027"
        assert when("2027-03-30T09:00:00+00:00") == "Tuesday 30 March 2027, 10:00am"


# --- everyone's pages, read in Welsh ---------------------------------------------------------------------
def welsh(client):
    client.set_cookie(COOKIE, "cy")
    return client


def test_a_request_page_in_welsh_says_why_a_time_was_called_off_and_when(signed_in, services):
    from services.web.tests.unit.test_pages import BOOKED, REQUEST_ID, SUPPORTER_ID, support_request

    client = welsh(signed_in())
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}", (200, support_request()))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/conversations", (200, {"items": [
        {**BOOKED, "id": "c-off", "status": "cancelled", "cancelled_by": SUPPORTER_ID, "late_cancellation": True,
         "cancel_reason": "Called in to cover a shift"}]}))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/referrals", (200, []))
    services.on("GET", "sessions", f"/api/v1/support-requests/{REQUEST_ID}/availability", (200, {
        "windows": [{"weekday": "tue", "starts": "09:00", "ends": "17:00"}],
        "leave": [{"first_day": "2027-03-01", "last_day": "2027-03-05"}]}))
    body = unescape(client.get(f"/support/requests/{REQUEST_ID}").get_data(as_text=True))
    assert "Eich cais am gymorth" in body and "Galwad fideo" in body and "Wedi'i ddyrannu" in body
    assert "Wedi'i ganslo, yn hwyr (Casey Candidate): “Called in to cover a shift”" in body
    assert "Dyma pryd mae eich cefnogwr fel arfer yn cynnig amser: dydd Mawrth 09:00 tan 17:00." in body
    assert "Maent i ffwrdd am y cyfnod hwn: 1 Mawrth 2027 \u2013 5 Mawrth 2027." in body
    assert "Dydd " in body and "Tuesday" not in body and "Cancelled by" not in body


def test_my_training_in_welsh_names_the_course_its_days_and_times_in_welsh(signed_in, services):
    client = welsh(signed_in())
    course = "12121212-1212-4121-8121-121212121212"
    services.on("GET", "training", "/api/v1/people/11111111-1111-4111-8111-111111111111", (200, {
        "completions": [{"level": 1, "completed_on": "2026-11-01", "expires_on": None}], "certificates": [],
        "nominations": [{"id": "13131313-1313-4131-8131-131313131313", "level": 2, "status": "booked",
                         "cohort_id": course, "monthly_hours": 4}]}))
    services.on("GET", "training", f"/api/v1/cohorts/{course}", (200, {
        "id": course, "name": "Level 2 winter, Newport", "kind": "course", "capacity": 1, "booked_count": 1,
        "days": [{"date": "2026-12-10", "start_time": "13:00:00", "end_time": "16:30:00",
                  "location": "Room 2, Royal Gwent", "virtual_link": None}]}))
    body = unescape(client.get("/training").get_data(as_text=True))
    assert "Fy hyfforddiant" in body and "Lefel 2: Cefnogwr Cymheiriaid: wedi'i archebu" in body
    assert "Eich lle: Level 2 winter, Newport" in body  # a course's name is training's, as it was given
    assert "10 Rhagfyr 2026, 13:00 tan 16:30, lleoliad: Room 2, Royal Gwent" in body
    assert "Nid yw'n dod i ben" in body


def test_find_help_and_how_we_contact_you_in_welsh(signed_in, services):
    from services.web.tests.unit.test_everyones_pages import PREFERENCES, contacts, preferences

    client = welsh(signed_in())
    services.on("GET", "identity", "/api/v1/me/support-contacts", (200, contacts()))
    services.on("GET", "identity", "/api/v1/help-sources", (200, {"items": [
        {"id": "h1", "name": "Samaritans", "kind": "crisis_line", "for_whom": "Anyone", "hours": "24 hours",
         "phone": "116 123", "description": None, "email": None, "url": None, "how_to_reach": None}],
        "total": 1, "limit": 20, "offset": 0}))
    help_page = unescape(client.get("/help?kind=crisis_line").get_data(as_text=True))
    assert "1 ffynhonnell help (Llinellau argyfwng)" in help_page and "Ddim yn derbyn ceisiadau newydd" in help_page
    services.on("GET", "notifications", PREFERENCES, (200, preferences(), {"ETag": '"p1"'}))
    settings = unescape(client.get("/settings/notifications").get_data(as_text=True))
    assert "Sut rydym yn cysylltu â chi" in settings and "Iaith / Language" in settings
    assert "Amser tawel 1" in settings and "Drwy e-bost" in settings
    assert 'data-failed="Mae\'n ddrwg gennym' in settings  # the page script's words, in Welsh too


def test_the_installed_apps_name_is_in_the_browsers_language(client):
    """A browser asks for the manifest without cookies: its Accept-Language decides."""
    welsh_app = client.get("/manifest.webmanifest", headers={"Accept-Language": "cy"})
    assert welsh_app.json["name"] == "Rhwydwaith Cymorth gan Gymheiriaid" and welsh_app.json["lang"] == "cy-GB"
    assert "Accept-Language" in welsh_app.vary
    assert client.get("/manifest.webmanifest").json["lang"] == "en-GB"


@pytest.mark.parametrize(("rule", "welsh"), [
    ("FREQ=MONTHLY;BYDAY=1TU", "Bob mis, ar y dydd Mawrth cyntaf"),
    ("FREQ=MONTHLY;BYDAY=2WE", "Bob mis, ar yr ail ddydd Mercher"),
    ("FREQ=MONTHLY;BYDAY=-1FR", "Bob mis, ar y dydd Gwener olaf"),
    ("FREQ=WEEKLY;INTERVAL=2", "Bob pythefnos"),
])
def test_a_series_is_described_in_welsh_with_its_ordinal_where_welsh_puts_it(client, rule, welsh):
    from web.views.facilitating import described

    with client.application.test_request_context(headers={"Accept-Language": "cy"}):
        assert described(rule) == welsh


def test_after_a_form_is_refused_the_switch_returns_to_the_page_the_form_was_on(client):
    """The address a form is sent to answers only a form: switching from its answer goes back to the form's page."""
    token = csrf(client.get("/forgotten-password").data)
    refused = client.post("/forgotten-password", data={"email": "", "csrf_token": token},
                          headers={"Referer": "http://localhost/forgotten-password?from=here"})
    assert refused.status_code == 422
    assert 'href="/language/cy?next=/forgotten-password?from%3Dhere"' in refused.get_data(as_text=True)
    elsewhere = client.post("/forgotten-password", data={"email": "", "csrf_token": token},
                            headers={"Referer": "https://elsewhere.example/page"})
    assert 'href="/language/cy?next=/"' in elsewhere.get_data(as_text=True)
