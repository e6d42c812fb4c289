"""Where staff are found and kept: one at a time for the use cases, in bulk for the HR import."""

from __future__ import annotations

import abc
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session, joinedload

from identity.adapters import orm
from identity.domain.enums import StaffStatus
from identity.domain.hr_import import Directory, StaffRecord, TeamKey, Update
from identity.domain.model import Delegation, RoleGrant, Staff, Team
from psn_shared.db import paginate
from psn_shared.roles import MANAGER_ROLES, Role

# The staff columns a StaffRecord holds, named as its fields.
RECORD_COLUMNS = (
    "id", "organisation_id", "employee_number", "status", "name", "email", "job_title", "grade", "team_id",
    "line_manager_id", "senior_manager_id", "start_date",
)
MANAGER_COLUMNS = ("line_manager_id", "senior_manager_id")


class StaffRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, member: Staff) -> None: ...

    @abc.abstractmethod
    def get(self, staff_id: str) -> Staff | None: ...

    @abc.abstractmethod
    def many(self, staff_ids: Iterable[str]) -> list[Staff]: ...

    @abc.abstractmethod
    def by_email(self, email: str) -> Staff | None:
        """Whoever has this email, however it is written (emails are kept lower-cased)."""

    @abc.abstractmethod
    def by_employee_number(self, organisation_id: str | None, employee_number: str) -> Staff | None: ...

    @abc.abstractmethod
    def list(self, *, limit: int = 50, offset: int = 0, **filters: str | None) -> tuple[list[Staff], int]:
        """A page of staff by name, and how many match in all.

        Filters: `team_id`, `service_id`, `organisation_id`, `status`, `role` (held now) and `q`
        (any part of the name or preferred name, ignoring case).
        """

    @abc.abstractmethod
    def lock_grant(self, grant: RoleGrant) -> None:
        """Hold this grant against other changes until the transaction ends (a supporter's hours, two managers)."""

    @abc.abstractmethod
    def manager_roles(self, staff_id: str, today: date) -> set[Role]:
        """line_manager / senior_manager: derived from the directory (and delegations in force), never granted."""

    @abc.abstractmethod
    def delegators(self, delegate_id: str, today: date) -> list[str]:
        """The managers `delegate_id` stands in for today."""

    @abc.abstractmethod
    def reports_of(self, manager_id: str, today: date) -> list[Staff]:
        """Whom `manager_id` line-manages or senior-manages, directly or standing in for someone today; by name."""

    @abc.abstractmethod
    def holders(self, role: str, team_ids: Collection[str]) -> list[Staff]:
        """Active members of these teams who hold `role` now, by name."""

    @abc.abstractmethod
    def holders_by_team(self, role: str) -> dict[str, int]:
        """How many active members of each team hold `role` now (teams with none are absent)."""

    @abc.abstractmethod
    def directory_for_import(self, organisations: dict[str, str], teams: dict[TeamKey, str]) -> Directory:
        """What the HR import checks a file against: everyone's email and line manager, and the
        records of the people of `organisations` (name -> id)."""

    @abc.abstractmethod
    def insert_many(self, records: list[StaffRecord]) -> None:
        """New people, in bulk; a manager may be new in the same batch."""

    @abc.abstractmethod
    def update_many(self, updates: list[Update]) -> None:
        """Changed fields of many people, in bulk."""


