"""The message catalogues behind the templates: extract every message, and bring the translations up to date.

`python -m notifications.adapters.catalogues` (or `make messages`) rewrites
`translations/messages.pot` from the templates and the phrase tables in `wording.py`, and merges it
into each language's `messages.po`: a new message arrives there untranslated, a changed one marked
fuzzy, for a translator to fill in. The tests fail while any message lacks a translation. The
machinery is the shared `psn_shared.catalogues`, as the web front end's is.
"""

from __future__ import annotations

from pathlib import Path

from psn_shared.catalogues import JINJA_OPTIONS, MessageCatalogues

CATALOGUES = MessageCatalogues(
    project="psn-notifications",
    package=Path(__file__).resolve().parent.parent,
    python_sources=("adapters/wording.py",),
    templates=("templates/*.txt", "templates/parts/*.txt"),
    template_options={**JINJA_OPTIONS, "trim_blocks": "true"},  # as the templates' environment reads them
)
POT = CATALOGUES.pot
extracted = CATALOGUES.extracted
languages = CATALOGUES.languages
read = CATALOGUES.read
update = CATALOGUES.update

if __name__ == "__main__":
    update()
