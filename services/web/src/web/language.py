"""The language a page is read in, Welsh or English, as on NHS Wales sites: the person's choice from the link in the
header, kept in a cookie; without one, what their browser asks for (Accept-Language); English otherwise. Dates are
written in it with Babel's month and day names (decision 81).

Flask-Babel translates; its messages come from our `.po` catalogues, compiled in memory on first use as
notifications' are, never from a built `.mo` a fresh clone could lack.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache, cached_property
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.support import NullTranslations
from flask import Blueprint, Flask, redirect, request, url_for
from flask_babel import Babel, Domain, get_locale
from werkzeug.exceptions import NotFound

from web.catalogues import CATALOGUES
from web.views.forms import safe_next

LANGUAGES = ("en", "cy")
DEFAULT = "en"
# Each language named in itself, for the link that switches to it.
NAMES = {"en": "English", "cy": "Cymraeg"}
COOKIE = "psn_language"
COOKIE_AGE_S = 365 * 24 * 3600
LONDON = ZoneInfo("Europe/London")

blp = Blueprint("language", __name__)


def chosen() -> str:
    """The language of this request: the one chosen, else the browser's preference between ours, else English."""
    choice = request.cookies.get(COOKIE)
    if choice in LANGUAGES:
        return choice
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def current() -> str:
    """This request's language code ('en' or 'cy')."""
    locale = get_locale()
    return locale.language if locale else DEFAULT


def other() -> str:
    """The language the header's link switches to."""
    return "en" if current() == "cy" else "cy"


def here() -> str:
    """Where the switch returns the person: this page; after a form was sent (its answer shown with its errors), the
    page the form was on, since the address it was sent to answers only a form."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    sent_from = urlsplit(request.referrer or "")
    if sent_from.netloc == request.host and sent_from.path:
        return sent_from.path + (f"?{sent_from.query}" if sent_from.query else "")
    return url_for("home.index")


@blp.get("/language/<code>")
def choose(code: str) -> Any:
    """The header's link: the choice remembered, and the person back on the page they were reading. A link, not a
    form, as NHS Wales sites have it: choosing a language changes nothing but how pages are written, so it needs no
    CSRF token, and a form being filled in is posted the same after a switch."""
    if code not in LANGUAGES:
        raise NotFound()
    response = redirect(safe_next(request.args.get("next")))
    response.set_cookie(COOKIE, code, max_age=COOKIE_AGE_S, secure=request.is_secure, httponly=True, samesite="Lax")
    return response


class CatalogueDomain(Domain):
    """Flask-Babel's messages read from the web's `.po` catalogues rather than from `.mo` files."""

    def get_translations(self) -> NullTranslations:
        locale = get_locale()
        return _compiled(locale.language if locale else DEFAULT)


class CatalogueBabel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:  # type: ignore[override]
        return CatalogueDomain()


@cache
def _compiled(language: str) -> NullTranslations:
    return CATALOGUES.translations(language)


def install(app: Flask) -> None:
    """Flask-Babel on the app, with `{% trans %}` and `_()` in templates (every block `trimmed`, so a message is one
    line whatever the template's line breaks) and the switch's page. A template builds a list with
    `{% do items.append(...) %}`: `{% set _ = items.append(...) %}` would hide `_`, the page's gettext, from the
    rest of the template."""
    CatalogueBabel(app, locale_selector=chosen, default_locale=DEFAULT)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.register_blueprint(blp)


# Dates, in the page's language. A Welsh date starts with a day name or a number that a preposition before it
# would mutate ("ar ddydd Llun"), which a substituted word cannot do: the Welsh around a date puts it after a colon
# or "ar gyfer", never "ar", "o", "at" and the like (test_language.py checks the catalogue).

def day_said(iso: str | date | None) -> str:
    """A date as people read it: '4 March 2027', '4 Mawrth 2027'."""
    if not iso:
        return ""
    day = iso if isinstance(iso, date) else date.fromisoformat(iso[:10])
    return format_date(day, "d MMMM y", locale=current())


def when(iso: str | datetime | None) -> str:
    """A moment as people read it, in London: 'Tuesday 30 March 2027, 10:00am'; in Welsh the 24-hour clock NHS
    Wales uses, 'Dydd Mawrth 30 Mawrth 2027, 10:00'."""
    if not iso:
        return ""
    moment = (iso if isinstance(iso, datetime) else datetime.fromisoformat(iso)).astimezone(LONDON)
    return f"{format_date(moment.date(), 'EEEE d MMMM y', locale=current())}, {clock(moment.time())}"


def clock(value: time) -> str:
    """A time of day: '9:30am' in English, '09:30' in Welsh."""
    if current() == "en":
        return f"{value.hour % 12 or 12}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"
    return format_time(value, "HH:mm", locale=current())
