"""HR bulk import: the whole file is checked first, then turned into a plan of changes.

Rows are matched to people by (organisation, employee number). Managers are named by employee
number in the same organisation, teams by (service, team) names inside it. A row that matches
what is already on record yields no change, so importing the same file twice changes nothing.
Plain Python over plain values: the service layer loads the directory and applies the plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from identity.domain.enums import StaffStatus
from identity.domain.model import new_id, people_in_cycles
from psn_shared.roles import Role

# The columns of a row, as the API's schema hands them over.
COLUMNS = (
    "organisation", "employee_number", "name", "email", "job_title", "grade", "service", "team",
    "line_manager", "senior_manager", "start_date", "status",
)
# What the import compares and sets; the key (organisation, employee number) never changes.
COMPARED = (
    "name", "email", "job_title", "grade", "team_id", "line_manager_id", "senior_manager_id", "start_date",
)

TeamKey = tuple[str, str, str]  # (organisation id, service name, team name)
Key = tuple[str, str]  # a person's: (organisation id, employee number)
Rows = list[dict[str, Any]]
RowErrors = dict[int, dict[str, list[str]]]


@dataclass(frozen=True, slots=True)
class StaffRecord:
    """A member of staff's directory record: as the directory holds it, as the import writes it, and as
    identity's snapshot events carry it. Plain values: tens of thousands of ORM objects would cost seconds."""

    id: str
    organisation_id: str | None
    employee_number: str
    status: StaffStatus
    name: str
    email: str
    job_title: str | None
    grade: str | None
    team_id: str | None
    line_manager_id: str | None
    senior_manager_id: str | None
    start_date: date | None
    granted_roles: frozenset[Role] = frozenset()  # in force now

    def held_roles(self) -> set[Role]:
        """As `Staff.held_roles`: granted roles in force, and `staff` while active."""
        return set(self.granted_roles) | ({Role.STAFF} if self.status == StaffStatus.ACTIVE else set())


@dataclass(frozen=True, slots=True)
class Update:
    """A record the import changes: as it will be, and the fields (with their new values) that change."""

    record: StaffRecord
    changes: dict[str, Any]


@dataclass(frozen=True)
class Directory:
    """What the import needs to know of the directory as it stands."""

    organisations: dict[str, str]  # name -> id
    teams: dict[TeamKey, str]
    people: dict[Key, StaffRecord]
    email_owner: dict[str, str]  # email -> staff id
    manager_of: dict[str, str | None]  # staff id -> line manager id, for everyone


@dataclass
class Plan:
    new_teams: dict[TeamKey, str] = field(default_factory=dict)
    created: list[StaffRecord] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    leaving: list[str] = field(default_factory=list)
    reinstated: list[str] = field(default_factory=list)
    skipped_leavers: int = 0

    @property
    def empty(self) -> bool:
        return not (self.new_teams or self.created or self.updated or self.leaving or self.reinstated)


class ImportRejected(Exception):
    """The file has errors; nothing of it is applied."""

    def __init__(self, errors: RowErrors) -> None:
        super().__init__(f"{len(errors)} rows have errors")
        self.errors = errors


class _Errors:
    def __init__(self) -> None:
        self.by_row: RowErrors = defaultdict(lambda: defaultdict(list))

    def add(self, row: int, column: str, message: str) -> None:
        self.by_row[row][column].append(message)

    def as_dict(self) -> RowErrors:
        return {row: dict(columns) for row, columns in sorted(self.by_row.items())}


def plan_import(rows: Rows, directory: Directory) -> Plan:
    """Check every row against the others and the directory; return the plan or raise ImportRejected."""
    errors = _Errors()
    index_of = _keys(rows, directory, errors)
    ids = {key: (directory.people[key].id if key in directory.people else new_id()) for key in index_of}
    _check_emails(rows, index_of, ids, directory, errors)
    plan = Plan()
    wanted: dict[Key, dict[str, Any]] = {}
    for key, index in index_of.items():
        row = rows[index]
        values = {name: row.get(name) for name in ("name", "job_title", "grade", "start_date")}
        values["email"] = row["email"].strip().lower()
        values["team_id"] = _team_id(key[0], row, directory, plan)
        for column in ("line_manager", "senior_manager"):
            values[f"{column}_id"] = _manager_id(key, column, rows, index_of, ids, directory, errors)
        wanted[key] = values
    _check_cycles(wanted, index_of, ids, directory, errors)
    if errors.by_row:
        raise ImportRejected(errors.as_dict())
    for key, values in wanted.items():
        _plan_row(_status(rows[index_of[key]]), key, ids[key], values, directory, plan)
    return plan


