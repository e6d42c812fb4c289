"""Message texts from the Jinja2 templates kept in the package: one file per kind of message.

Each template has a `subject` block and a `body` block, so the two are written side by side, and
may have a `short` block: the one line a push notification or a text message shows, where a lock
screen can be read by anyone. Without one, the short text is the neutral NEUTRAL_SHORT.
Texts are plain (emails are text/plain; clients show inbox entries as text), so no HTML escaping;
an unknown variable is an error rather than a silent blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


def with_article(noun: str) -> str:
    """'a peer supporter', 'an administrator': `{{ role_title | with_article }}` in a template.

    Judged by the first letter, which is right for every role title notices use; words whose
    sound differs from their spelling ("an hour", "a user") would need a rule of their own.
    """
    article = "an" if noun.lower().startswith(("a", "e", "i", "o", "u")) else "a"
    return f"{article} {noun}"


_environment = Environment(
    loader=PackageLoader("notifications", "templates"),
    undefined=StrictUndefined,
    autoescape=False,
    trim_blocks=True,
)
_environment.filters["with_article"] = with_article


NEUTRAL_SHORT = "You have a new message in the Peer Support Network."


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    short: str = NEUTRAL_SHORT


LANGUAGES = ("en", "cy")


def render(kind: str, context: dict[str, Any], language: str = "en") -> Rendered:
    """The message of this kind in `language` ("en" or "cy")."""
    if language not in LANGUAGES:
        raise ValueError(f"no templates in language {language!r}; there are {', '.join(LANGUAGES)}")
    template = _environment.get_template(f"{kind}.txt")
    values = template.new_context(context)
    subject = "".join(template.blocks["subject"](values))
    body = "".join(template.blocks["body"](values))
    short_block = template.blocks.get("short")
    short = " ".join("".join(short_block(values)).split()) if short_block else NEUTRAL_SHORT
    # A subject is one line: a name with a line break in it must not start a new header.
    return Rendered(subject=" ".join(subject.split()), body=body.strip() + "\n", short=short)
