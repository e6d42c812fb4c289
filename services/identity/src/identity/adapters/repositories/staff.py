"""Where staff are found and kept: one at a time for the use cases, in bulk for the HR import."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from identity.adapters import orm
from identity.domain.enums import StaffStatus
from identity.domain.hr_import import COMPARED, Directory, OnRecord, TeamKey
from identity.domain.model import Delegation, RoleGrant, Staff, Team
from psn_shared.db import paginate

DERIVED_ROLES = ("line_manager", "senior_manager")


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, member: Staff) -> None:
        self.session.add(member)

    def get(self, staff_id: str) -> Staff | None:
        return self.session.get(Staff, staff_id)

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

    def list(self, *, limit: int = 50, offset: int = 0, **filters: Any) -> tuple[list[Staff], int]:
        query = select(Staff)
        for condition in _staff_conditions(**filters):
            query = query.where(condition)
        return paginate(self.session, query, Staff.name, Staff.id, limit=limit, offset=offset)

    def manager_roles(self, staff_id: str, today: date) -> set[str]:
        """line_manager / senior_manager are derived from the directory (and delegations in force), never granted."""
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
            roles.add("line_manager")
        if row[1]:
            roles.add("senior_manager")
        return roles

    def delegators(self, delegate_id: str, today: date) -> list[str]:
        """The managers `delegate_id` stands in for today."""
        query = select(Delegation.manager_id).where(
            Delegation.delegate_id == delegate_id,
            Delegation.starts_on <= today,
            Delegation.ends_on >= today,
            Delegation.ended_at.is_(None),
        )
        return list(self.session.scalars(query))

    def reports_of(self, manager_id: str, today: date) -> list[Staff]:
        """Whom `manager_id` line-manages or senior-manages, directly or standing in for someone today."""
        managers = [manager_id, *self.delegators(manager_id, today)]
        query = select(Staff).where(
            or_(Staff.line_manager_id.in_(managers), Staff.senior_manager_id == manager_id)
        ).order_by(Staff.name)
        return list(self.session.scalars(query))

    # The HR import works on plain rows: tens of thousands of ORM objects would cost seconds.

    def directory_for_import(self, organisations: dict[str, str], teams: dict[TeamKey, str]) -> Directory:
        s = orm.staff.c
        columns = [s.id, s.organisation_id, s.employee_number, s.status, s.email, *(getattr(s, n) for n in COMPARED)]
        people, email_owner, manager_of = {}, {}, {}
        for row in self.session.execute(select(*columns)).mappings():
            email_owner[row["email"]] = row["id"]
            manager_of[row["id"]] = row["line_manager_id"]
            if row["organisation_id"] in organisations.values():
                people[row["organisation_id"], row["employee_number"]] = OnRecord(
                    id=row["id"], organisation_id=row["organisation_id"], employee_number=row["employee_number"],
                    status=row["status"], values={n: row[n] for n in COMPARED},
                )
        return Directory(organisations, teams, people, email_owner, manager_of)

    def insert_many(self, records: list[dict[str, Any]]) -> None:
        """New people first without managers, then their managers: a manager may be new in the same batch."""
        if not records:
            return
        managers = ("line_manager_id", "senior_manager_id")
        self.session.execute(insert(orm.staff), [{**r, **dict.fromkeys(managers)} for r in records])
        with_managers = [r for r in records if r["line_manager_id"] or r["senior_manager_id"]]
        self.update_many([(r["id"], {m: r[m] for m in managers}) for r in with_managers])

    def update_many(self, changes: list[tuple[str, dict[str, Any]]]) -> None:
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

    def snapshots(self, staff_ids: list[str]) -> list[dict[str, Any]]:
        """The snapshot identity's events carry, for many people at once."""
        if not staff_ids:
            return []
        s, g = orm.staff.c, orm.role_grants.c
        roles: dict[str, set[str]] = defaultdict(set)
        for chunk in _chunks(staff_ids):
            query = select(g.staff_id, g.role).where(g.staff_id.in_(chunk), g.revoked_at.is_(None))
            for staff_id, role in self.session.execute(query):
                roles[staff_id].add(role)
        columns = [s.id, s.employee_number, s.name, s.email, s.team_id, s.grade, s.line_manager_id,
                   s.senior_manager_id, s.status, s.organisation_id, s.job_title, s.start_date]
        result = []
        for chunk in _chunks(staff_ids):
            for row in self.session.execute(select(*columns).where(s.id.in_(chunk))).mappings():
                held = roles[row["id"]] | ({"staff"} if row["status"] == StaffStatus.ACTIVE else set())
                result.append({**{k: v for k, v in row.items() if k != "id"}, "staff_id": row["id"],
                               "roles": sorted(held)})
        return result


def _chunks(items: list[str], size: int = 5000) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


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
    if role in DERIVED_ROLES:
        column = orm.staff.c.line_manager_id if role == "line_manager" else orm.staff.c.senior_manager_id
        report = orm.staff.alias("report")
        return exists().where(report.c[column.name] == Staff.id, report.c.status == StaffStatus.ACTIVE)
    if role == "staff":
        return Staff.status == StaffStatus.ACTIVE
    return exists().where(and_(RoleGrant.staff_id == Staff.id, RoleGrant.role == role, RoleGrant.revoked_at.is_(None)))
