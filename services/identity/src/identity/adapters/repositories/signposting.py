"""Where the signposting directory's sources of help are found and kept."""

from __future__ import annotations

import abc

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from identity.domain.signposting import HelpKind, HelpSource
from psn_shared.db import paginate


class HelpSourceRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, source: HelpSource) -> None: ...

    @abc.abstractmethod
    def get(self, source_id: str) -> HelpSource | None: ...

    @abc.abstractmethod
    def search(
        self, *, q: str | None, kind: str | None, organisation_id: str | None, region: str | None,
        include_withdrawn: bool, limit: int, offset: int,
    ) -> tuple[list[HelpSource], int]:
        """Crisis lines first (someone in crisis must not have to page for them), then by name, and how
        many match in all. `q`: any part of the name, description or who it is
        for, ignoring case. `organisation_id` / `region`: that organisation's or region's and everyone's."""


class SqlHelpSourceRepository(HelpSourceRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, source: HelpSource) -> None:
        self.session.add(source)

    def get(self, source_id: str) -> HelpSource | None:
        return self.session.get(HelpSource, source_id)

    def search(
        self, *, q: str | None, kind: str | None, organisation_id: str | None, region: str | None,
        include_withdrawn: bool, limit: int, offset: int,
    ) -> tuple[list[HelpSource], int]:
        query = select(HelpSource)
        if not include_withdrawn:
            query = query.where(HelpSource.active.is_(True))
        if kind:
            query = query.where(HelpSource.kind == kind)
        if organisation_id:
            serves = HelpSource.organisation_id == organisation_id
            query = query.where(or_(HelpSource.organisation_id.is_(None), serves))
        if region:
            query = query.where(or_(HelpSource.region.is_(None), func.lower(HelpSource.region) == region.lower()))
        if q:
            pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(or_(*(func.lower(column).like(pattern, escape="\\") for column in (
                HelpSource.name, HelpSource.description, HelpSource.for_whom))))
        crisis_first = case((HelpSource.kind == HelpKind.CRISIS_LINE, 0), else_=1)
        return paginate(self.session, query, crisis_first, HelpSource.name, HelpSource.id, limit=limit, offset=offset)