def _status(row: dict[str, Any]) -> StaffStatus:
    return StaffStatus(row.get("status") or StaffStatus.ACTIVE)


def _keys(rows: Rows, directory: Directory, errors: _Errors) -> dict[Key, int]:
    """Each row's key, (organisation id, employee number), and the row it is on."""
    index_of: dict[Key, int] = {}
    for index, row in enumerate(rows):
        org_id = directory.organisations.get(row["organisation"])
        if org_id is None:
            errors.add(index, "organisation", f"no organisation named {row['organisation']!r}")
            continue
        key = (org_id, row["employee_number"])
        if key in index_of:
            errors.add(index, "employee_number", f"employee number repeated (row {index_of[key]})")
            continue
        index_of[key] = index
    return index_of


def _check_emails(rows: Rows, index_of: dict[Key, int], ids: dict[Key, str], directory: Directory,
                  errors: _Errors) -> None:
    first_row: dict[str, int] = {}
    for key, index in index_of.items():
        email = rows[index]["email"].strip().lower()
        if email in first_row:
            errors.add(index, "email", f"email repeated (row {first_row[email]})")
            continue
        first_row[email] = index
        owner = directory.email_owner.get(email)
        if owner is not None and owner != ids[key]:
            errors.add(index, "email", "email belongs to another member of staff")


def _team_id(org_id: str, row: dict[str, Any], directory: Directory, plan: Plan) -> str | None:
    if not row.get("team"):
        return None
    key = (org_id, row["service"], row["team"])
    if key in directory.teams:
        return directory.teams[key]
    return plan.new_teams.setdefault(key, new_id())


def _manager_id(key: Key, column: str, rows: Rows, index_of: dict[Key, int], ids: dict[Key, str],
                directory: Directory, errors: _Errors) -> str | None:
    """The id of the manager a row names: someone else in the file, or on record, who has not left."""
    index = index_of[key]
    number = rows[index].get(column)
    if not number:
        return None
    manager_key = (key[0], number)
    if manager_key == key:
        errors.add(index, column, "nobody can be their own manager")
        return None
    if manager_key in index_of:
        status, manager_id = _status(rows[index_of[manager_key]]), ids[manager_key]
    elif manager_key in directory.people:
        status, manager_id = directory.people[manager_key].status, directory.people[manager_key].id
    else:
        errors.add(index, column, f"no member of staff with employee number {number!r} in this organisation")
        return None
    if status == StaffStatus.LEFT:
        errors.add(index, column, f"{number!r} has left and cannot manage anyone")
        return None
    return manager_id


def _check_cycles(wanted: dict[Key, dict[str, Any]], index_of: dict[Key, int], ids: dict[Key, str],
                  directory: Directory, errors: _Errors) -> None:
    manager_of = dict(directory.manager_of)
    for key, values in wanted.items():
        manager_of[ids[key]] = values["line_manager_id"]
    looped = people_in_cycles(manager_of)
    for key in wanted:
        if ids[key] in looped:
            errors.add(index_of[key], "line_manager", "this line manager would close a loop of line management")


def _plan_row(
    status: StaffStatus, key: Key, staff_id: str, values: dict[str, Any], directory: Directory, plan: Plan
) -> None:
    on_record = directory.people.get(key)
    if on_record is None:
        if status == StaffStatus.LEFT:
            plan.skipped_leavers += 1  # someone who left before the directory ever knew them
            return
        plan.created.append(StaffRecord(id=staff_id, organisation_id=key[0], employee_number=key[1],
                                        status=StaffStatus.ACTIVE, **values))
        return
    changes = {name: values[name] for name in COMPARED if getattr(on_record, name) != values[name]}
    if changes:
        plan.updated.append(Update(replace(on_record, **changes), changes))
    if status != on_record.status:
        (plan.leaving if status == StaffStatus.LEFT else plan.reinstated).append(staff_id)
