"""Repositories: how identity finds and stores its aggregates."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from identity.domain.model import Staff, Team
from psn_shared.db import paginate


class TeamRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, team: Team) -> None:
        self.session.add(team)

    def get(self, team_id: str) -> Team | None:
        return self.session.get(Team, team_id)

    def list(self) -> list[Team]:
        return list(self.session.scalars(select(Team).order_by(Team.name)))


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, member: Staff) -> None:
        self.session.add(member)

    def get(self, staff_id: str) -> Staff | None:
        return self.session.get(Staff, staff_id)

    def by_email(self, email: str) -> Staff | None:
        return self.session.scalars(select(Staff).where(Staff.email == email.strip().lower())).first()

    def by_employee_number(self, employee_number: str) -> Staff | None:
        return self.session.scalars(select(Staff).where(Staff.employee_number == employee_number)).first()

    def list(self, *, team_id: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[Staff], int]:
        query = select(Staff)
        if team_id:
            query = query.where(Staff.team_id == team_id)
        return paginate(self.session, query, Staff.name, Staff.id, limit=limit, offset=offset)

    def manager_roles(self, staff_id: str) -> set[str]:
        """line_manager / senior_manager are derived from the directory, never granted."""
        row = self.session.execute(
            select(
                func.count().filter(Staff.line_manager_id == staff_id),
                func.count().filter(Staff.senior_manager_id == staff_id),
            ).where(or_(Staff.line_manager_id == staff_id, Staff.senior_manager_id == staff_id))
        ).one()
        roles = set()
        if row[0]:
            roles.add("line_manager")
        if row[1]:
            roles.add("senior_manager")
        return roles
