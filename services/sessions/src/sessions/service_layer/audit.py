"""The audit of confidential reads: recording who opened a named record, and the administrator's view of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psn_shared.auth import Principal
from psn_shared.errors import Forbidden
from sessions.domain import policy
from sessions.domain.audit import ConfidentialRead, RecordKind
from sessions.domain.model import SupportRequest
from sessions.service_layer.common import now
from sessions.service_layer.queries import RequestView, request_view
from sessions.service_layer.uow import SessionsUnitOfWork


@dataclass(frozen=True)
class AuditQuery:
    subject_id: str | None
    reader_id: str | None
    record_kind: RecordKind | None
    limit: int
    offset: int


def record_read(request: SupportRequest, kind: RecordKind, record_id: str, reason: str | None,
                principal: Principal, uow: SessionsUnitOfWork) -> bool:
    """Account for a read of `request`'s person's record by someone outside it; the caller commits.
    True when the read was recorded; such a read without a reason is refused (422 on `reason`), recording nothing.

    Called once the read is allowed, so a refused read (404) leaves no trace that would tell
    the administrator more than the reader learnt, and a 422 for want of a reason tells nobody
    that a record exists who could not have opened it.
    """
    if not policy.read_is_audited(request, principal):
        return False
    uow.audit.add(ConfidentialRead.of(
        reader_id=principal.staff_id, reader_roles=list(principal.roles), subject_id=request.requester_id,
        record_kind=kind, record_id=record_id, reason=reason, at=now(),
    ))
    return True


def open_request(request_id: str, reason: str | None, principal: Principal, uow: SessionsUnitOfWork) -> RequestView:
    """One support request as its reader may see it, with the other party's contact; a coordinator's
    read needs a reason, and is recorded (and committed). The two parties' own reads write nothing, so they cost
    no commit."""
    view = request_view(request_id, principal, uow)
    if record_read(view.request, RecordKind.SUPPORT_REQUEST, view.request.id, reason, principal, uow):
        uow.commit()
    return view


def audit_page(query: AuditQuery, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    """Newest first, each read with the names of the reader and of the person whose record it was."""
    if not policy.may_read_audit(principal):
        raise Forbidden("the audit of confidential reads is for the administrator")
    return _page(query, uow)


def reads_of_my_records(limit: int, offset: int, principal: Principal, uow: SessionsUnitOfWork) -> dict[str, Any]:
    """Who opened my named records, when and why: anyone may ask it of their own, and of no one else's."""
    return _page(AuditQuery(subject_id=principal.staff_id, reader_id=None, record_kind=None, limit=limit,
                            offset=offset), uow)


def _page(query: AuditQuery, uow: SessionsUnitOfWork) -> dict[str, Any]:
    reads, total = uow.audit.page(subject_id=query.subject_id, reader_id=query.reader_id,
                                  record_kind=query.record_kind, limit=query.limit, offset=query.offset)
    people = uow.staff.many({r.reader_id for r in reads} | {r.subject_id for r in reads})
    items = [
        {
            "id": read.id, "read_at": read.read_at, "reader_id": read.reader_id,
            "reader_name": people[read.reader_id].name if read.reader_id in people else None,
            "reader_roles": read.reader_roles, "subject_id": read.subject_id,
            "subject_name": people[read.subject_id].name if read.subject_id in people else None,
            "record_kind": read.record_kind, "record_id": read.record_id, "reason": read.reason,
        }
        for read in reads
    ]
    return {"items": items, "total": total, "limit": query.limit, "offset": query.offset}
