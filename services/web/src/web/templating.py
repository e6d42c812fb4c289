"""Filters of our own. Jinja's `indent` filter on plain strings: the NHS.UK macros indent every nested component, and
Jinja's own version works line by line on Markup (escaping each line again as it joins them), which
was most of the time a page with a form took to draw. Same output, marked safe once at the end. And
`linked`: a message's text with its web addresses made links."""

from __future__ import annotations

import re

from markupsafe import Markup, escape


def indent(text: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    """As `jinja2.filters.do_indent`: each line but the first (and, unless `blank`, empty ones) indented."""
    indention = width if isinstance(width, str) else " " * width
    lines = (str(text) + "\n").splitlines()  # the newline added as Jinja does, so a last empty line is kept
    if blank:
        indented = ("\n" + indention).join(lines)
    else:
        indented = lines.pop(0)
        if lines:
            indented += "\n" + "\n".join(indention + line if line else line for line in lines)
    if first:
        indented = indention + indented
    # A Markup's lines are safe already, and the indention is only spaces (or the template's own string).
    return Markup(indented) if isinstance(text, Markup) else indented


# A web address in a message's plain text, up to a space; a full stop or the like after it ends the sentence.
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+")
ENDS_A_SENTENCE = ".,;:!?)"


def linked(text: str) -> Markup:
    """A message's plain text, escaped, with each web address in it a link to follow (a meeting's video
    call, a feedback form, the page a coordinator's alert names) rather than one to copy."""
    parts, start = [], 0
    for found in WEB_ADDRESS.finditer(text):
        address = found.group().rstrip(ENDS_A_SENTENCE)
        parts += [escape(text[start:found.start()]),
                  Markup('<a href="{0}">{0}</a>').format(address)]
        start = found.start() + len(address)
    parts.append(escape(text[start:]))
    return Markup("").join(parts)
