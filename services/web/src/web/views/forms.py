"""What every page with a form shares: errors shown the design system's way, and idempotent sends.

An API's problem document names each bad field (`errors[].field`, e.g. `details` or `slots.1.starts_at`);
the page maps those to its own inputs, so each message appears in the error summary at the top (a link
to the input) and beside the input itself. A problem naming no field of the form goes in the summary
alone, with its detail. marshmallow's stock messages are reworded as the design system words errors.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from web.adapters.api import ApiProblem

LONDON = ZoneInfo("Europe/London")


@dataclass
class FormErrors:
    summary: list[dict[str, str]] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.summary)

    def add(self, input_id: str | None, message: str) -> None:
        if input_id and input_id not in self.fields:
            self.fields[input_id] = message
            self.summary.append({"text": message, "href": f"#{input_id}"})
        elif not input_id:
            self.summary.append({"text": message})

    def message(self, input_id: str) -> dict[str, str] | None:
        """For a component's `errorMessage`."""
        text = self.fields.get(input_id)
        return {"text": text, "visuallyHiddenText": _("Error")} if text else None

    @classmethod
    def from_problem(cls, problem: ApiProblem, inputs: dict[str, str]) -> FormErrors:
        """`inputs` maps an API field name (or its first part) to the page's input id."""
        errors = cls()
        for error in problem.errors:
            api_field = error.field or ""
            input_id = inputs.get(api_field) or inputs.get(api_field.split(".")[0])
            errors.add(input_id, _plain(error.message) if input_id else _unplaced(api_field, error.message))
        if not errors:
            errors.add(None, _sentence(problem.detail or problem.title))
        return errors


# The validators' own words ("Longer than maximum length 100.") said as a person is asked to correct them, in the
# page's language; shown beside the input, under its label, so they need not name it. A pattern's named groups fill
# its message's placeholders.
_REWORDED = [
    (re.compile(r"Longer than maximum length (?P<most>\d+)\.?"), lazy_gettext("Enter %(most)s characters or fewer")),
    (re.compile(r"Shorter than minimum length 1\.?"), lazy_gettext("Enter an answer")),
    (re.compile(r"Shorter than minimum length (?P<least>\d+)\.?"), lazy_gettext("Enter at least %(least)s characters")),
    (re.compile(r"Length must be between (?P<least>\d+) and (?P<most>\d+)\.?"),
     lazy_gettext("Enter between %(least)s and %(most)s characters")),
    (re.compile(r"Not a valid URL\.?"), lazy_gettext("Enter a web address starting https://")),
    (re.compile(r"Not a valid email address\.?"),
     lazy_gettext("Enter an email address in the correct format, like name@example.com")),
    (re.compile(r"Missing data for required field\.?|Field may not be null\.?"), lazy_gettext("Answer this question")),
    (re.compile(r"Must be one of: .*"), lazy_gettext("Choose one of the options")),
    (re.compile(r"Must be greater than or equal to (?P<least>\S+) and less than or equal to (?P<most>\S+?)\.?"),
     lazy_gettext("Enter a number from %(least)s to %(most)s")),
    (re.compile(r"Not a valid integer\.?"), lazy_gettext("Enter a whole number")),
    (re.compile(r"a phone number: digits, spaces, brackets, dashes"),
     lazy_gettext("Enter a phone number, like 07700 900123")),
]


def _plain(message: str) -> str:
    for pattern, words in _REWORDED:
        if matched := pattern.fullmatch(message.strip()):
            return str(words) % matched.groupdict()
    return _sentence(message)


def _unplaced(api_field: str, message: str) -> str:
    """An error on no input of the page: a service's own sentence stands alone ("This session is for peer supporters
    only"); a validator's few words need the field they are about, said in words ("Audience: enter an answer")."""
    if not api_field or not any(pattern.fullmatch(message.strip()) for pattern, _ in _REWORDED):
        return _sentence(message)
    said = _plain(message)
    return f"{_sentence(api_field.replace('_', ' ').replace('.', ' '))}: {said[:1].lower()}{said[1:]}"


