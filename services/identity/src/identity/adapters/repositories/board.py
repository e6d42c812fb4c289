"""What identity counts for the board's quarterly report: who held a role at a moment, by service."""

from __future__ import annotations

import abc
from datetime import datetime

from sqlalchemy import Subquery, func, or_, select
from sqlalchemy.orm import Session

from identity.adapters import orm


class BoardFigures(abc.ABC):
    @abc.abstractmethod
    def holders_by_service(self, role: str, at: datetime) -> dict[str, int]:
        """How many people held `role` at `at`, by the service of their team ("organisation / service");
        a champion counts for the team they were appointed for."""

    @abc.abstractmethod
    def teams_without(self, role: str, at: datetime) -> tuple[int, int]:
        """(teams, teams where nobody held `role` at `at`)."""


class SqlBoardFigures(BoardFigures):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _held(self, role: str, at: datetime) -> Subquery:
        g, s = orm.role_grants.c, orm.staff.c
        return (
            select(g.staff_id, func.coalesce(g.team_id, s.team_id).label("team_id"))
            .join(orm.staff, s.id == g.staff_id)
            .where(g.role == role, g.granted_at < at, or_(g.revoked_at.is_(None), g.revoked_at >= at))
            .subquery()
        )

    def holders_by_service(self, role: str, at: datetime) -> dict[str, int]:
        held, t = self._held(role, at), orm.teams.c
        query = (
            select(t.organisation, t.service, func.count(func.distinct(held.c.staff_id)))
            .join(orm.teams, t.id == held.c.team_id)
            .group_by(t.organisation, t.service)
        )
        return {f"{organisation} / {service}": n for organisation, service, n in self.session.execute(query)}

    def teams_without(self, role: str, at: datetime) -> tuple[int, int]:
        held = self._held(role, at)
        teams = self.session.scalar(select(func.count()).select_from(orm.teams)) or 0
        covered = self.session.scalar(select(func.count(func.distinct(held.c.team_id)))
                                      .where(held.c.team_id.is_not(None))) or 0
        return teams, teams - covered
