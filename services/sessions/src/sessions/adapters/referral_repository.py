"""Repositories for referrals, the sources of help they offer, and the audit of confidential reads
(abstract, and over SQLAlchemy)."""

from __future__ import annotations

import abc

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from psn_shared.db import paginate
from sessions.domain.audit import ConfidentialRead, RecordKind
from sessions.domain.model import SupportRequest
from sessions.domain.referrals import Referral, ReferralStatus, Service
from sessions.domain.signposting import HelpSource


class ReferralRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, referral: Referral) -> None: ...

    @abc.abstractmethod
    def get(self, referral_id: str) -> Referral | None: ...

    @abc.abstractmethod
    def of_request(self, request_id: str) -> list[Referral]:
        """A request's referrals, oldest first."""

    @abc.abstractmethod
    def page(
        self, *, involving: str | None, status: ReferralStatus | None, urgent: bool | None, limit: int, offset: int
    ) -> tuple[list[Referral], int]:
        """Urgent first, then newest; `involving` keeps the person's own and those on requests they support now."""


class HelpSourceRepository(abc.ABC):
    """Sessions' copy of identity's signposting directory."""

    @abc.abstractmethod
    def add(self, source: HelpSource) -> None: ...

    @abc.abstractmethod
    def get(self, source_id: str) -> HelpSource | None: ...

    @abc.abstractmethod
    def of_kinds(self, kinds: tuple[str, ...]) -> list[HelpSource]:
        """The sources of these kinds still in the directory, whoever they serve."""


class AuditRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, read: ConfidentialRead) -> None: ...

    @abc.abstractmethod
    def page(
        self, *, subject_id: str | None, reader_id: str | None, record_kind: RecordKind | None, limit: int, offset: int
    ) -> tuple[list[ConfidentialRead], int]:
        """Newest first, filtered by whose record, who read it and what it was (None: any)."""


class SqlReferralRepository(ReferralRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, referral: Referral) -> None:
        self.session.add(referral)

    def get(self, referral_id: str) -> Referral | None:
        # Locked for the transaction: two decisions at once must not both start from the same state.
        return self.session.get(Referral, referral_id, with_for_update=True)

    def of_request(self, request_id: str) -> list[Referral]:
        query = select(Referral).where(Referral.request_id == request_id).order_by(Referral.created_at, Referral.id)
        return list(self.session.scalars(query))

    def page(
        self, *, involving: str | None, status: ReferralStatus | None, urgent: bool | None, limit: int, offset: int
    ) -> tuple[list[Referral], int]:
        query = select(Referral)
        if involving is not None:
            supported = select(SupportRequest.id).where(SupportRequest.supporter_id == involving)
            query = query.where(or_(Referral.requester_id == involving, Referral.request_id.in_(supported)))
        if status is not None:
            query = query.where(Referral.status == status)
        is_urgent = Referral.service == Service.URGENT
        if urgent is not None:
            query = query.where(is_urgent if urgent else ~is_urgent)
        order = (is_urgent.desc(), Referral.created_at.desc(), Referral.id)
        return paginate(self.session, query, *order, limit=limit, offset=offset)


class SqlAuditRepository(AuditRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, read: ConfidentialRead) -> None:
        self.session.add(read)

    def page(
        self, *, subject_id: str | None, reader_id: str | None, record_kind: RecordKind | None, limit: int, offset: int
    ) -> tuple[list[ConfidentialRead], int]:
        query = select(ConfidentialRead)
        if subject_id is not None:
            query = query.where(ConfidentialRead.subject_id == subject_id)
        if reader_id is not None:
            query = query.where(ConfidentialRead.reader_id == reader_id)
        if record_kind is not None:
            query = query.where(ConfidentialRead.record_kind == record_kind)
        order = (ConfidentialRead.read_at.desc(), ConfidentialRead.id)
        return paginate(self.session, query, *order, limit=limit, offset=offset)


class SqlHelpSourceRepository(HelpSourceRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, source: HelpSource) -> None:
        self.session.add(source)

    def get(self, source_id: str) -> HelpSource | None:
        return self.session.get(HelpSource, source_id)

    def of_kinds(self, kinds: tuple[str, ...]) -> list[HelpSource]:
        if not kinds:
            return []
        query = select(HelpSource).where(HelpSource.kind.in_(kinds), HelpSource.active.is_(True))
        return list(self.session.scalars(query))
