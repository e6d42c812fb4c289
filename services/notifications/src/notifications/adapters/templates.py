"""Message texts from the Jinja2 templates kept in the package, one file per kind of message, in
English or Welsh through gettext catalogues (Babel).

Each template has a `subject` block and a `body` block, so the two are written side by side, and
may have a `short` block: the one line a push notification or a text message shows, where a lock
screen can be read by anyone. Without one, the short text is the neutral NEUTRAL_SHORT.

The templates are written in English inside `{% trans %}` blocks; `translations/messages.pot` is
extracted from them (and from the phrase tables in `wording.py`) by `make messages`, and
`translations/cy/LC_MESSAGES/messages.po` holds the Welsh. The `.po` file is read at start-up and
compiled in memory, so nothing has to be built before the service runs. A message not yet
translated falls back to English (the catalogue test fails first).

Texts are plain (emails are text/plain; clients show inbox entries as text), so no HTML escaping;
an unknown variable is an error rather than a silent blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from gettext import NullTranslations
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from notifications.adapters.catalogues import CATALOGUES
from notifications.adapters.wording import NEUTRAL_SHORT, Wording

LANGUAGES = ("en", "cy")
# An email in both languages: Welsh first, then English, as the Welsh Language Standards expect.
BILINGUAL = "cy+en"
# Links every template may name, set at start-up: `help_url`, the signposting directory; `requests_url`, a
# support request's page once its id is added (the coordinators' alerts open it). Both behind sign-in.
LINKS = {"help_url": "http://127.0.0.1:8000/help", "requests_url": "http://127.0.0.1:8000/support/requests/"}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    short: str = NEUTRAL_SHORT


def translations(language: str) -> NullTranslations:
    """The templates' own language needs none; any other is read from its .po and compiled in memory."""
    return CATALOGUES.translations(language)


def environment(language: str) -> Environment:
    """A Jinja2 environment whose gettext, filters and dates speak `language`."""
    env = Environment(
        loader=PackageLoader("notifications", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,  # package files do not change under a running process: no stat() per message
    )
    # A msgid is one line whatever the template's line breaks, so re-wrapping a template keeps its translation.
    env.policies["ext.i18n.trimmed"] = True
    gettext = translations(language)
    env.install_gettext_translations(gettext, newstyle=True)  # type: ignore[attr-defined]
    wording = Wording(language, gettext)
    env.filters.update(say=wording.say, day=wording.day, when=wording.when, time=wording.time, how=wording.how,
                       with_article=wording.with_article)
    env.globals["neutral_short"] = wording.gettext(NEUTRAL_SHORT)
    env.globals.update(LINKS)
    return env


def configure_links(help_url: str, requests_url: str = LINKS["requests_url"]) -> None:
    """Read once at start-up; the environments made before are made again with them."""
    LINKS.update(help_url=help_url, requests_url=requests_url)
    _environment.cache_clear()


@cache
def _environment(language: str) -> Environment:
    return environment(language)


def render(kind: str, context: dict[str, Any], language: str = "en") -> Rendered:
    """The message of this kind in `language`: "en", "cy", or BILINGUAL (Welsh first, then English)."""
    if language == BILINGUAL:
        return bilingual(render(kind, context, "cy"), render(kind, context, "en"))
    if language not in LANGUAGES:
        raise ValueError(f"no templates in language {language!r}; there are {', '.join(LANGUAGES)}")
    env = _environment(language)
    template = env.get_template(f"{kind}.txt")
    values = template.new_context(context)
    subject = "".join(template.blocks["subject"](values))
    body = "".join(template.blocks["body"](values))
    short_block = template.blocks.get("short")
    short = "".join(short_block(values)) if short_block else env.globals["neutral_short"]
    # A subject and a short text are one line: a name with a line break in it must not start a new header.
    return Rendered(subject=_one_line(subject), body=body.strip() + "\n", short=_one_line(short))


def common_line(block: str, context: dict[str, Any], language: str = "en") -> list[str]:
    """One of the lines any message may carry (a block of `parts/lines.txt`: a push notification's
    title, the digest's subject, the preferences link), once for each language the message is
    written in, Welsh first."""
    if language == BILINGUAL:
        return common_line(block, context, "cy") + common_line(block, context, "en")
    if language not in LANGUAGES:
        raise ValueError(f"no templates in language {language!r}; there are {', '.join(LANGUAGES)}")
    template = _environment(language).get_template("parts/lines.txt")
    return [_one_line("".join(template.blocks[block](template.new_context(context))))]


def bilingual(welsh: Rendered, english: Rendered) -> Rendered:
    return Rendered(
        subject=f"{welsh.subject} / {english.subject}",
        body=f"{welsh.body}\n{'-' * 40}\n\n{english.body}",
        short=f"{welsh.short} / {english.short}",
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())