def sentence(text: str) -> str:
    """The first letter made a capital, and no other (Jinja's `capitalize` lowers the rest: 'at ysbyty gwynedd')."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    return sentence(text) or _("Check this answer")


def day_entered(answers: dict[str, str], prefix: str) -> date | None:
    """The design system's date input (`prefix[day]`, `[month]`, `[year]`): None when left empty;
    ValueError when it names no real day."""
    parts = [answers.get(f"{prefix}[{part}]", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None
    day, month, year = (int(part) if part.isdigit() else 0 for part in parts)
    return date(year, month, day)


def day_asked(answers: dict[str, str], prefix: str, errors: FormErrors, missing: str | None = None) -> date | None:
    """The date input `prefix` as a day, or None: a problem added to `errors` when it names no real day, or when
    it is left empty and `missing` is what to ask for then."""
    try:
        day = day_entered(answers, prefix)
    except ValueError:
        errors.add(prefix, _("Enter a real date, for example 27 3 2027"))
        return None
    if day is None and missing:
        errors.add(prefix, missing)
    return day


def meeting_entered(answers: dict[str, str], prefix: str, lengths: tuple[int, ...], errors: FormErrors,
                    missing_day: str) -> tuple[datetime, datetime] | None:
    """A meeting's date (`prefix-day`), start time (`prefix-time`) and length in minutes (`prefix-length`, one of
    `lengths`) as its start and end in London, with their offset; None, with each problem added to `errors`."""
    day = day_asked(answers, f"{prefix}-day", errors, missing_day)
    try:
        hours, minutes = (int(p) for p in answers.get(f"{prefix}-time", "").strip().replace(".", ":").split(":"))
        clock = time(hours, minutes)
    except ValueError:
        clock = None
        errors.add(f"{prefix}-time", _("Enter a start time, for example 14:30"))
    length = answers.get(f"{prefix}-length", "")
    if not length.isdigit() or int(length) not in lengths:
        errors.add(f"{prefix}-length", _("Choose how long it lasts"))
        return None
    if day is None or clock is None:
        return None
    starts_at = datetime.combine(day, clock, LONDON)
    return starts_at, starts_at + timedelta(minutes=int(length))


def begun(items: Iterable[dict[str, Any]]) -> set[str]:
    """The ids of those (sessions, reviews, conversations) whose start has passed: too late to book, move or
    cancel, and time to take the register or record an outcome."""
    now = datetime.now(UTC)
    return {i["id"] for i in items if i.get("starts_at") and datetime.fromisoformat(i["starts_at"]) <= now}


def idempotency_key() -> str:
    """For a form's hidden field: a second press of the button sends the same key, so acts once."""
    return str(uuid.uuid4())


def submitted_key() -> str:
    key = request.form.get("idempotency_key", "")
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return str(uuid.uuid4())


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


def api() -> Any:
    return g.api


@dataclass(frozen=True)
class Paging:
    """The page a person asked for (`?page=`, from 1) of a list read `size` at a time."""

    page: int
    size: int

    @classmethod
    def asked(cls, size: int) -> Paging:
        return cls(max(1, request.args.get("page", 1, type=int) or 1), size)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def pages(self, total: int) -> int:
        """How many pages `total` fills. A page past the last (an old bookmark, a list that has shrunk) is
        sent to the last: an empty page would say there is nothing while there is."""
        pages = max(1, -(-total // self.size))
        if self.page > pages and request.method == "GET":
            abort(redirect(request.path + page_link(pages)))
        return pages


def counted(value: Any) -> str:
    """A count as a report shows it: one under 5 suppressed, one withheld where a total would give it away."""
    return {"<5": _("fewer than 5"), "withheld": _("not shown")}.get(value, str(value))


def counted_of(part: Any, whole: Any) -> str:
    """'3 of 12', the whole left out where it is withheld ('fewer than 5, of a number not shown' read badly)."""
    if whole == "withheld":
        return _("%(part)s (the total is not shown: it would give the count away)", part=counted(part))
    return _("%(part)s of %(whole)s", part=counted(part), whole=counted(whole))


def page_link(page: int) -> str:
    """This list's address at another page, with every other question it was asked (the words searched, a
    kind chosen) kept."""
    kept = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    return "?" + urlencode([*kept, ("page", page)])


def team_names() -> dict[str, str]:
    """Team names by id, which tell apart people of one name. An aid only: without identity a page still works,
    naming no team."""
    try:
        return {team["id"]: team["name"] for team in api().get("identity", "/api/v1/teams")}
    except ApiProblem:
        return {}


def only_for(blueprint: Blueprint, roles: set[str], refusal: str) -> None:
    """Every page of `blueprint` refused (403, `refusal`) to anyone holding none of `roles`; the services
    check each call again, so this only spares a page that would fail."""

    def check() -> None:
        if not roles & set(session["me"]["roles"]):
            abort(403, refusal)

    blueprint.before_request(check)


def uuid_or_404(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        abort(404)
