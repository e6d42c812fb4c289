"""The message catalogues behind the templates: extract every message, and bring the translations up to date.

`python -m notifications.adapters.catalogues` (or `make messages`) rewrites
`translations/messages.pot` from the templates and the phrase tables in `wording.py`, and merges it
into each language's `messages.po`: a new message arrives there untranslated, a changed one marked
fuzzy, for a translator to fill in. The tests fail while any message lacks a translation.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
TRANSLATIONS = PACKAGE / "translations"
POT = TRANSLATIONS / "messages.pot"
PYTHON_SOURCES = (PACKAGE / "adapters" / "wording.py",)
TEMPLATE_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "trim_blocks": "true"}


def extracted() -> Catalog:
    """Every message the templates and the phrase tables use, with where each is used."""
    catalogue = Catalog(project="psn-notifications", version="1", copyright_holder="Peer Support Network",
                        msgid_bugs_address="", fuzzy=False)
    sources = [(path, "python", {}) for path in PYTHON_SOURCES]
    templates = sorted(TEMPLATES.glob("*.txt")) + sorted(TEMPLATES.glob("parts/*.txt"))
    sources += [(path, babel_extract, TEMPLATE_OPTIONS) for path in templates]
    for path, method, options in sources:
        with path.open("rb") as source:
            for line, message, comments, context in extract(method, source, options=options):
                where = (path.relative_to(PACKAGE).as_posix(), line)
                catalogue.add(message, locations=[where], auto_comments=comments, context=context,
                              flags=("python-format",) if _formatted(message) else ())
    return catalogue


def languages() -> list[str]:
    return sorted(p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as po:
        return read_po(po, locale=language)


def update() -> None:
    template = extracted()
    with POT.open("wb") as pot:
        write_po(pot, template, width=100, omit_header=False, sort_output=False)
    for language in languages():
        catalogue = read(language)
        catalogue.update(template, no_fuzzy_matching=False)
        with po_path(language).open("wb") as po:
            write_po(po, catalogue, width=100, ignore_obsolete=True)


def _formatted(message: str | tuple[str, ...]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any("%(" in text for text in texts)


if __name__ == "__main__":
    update()
