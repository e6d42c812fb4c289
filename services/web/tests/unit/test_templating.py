"""The faster `indent` filter gives exactly what Jinja's gives, for markup and for plain text."""

from __future__ import annotations

import pytest
from jinja2.filters import do_indent
from markupsafe import Markup

from web.adapters.api import ApiProblem, FieldError
from web.templating import indent
from web.views.forms import FormErrors

SAMPLES = ["", "one line", "a\nb", "a\n\nb\n", '<div class="x">\n  <p>&amp;</p>\n</div>', "\n\nlast\n\n"]


@pytest.mark.parametrize("text", [*SAMPLES, *(Markup(s) for s in SAMPLES)])
@pytest.mark.parametrize("options", [{}, {"width": 2}, {"width": "\t"}, {"first": True}, {"blank": True},
                                     {"width": 6, "first": True, "blank": True}])
def test_indent_is_jinjas(text, options):
    ours, theirs = indent(text, **options), do_indent(text, **options)
    assert ours == theirs and type(ours) is type(theirs)


def test_the_app_draws_its_pages_with_it(client):
    assert client.application.jinja_env.filters["indent"] is indent


def test_an_error_on_no_input_of_the_page_reads_as_a_sentence_not_as_the_api_s_field_name():
    refused = ApiProblem(422, "Unprocessable Entity", "", [
        FieldError("audience", "this session is for peer supporters only"),
        FieldError("notes.0", "Shorter than minimum length 1.")])
    errors = FormErrors.from_problem(refused, {})
    assert [e["text"] for e in errors.summary] == ["This session is for peer supporters only",
                                                   "Notes 0: enter an answer"]