class SqlStaffRepository(StaffRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, member: Staff) -> None:
        self.session.add(member)

    def get(self, staff_id: str) -> Staff | None:
        # The roles come in the same round trip: nearly every use of one person reads them.
        return self.session.get(Staff, staff_id, options=[joinedload(Staff.role_grants)])

    def many(self, staff_ids: Iterable[str]) -> list[Staff]:
        return list(self.session.scalars(select(Staff).where(Staff.id.in_(list(staff_ids)))))

    def by_email(self, email: str) -> Staff | None:
        return self.session.scalars(select(Staff).where(Staff.email == email.strip().lower())).first()

    def by_employee_number(self, organisation_id: str | None, employee_number: str) -> Staff | None:
        query = select(Staff).where(
            Staff.employee_number == employee_number,
            Staff.organisation_id.is_(None) if organisation_id is None else Staff.organisation_id == organisation_id,
        )
        return self.session.scalars(query).first()

    def list(self, *, limit: int = 50, offset: int = 0, **filters: str | None) -> tuple[list[Staff], int]:
        query = select(Staff)
        for condition in _staff_conditions(**filters):
            query = query.where(condition)
        return paginate(self.session, query, Staff.name, Staff.id, limit=limit, offset=offset)

    def manager_roles(self, staff_id: str, today: date) -> set[Role]:
        row = self.session.execute(
            select(
                func.count().filter(Staff.line_manager_id == staff_id),
                func.count().filter(Staff.senior_manager_id == staff_id),
            ).where(
                or_(Staff.line_manager_id == staff_id, Staff.senior_manager_id == staff_id),
                Staff.status == StaffStatus.ACTIVE,
            )
        ).one()
        roles = set()
        if row[0] or self.delegators(staff_id, today):
            roles.add(Role.LINE_MANAGER)
        if row[1]:
            roles.add(Role.SENIOR_MANAGER)
        return roles

    def lock_grant(self, grant: RoleGrant) -> None:
        self.session.refresh(grant, with_for_update=True)

    def delegators(self, delegate_id: str, today: date) -> list[str]:
        query = select(Delegation.manager_id).where(
            Delegation.delegate_id == delegate_id,
            Delegation.starts_on <= today,
            Delegation.ends_on >= today,
            Delegation.ended_at.is_(None),
        )
        return list(self.session.scalars(query))

    def reports_of(self, manager_id: str, today: date) -> list[Staff]:
        managers = [manager_id, *self.delegators(manager_id, today)]
        query = select(Staff).where(
            or_(Staff.line_manager_id.in_(managers), Staff.senior_manager_id == manager_id)
        ).order_by(Staff.name)
        return list(self.session.scalars(query))

    def holders(self, role: str, team_ids: Collection[str]) -> list[Staff]:
        if not team_ids:
            return []
        query = select(Staff).where(Staff.team_id.in_(list(team_ids)), Staff.status == StaffStatus.ACTIVE,
                                    _holds(role)).order_by(Staff.name)
        return list(self.session.scalars(query))

    def holders_by_team(self, role: str) -> dict[str, int]:
        g, s = orm.role_grants.c, orm.staff.c
        query = (
            select(s.team_id, func.count(func.distinct(s.id)))
            .join(orm.role_grants, g.staff_id == s.id)
            .where(g.role == role, g.revoked_at.is_(None), s.status == StaffStatus.ACTIVE, s.team_id.is_not(None))
            .group_by(s.team_id)
        )
        return dict(self.session.execute(query).all())

    # The HR import works on plain rows: tens of thousands of ORM objects would cost seconds.

    def directory_for_import(self, organisations: dict[str, str], teams: dict[TeamKey, str]) -> Directory:
        s = orm.staff.c
        wanted = set(organisations.values())
        people, email_owner, manager_of = {}, {}, {}
        for row in self.session.execute(select(*(s[name] for name in RECORD_COLUMNS))).mappings():
            email_owner[row["email"]] = row["id"]
            manager_of[row["id"]] = row["line_manager_id"]
            if row["organisation_id"] in wanted:
                people[row["organisation_id"], row["employee_number"]] = row
        granted = self._granted_roles() if people else {}
        records = {
            key: StaffRecord(**row, granted_roles=frozenset(granted.get(row["id"], ()))) for key, row in people.items()
        }
        return Directory(organisations, teams, records, email_owner, manager_of)

    def _granted_roles(self) -> dict[str, set[Role]]:
        """Everyone's granted roles in force (few people hold any), for the events the import sends."""
        g = orm.role_grants.c
        roles: dict[str, set[Role]] = defaultdict(set)
        for staff_id, role in self.session.execute(select(g.staff_id, g.role).where(g.revoked_at.is_(None))):
            roles[staff_id].add(role)
        return roles

    def insert_many(self, records: list[StaffRecord]) -> None:
        """New people first without managers, then their managers: a manager may be new in the same batch."""
        if not records:
            return
        self.session.flush()  # the import's new teams, added through the ORM, before rows that name them
        rows = [{name: getattr(record, name) for name in RECORD_COLUMNS} for record in records]
        self.session.execute(insert(orm.staff), [{**row, **dict.fromkeys(MANAGER_COLUMNS)} for row in rows])
        self._update_rows([
            (row["id"], {name: row[name] for name in MANAGER_COLUMNS})
            for row in rows if row["line_manager_id"] or row["senior_manager_id"]
        ])

    def update_many(self, updates: list[Update]) -> None:
        self.session.flush()  # as for insert_many
        self._update_rows([(update.record.id, update.changes) for update in updates])

    def _update_rows(self, changes: list[tuple[str, dict[str, Any]]]) -> None:
        """Update by id, grouped by which columns change, one executemany per group."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for staff_id, values in changes:
            groups[tuple(sorted(values))].append({"b_id": staff_id, **{f"b_{k}": v for k, v in values.items()}})
        for names, params in groups.items():
            statement = (
                update(orm.staff)
                .where(orm.staff.c.id == bindparam("b_id"))
                .values({name: bindparam(f"b_{name}") for name in names})
            )
            self.session.connection().execute(statement, params)


def _staff_conditions(
    *, team_id: str | None = None, service_id: str | None = None, organisation_id: str | None = None,
    status: str | None = None, role: str | None = None, q: str | None = None,
) -> list[Any]:
    conditions: list[Any] = []
    if team_id:
        conditions.append(Staff.team_id == team_id)
    if service_id:
        conditions.append(Staff.team_id.in_(select(Team.id).where(Team.service_id == service_id)))
    if organisation_id:
        conditions.append(Staff.organisation_id == organisation_id)
    if status:
        conditions.append(Staff.status == status)
    if q:
        # Search by name: any part of it, ignoring case; % and _ in the query are taken literally.
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(or_(func.lower(Staff.name).like(pattern, escape="\\"),
                              func.lower(Staff.preferred_name).like(pattern, escape="\\")))
    if role:
        conditions.append(_holds(role))
    return conditions


def _holds(role: str) -> Any:
    if role in MANAGER_ROLES:
        column = orm.staff.c.line_manager_id if role == Role.LINE_MANAGER else orm.staff.c.senior_manager_id
        report = orm.staff.alias("report")
        return exists().where(report.c[column.name] == Staff.id, report.c.status == StaffStatus.ACTIVE)
    if role == Role.STAFF:
        return Staff.status == StaffStatus.ACTIVE
    return exists().where(and_(RoleGrant.staff_id == Staff.id, RoleGrant.role == role, RoleGrant.revoked_at.is_(None)))
