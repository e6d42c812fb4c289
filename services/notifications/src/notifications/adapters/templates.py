"""Message texts from the Jinja2 templates kept in the package: one file per kind of message.

Each template has a `subject` block and a `body` block, so the two are written side by side.
Texts are plain (emails are text/plain; clients show inbox entries as text), so no HTML escaping;
an unknown variable is an error rather than a silent blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

_environment = Environment(
    loader=PackageLoader("notifications", "templates"),
    undefined=StrictUndefined,
    autoescape=False,
    trim_blocks=True,
)


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


def render(kind: str, context: dict[str, Any]) -> Rendered:
    template = _environment.get_template(f"{kind}.txt")
    values = template.new_context(context)
    subject = "".join(template.blocks["subject"](values))
    body = "".join(template.blocks["body"](values))
    # A subject is one line: a name with a line break in it must not start a new header.
    return Rendered(subject=" ".join(subject.split()), body=body.strip() + "\n")
