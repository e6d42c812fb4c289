"""A package's gettext message catalogues: extract every message, bring the translations up to date,
say which are not translated yet, and read a language's catalogue for use.

A package keeps `translations/messages.pot` (extracted from its templates and Python sources) and one
`translations/<language>/LC_MESSAGES/messages.po` per language. `update()` rewrites the template and
merges it into each language's catalogue: a new message arrives untranslated, a changed one marked
fuzzy, for a translator to fill in; the package's tests fail while `untranslated()` names any.

The `.po` is read and compiled in memory when a language is first used (`translations()`), never
built into a `.mo` beforehand: a build step a fresh clone or `make install` could miss would leave a
stale or absent catalogue, silently English (decision 28).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations
from jinja2.ext import babel_extract

# The words Python code marks a message with: gettext's own, and Flask-Babel's lazy ones (a form's label or a
# message table read at import, translated when shown), a context first where one word needs two translations.
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "lazy_ngettext": (1, 2), "lazy_pgettext": ((1, "c"), 2),
            "_l": None}
# A message is one line whatever the template's line breaks (`trimmed`), so re-wrapping a template keeps its
# translation.
JINJA_OPTIONS: Mapping[str, str] = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}


@dataclass(frozen=True)
class MessageCatalogues:
    """The catalogues of the package at `package` (its directory): messages taken from the Python files and the
    Jinja templates matched by the glob patterns, relative to it."""

    project: str
    package: Path
    python_sources: tuple[str, ...]
    templates: tuple[str, ...]
    template_options: Mapping[str, str] = field(default_factory=lambda: dict(JINJA_OPTIONS))
    source_language: str = "en"

    @property
    def directory(self) -> Path:
        return self.package / "translations"

    @property
    def pot(self) -> Path:
        return self.directory / "messages.pot"

    def extracted(self) -> Catalog:
        """Every message the sources use, with where each is used."""
        catalogue = Catalog(project=self.project, version="1", copyright_holder="Peer Support Network",
                            msgid_bugs_address="", fuzzy=False)
        sources = [(path, "python", {}) for path in self._matching(self.python_sources)]
        sources += [(path, babel_extract, dict(self.template_options)) for path in self._matching(self.templates)]
        for path, method, options in sources:
            with path.open("rb") as source:
                for line, message, comments, context in extract(method, source, keywords=KEYWORDS,
                                                                options=options):
                    where = (path.relative_to(self.package).as_posix(), line)
                    catalogue.add(message, locations=[where], auto_comments=comments, context=context,
                                  flags=("python-format",) if _formatted(message) else ())
        return catalogue

    def languages(self) -> list[str]:
        """The languages translated into (not the source language, which needs no catalogue)."""
        return sorted(p.name for p in self.directory.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())

    def po_path(self, language: str) -> Path:
        return self.directory / language / "LC_MESSAGES" / "messages.po"

    def read(self, language: str) -> Catalog:
        with self.po_path(language).open("rb") as po:
            return read_po(po, locale=language)

    def update(self) -> None:
        """The template extracted afresh, and merged into each language's catalogue."""
        template = self.extracted()
        with self.pot.open("wb") as pot:
            write_po(pot, template, width=100, omit_header=False, sort_output=False)
        for language in self.languages():
            catalogue = self.read(language)
            catalogue.update(template, no_fuzzy_matching=False)
            with self.po_path(language).open("wb") as po:
                write_po(po, catalogue, width=100, ignore_obsolete=True)

    def untranslated(self, language: str) -> list[str]:
        """The messages of `language`'s catalogue still to translate: empty, or fuzzy (a guess from a changed
        message, which gettext does not use)."""
        return [m.id if isinstance(m.id, str) else m.id[0] for m in self.read(language) if m.id and (
            m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))]

    def translations(self, language: str) -> NullTranslations:
        """`language`'s catalogue compiled in memory for gettext; the source language needs none."""
        if language == self.source_language:
            return NullTranslations()
        mo = BytesIO()
        write_mo(mo, self.read(language), use_fuzzy=False)
        mo.seek(0)
        return Translations(mo)

    def _matching(self, patterns: tuple[str, ...]) -> list[Path]:
        return [path for pattern in patterns for path in sorted(self.package.glob(pattern))]


def _formatted(message: str | tuple[str, ...]) -> bool:
    texts = message if isinstance(message, tuple) else (message,)
    return any("%(" in text for text in texts)
