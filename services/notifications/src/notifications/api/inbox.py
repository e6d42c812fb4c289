"""Each person's in-app inbox: what web and mobile clients show."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from notifications.api.schemas import InboxEntryOut, InboxEntryPath, InboxPage, PageQuery
from notifications.domain.model import InboxEntry
from notifications.service_layer import commands, queries
from psn_shared.http import authenticated, current_principal, unit_of_work

blp = Blueprint("inbox", __name__, description="The caller's own in-app inbox")


@blp.route("/api/v1/inbox")
class Inbox(MethodView):
    @authenticated()
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, InboxPage)
    def get(self, query: dict[str, Any]) -> dict[str, Any]:
        """The caller's inbox, newest first, with how many entries are unread"""
        with unit_of_work() as uow:
            reader_id = current_principal().staff_id
            items, total, unread = queries.inbox_page(reader_id, query["limit"], query["offset"], uow)
            return {"items": items, "total": total, "unread": unread, **query}


@blp.route("/api/v1/inbox/<string:entry_id>/read")
class ReadEntry(MethodView):
    @authenticated()
    @blp.arguments(InboxEntryPath, location="path")
    @blp.response(200, InboxEntryOut)
    def post(self, path: dict[str, Any], **_url_values: str) -> InboxEntry:
        """Mark one of the caller's own entries read (marking it again changes nothing)"""
        with unit_of_work() as uow:
            return commands.mark_read(path["entry_id"], current_principal().staff_id, uow)
