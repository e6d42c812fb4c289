"""A package's catalogues: every marked message extracted, merged into each language, what is not yet translated
named, and a language compiled in memory for gettext."""

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from psn_shared.catalogues import MessageCatalogues


def _package(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        "<h1>{{ _('Inbox') }}</h1>\n<p>{% trans name=me %}Hello,\n  {{ name }}{% endtrans %}</p>\n<p>Not marked</p>\n")
    (tmp_path / "views.py").write_text(
        "from flask_babel import gettext as _, lazy_gettext, lazy_pgettext\n"
        "SAVED = lazy_gettext('Saved')\nYES = lazy_pgettext('did it help', 'Yes')\n"
        "_('Enter %(most)s characters', most=1)\n")
    (tmp_path / "translations" / "cy" / "LC_MESSAGES").mkdir(parents=True)
    catalogues = MessageCatalogues(project="test", package=tmp_path, python_sources=("*.py",),
                                   templates=("templates/*.html",))
    with catalogues.po_path("cy").open("wb") as po:
        write_po(po, Catalog(locale="cy"))
    return catalogues


def test_every_marked_message_is_extracted_once_a_line_whatever_its_breaks(tmp_path):
    catalogues = _package(tmp_path)
    ids = {m.id for m in catalogues.extracted() if m.id}
    assert ids == {"Inbox", "Hello, %(name)s", "Saved", "Yes", "Enter %(most)s characters"}
    assert next(m for m in catalogues.extracted() if m.id == "Yes").context == "did it help"


def test_update_merges_into_each_language_and_untranslated_names_what_is_left(tmp_path):
    catalogues = _package(tmp_path)
    catalogues.update()
    assert catalogues.pot.is_file() and catalogues.languages() == ["cy"]
    assert set(catalogues.untranslated("cy")) == {"Inbox", "Hello, %(name)s", "Saved", "Yes",
                                                  "Enter %(most)s characters"}
    welsh = catalogues.read("cy")
    for message in welsh:
        if message.id:
            message.string = {"Inbox": "Mewnflwch", "Hello, %(name)s": "Helo, %(name)s", "Saved": "Wedi'i gadw",
                              "Yes": "Do", "Enter %(most)s characters": "Rhowch %(most)s nod"}[message.id]
    welsh.get("Saved").flags.add("fuzzy")  # a guess from a changed message is not a translation
    with catalogues.po_path("cy").open("wb") as po:
        write_po(po, welsh)
    assert catalogues.untranslated("cy") == ["Saved"]

    compiled = catalogues.translations("cy")
    assert compiled.gettext("Inbox") == "Mewnflwch" and compiled.pgettext("did it help", "Yes") == "Do"
    assert compiled.gettext("Saved") == "Saved"  # fuzzy: not used
    assert catalogues.translations("en").gettext("Inbox") == "Inbox"
