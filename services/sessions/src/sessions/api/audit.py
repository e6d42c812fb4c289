"""The audit of confidential reads: who opened whose named record, when and why (the administrator)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.http.schemas import PageQuery
from psn_shared.roles import Role
from sessions.api.referral_schemas import AuditPage, AuditPageQuery
from sessions.service_layer import audit

blp = Blueprint("audit", __name__, description="The audit of confidential reads")


@blp.route("/api/v1/audit")
class Audit(MethodView):
    @authenticated(Role.ADMIN)
    @blp.arguments(AuditPageQuery, location="query")
    @blp.response(200, AuditPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Coordinators' reads of named records, newest first (admin); `subject_id`: who read this person's record"""
        with unit_of_work() as uow:
            return audit.audit_page(audit.AuditQuery(**query), current_principal(), uow)


@blp.route("/api/v1/me/record-reads")
class MyRecordReads(MethodView):
    @authenticated()
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, AuditPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """Who opened my named records (a coordinator, with the reason they gave), newest first; anyone, their own"""
        with unit_of_work() as uow:
            return audit.reads_of_my_records(query["limit"], query["offset"], current_principal(), uow)
