"""The words notices carry as codes (a mode, a course level, a cause...) and the way times are written,
in the language of the message.

A notice's context holds codes, ids, names and ISO 8601 times, never English phrases, so the same
notice renders in English or Welsh. Each table maps a code to its English wording, marked with `N_`
so `tools/messages.py` extracts it into the catalogue; templates translate it through the `say`
filter. Times are shown in Europe/London time, named GMT or BST, as people keep them.
"""

from __future__ import annotations

from datetime import date, datetime
from gettext import NullTranslations
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date

LONDON = ZoneInfo("Europe/London")
LOCALES = {"en": "en_GB", "cy": "cy"}


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext_noop marker the extractor looks for
    """Marks a message for the catalogue; translated where it is shown."""
    return message


NEUTRAL_SHORT = N_("You have a new message in the Peer Support Network.")

PHRASES: dict[str, dict[Any, str]] = {
    "modes": {
        "video": N_("by video call"),
        "phone": N_("by phone"),
        "in_person": N_("in person"),
    },
    "courses": {
        2: N_("Level 2 Peer Supporter"),
        3: N_("Level 3 Train the Trainer"),
    },
    "capacities": {
        "line_manager": N_("line manager"),
        "senior_manager": N_("senior manager"),
    },
    "roles": {
        "peer_supporter": N_("peer supporter"),
        "trainer": N_("peer support trainer"),
        "wellbeing_champion": N_("wellbeing champion"),
        "facilitator": N_("reflective supervision facilitator"),
        "coordinator": N_("network coordinator"),
        "admin": N_("administrator"),
    },
    # What comes next after a nomination is approved, by the nomination's status.
    "next_steps": {
        "booked": N_("you have a place on the course"),
        "waiting_list": N_("the course is full, so you are on its waiting list; you will hear when a place comes up"),
        "approved": N_("you are on the list for the next course date; book a place when one suits"),
    },
    # Why a case left its supporter, as the previous supporter is told it.
    "causes": {
        "requester_asked": N_("the colleague asked to continue with someone else"),
        "coordinator": N_("the network coordinator has passed it to another supporter"),
        "line_authority": N_("a change in line management means you can no longer support this colleague"),
    },
    "decisions": {
        "consented": N_("agreed to it"),
        "refused": N_("decided not to go ahead"),
    },
}

# What a code not in its table is shown as: a new code from a producer is not a failure.
FALLBACKS = {
    "modes": N_("in the way agreed"),
    "courses": N_("peer support course"),
    "capacities": N_("manager"),
    "roles": N_("new role"),
    "next_steps": N_("the training team will be in touch"),
    "causes": N_("it has passed to another supporter"),
    "decisions": N_("given their decision"),
}


class Wording:
    """Codes and times written in one language, through that language's translations."""

    def __init__(self, language: str, translations: NullTranslations) -> None:
        self.language = language
        self.locale = LOCALES[language]
        self.translations = translations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def say(self, code: Any, table: str) -> str:
        """`{{ mode | say("modes") }}`: the wording of a code, in this language."""
        return self.gettext(PHRASES[table].get(code, FALLBACKS[table]))

    def day(self, value: date | datetime | str) -> str:
        """'Tuesday 30 March 2027', 'Dydd Mawrth 30 Mawrth 2027' (a date, or a moment's day in London)."""
        day = (date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)) \
            if isinstance(value, str) else value
        if isinstance(day, datetime):  # a moment: its day in London
            day = day.astimezone(LONDON).date()
        return format_date(day, "EEEE d MMMM y", locale=self.locale)

    def when(self, value: datetime | str) -> str:
        """'Tuesday 30 March 2027 at 10:00 BST', 'Dydd Mawrth 30 Mawrth 2027 am 10:00 BST'."""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        local = moment.astimezone(LONDON)
        return self.gettext(N_("%(day)s at %(time)s")) % {
            "day": format_date(local.date(), "EEEE d MMMM y", locale=self.locale),
            "time": f"{local:%H:%M} {local.tzname()}",
        }

    def time(self, value: datetime | str) -> str:
        """'16:30' in Europe/London time: the end of something whose day and zone were just written."""
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return f"{moment.astimezone(LONDON):%H:%M}"

    def how(self, mode: str, link: str | None = None, room: str | None = None) -> str:
        """How two people meet: 'by video call: <link>', 'in person, in <room>', 'by phone'."""
        if mode == "video" and link:
            return self.gettext(N_("by video call: %(link)s")) % {"link": link}
        if mode == "in_person" and room:
            return self.gettext(N_("in person, in %(room)s")) % {"room": room}
        return self.say(mode, "modes")

    def with_article(self, noun: str) -> str:
        """'a peer supporter', 'an administrator' in English; Welsh has no indefinite article.

        Judged by the first letter, which is right for every role title notices use; words whose
        sound differs from their spelling ("an hour", "a user") would need a rule of their own.
        """
        if self.language != "en":
            return noun
        article = "an" if noun.lower().startswith(("a", "e", "i", "o", "u")) else "a"
        return f"{article} {noun}"
