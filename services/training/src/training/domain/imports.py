"""Level 1 completions from a learning platform's export file: parsed and checked row by row."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from psn_shared.errors import InvalidInput

COLUMNS = ("employee_number", "course_code", "completion_date")
MAX_ROWS = 10_000
# A UK board's spreadsheets export day first (decision 76); month first (US order) is never read, and a file
# that shows it was saved so is refused whole.
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
DATE_FORMATS = "YYYY-MM-DD or DD/MM/YYYY"


class Outcome(StrEnum):
    """What became of one row of an import."""

    RECORDED = "recorded"
    ALREADY_RECORDED = "already_recorded"
    UNKNOWN_STAFF = "unknown_staff"
    WRONG_COURSE_CODE = "wrong_course_code"
    INVALID_ROW = "invalid_row"


@dataclass(frozen=True)
class ImportRow:
    line: int
    employee_number: str
    course_code: str
    completion_date: str


@dataclass(frozen=True)
class RowOutcome:
    line: int
    employee_number: str
    outcome: Outcome
    message: str
    staff_id: str | None = None


def normalise_code(code: str) -> str:
    """Platforms write "GCC 277", "GCC277" or "gcc-277": all the same course."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def parse(content: str) -> list[ImportRow]:
    """The file as rows; a file without the expected header is refused whole (field `file`)."""
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidInput(f"the file needs the columns {', '.join(COLUMNS)}; missing {', '.join(missing)}",
                           field="file")
    reader.fieldnames = header
    rows = []
    for record in reader:
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(f"a file holds at most {MAX_ROWS} rows", field="file")
        cell = {name: (record.get(name) or "").strip() for name in COLUMNS}
        rows.append(ImportRow(line=reader.line_num, **cell))
    if not rows:
        raise InvalidInput("the file has no rows", field="file")
    _refuse_month_first(rows)
    return rows


def _refuse_month_first(rows: list[ImportRow]) -> None:
    """A file with a slashed date that can only be month first (10/31/2026) was saved in US order, so its
    other slashed dates are month first too, and reading them day first would record wrong days: the
    whole file is refused, naming the first such row, before anything is recorded."""
    for row in rows:
        if (slashed := UK_DATE.fullmatch(row.completion_date)) is None:
            continue
        first, second, year = (int(part) for part in slashed.groups())
        if first <= 12 < second and completion_date(f"{second}/{first}/{year}") is not None:
            raise InvalidInput(
                f"the file's dates are month first (line {row.line}: {row.completion_date}); "
                f"save it with dates as {DATE_FORMATS} and import it again", field="file")


def check_row(row: ImportRow, accepted_codes: tuple[str, ...], today: date) -> tuple[date | None, RowOutcome | None]:
    """The row's completion date, or the outcome that rejects it (before anyone is looked up)."""
    def reject(outcome: Outcome, message: str) -> tuple[None, RowOutcome]:
        return None, RowOutcome(line=row.line, employee_number=row.employee_number, outcome=outcome, message=message)

    if not row.employee_number:
        return reject(Outcome.INVALID_ROW, "no employee number")
    if normalise_code(row.course_code) not in {normalise_code(c) for c in accepted_codes}:
        expected = " or ".join(accepted_codes)
        return reject(Outcome.WRONG_COURSE_CODE, f"course code {row.course_code!r} is not {expected}")
    completed_on = completion_date(row.completion_date)
    if completed_on is None:
        return reject(Outcome.INVALID_ROW, f"completion date {row.completion_date!r} is not {DATE_FORMATS}")
    if completed_on > today:
        return reject(Outcome.INVALID_ROW, "the completion date is in the future")
    return completed_on, None


def completion_date(text: str) -> date | None:
    """An ISO date (2026-10-01) or a UK one, day first (01/10/2026); None for anything else or no such day."""
    if iso := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in iso.groups())
    elif uk := UK_DATE.fullmatch(text):
        day, month, year = (int(part) for part in uk.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
