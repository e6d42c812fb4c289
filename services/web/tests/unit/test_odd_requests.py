"""Every page, asked oddly by a signed-in person who holds every role: an id that is no id, junk in the
query or the form, a method the page does not take. Whatever the APIs answer (nothing found, a field
refused, a conflict), the page answers as a page does, never with a server error: a person's odd input
is theirs to correct, not the service's failure."""

from __future__ import annotations

import random
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from psn_shared.roles import ROLES
from services.web.tests.unit.conftest import csrf
from services.web.tests.unit.fakes import NOT_FOUND, problem

TEMPLATES = Path(__file__).parents[2] / "src" / "web" / "templates"
JUNK = ["", "0", "-1", "99999999999999999999", "x" * 3000, "\x00", "<script>", "NaN", "2026-13-45", "ü", " ", "[]",
        "22222222-2222-4222-8222-222222222222", "2026Q4", "true", "1.5", "%00", "../.."]
METHODS = ("GET", "POST", "PUT", "DELETE")
# Not pages: the probes (readiness is 503 while the APIs are away, as it must be), the design system's files,
# and signing in or out, which would end the session the rest of the test runs in.
SKIPPED = {"_live", "_ready", "static", "_assets", "account.sign_in", "account.sign_out"}
VARIANTS = 3

# What the faked APIs answer to every call: the page must turn each into something a person can read.
API_ANSWERS = {
    "nothing found": NOT_FOUND,
    "a field refused": problem(422, "Unprocessable Entity", [{"field": "x", "message": "Not a valid string."}]),
    "a conflict": problem(409, "Conflict", detail="Someone changed this first."),
}


def form_fields() -> list[str]:
    """Every input name the templates draw, so the junk lands in the fields the views read."""
    names: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        names.update(re.findall(r'name="([^"{]+)"', text))
        names.update(re.findall(r'"name": "([^"]+)"', text))
    return sorted(names)


def addresses(app, rng: random.Random) -> list[tuple[str, str]]:
    """Each page's address with junk (or a likely id) in its parts, under every method."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED:
            continue
        for method in METHODS:
            for _ in range(VARIANTS):
                path = rule.rule
                for argument in rule.arguments:
                    value = rng.choice([v for v in JUNK if v and "/" not in v])
                    path = path.replace(f"<{argument}>", quote(value, safe=""))
                    path = re.sub(rf"<[^>]*:{argument}>", quote(value, safe=""), path)
                found.append((method, path))
    return found


@pytest.mark.parametrize("api_answer", API_ANSWERS, ids=list(API_ANSWERS))
def test_no_page_fails_on_odd_input(signed_in, services, api_answer):
    client = signed_in(list(ROLES))
    token = csrf(client.get("/support/ask").data)
    services.unknown = API_ANSWERS[api_answer]
    rng, fields = random.Random(api_answer), form_fields()
    failed = []
    for method, path in addresses(client.application, rng):
        query = {rng.choice(fields): rng.choice(JUNK) for _ in range(rng.randint(0, 3))}
        form = {rng.choice(fields): rng.choice(JUNK) for _ in range(rng.randint(0, 8))}
        response = client.open(path, method=method, query_string=query,
                               data={**form, "csrf_token": token} if method != "GET" else None)
        if response.status_code >= 500:
            failed.append((method, path[:80], response.status_code))
    assert failed == []
