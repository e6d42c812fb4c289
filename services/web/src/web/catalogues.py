"""The web front end's message catalogues: every page's words, and the Python views' (flash messages, form errors,
labels built in code).

`python -m web.catalogues` (or `make messages`) rewrites `translations/messages.pot` from the templates and the
Python sources, and merges it into `translations/cy/LC_MESSAGES/messages.po`: a new message arrives there
untranslated, a changed one fuzzy, and a test fails until it is translated. The machinery is the shared
`psn_shared.catalogues`, as notifications' is.
"""

from __future__ import annotations

from pathlib import Path

from psn_shared.catalogues import JINJA_OPTIONS, MessageCatalogues

CATALOGUES = MessageCatalogues(
    project="psn-web",
    package=Path(__file__).resolve().parent,
    python_sources=("*.py", "views/*.py", "adapters/*.py"),
    templates=("templates/*.html",),
    # as the pages' environment reads them (language.install): a template it cannot parse yields no messages
    template_options={**JINJA_OPTIONS, "extensions": "jinja2.ext.i18n,jinja2.ext.do"},
)

if __name__ == "__main__":
    CATALOGUES.update()
