"""Each person's in-app inbox: what web and mobile clients show."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask.views import MethodView

from notifications.api.schemas import (
    InboxEntryOut,
    InboxEntryPath,
    InboxPage,
    InboxQuery,
    ReadAllOut,
    UnreadOut,
    inbox_page_out,
)
from notifications.domain.model import InboxEntry
from notifications.service_layer import commands, queries
from psn_shared.http import authenticated, current_principal, unit_of_work
from psn_shared.http.api import Blueprint

blp = Blueprint("inbox", __name__, description="The caller's own in-app inbox")


@blp.route("/api/v1/inbox")
class Inbox(MethodView):
    @authenticated()
    @blp.arguments(InboxQuery, location="query")
    @blp.response(200, InboxPage)
    def get(self, query: dict[str, Any]) -> Response:
        """The caller's inbox, newest first (only what came after `since`, if given), with the unread count"""
        with unit_of_work(reading=True) as uow:
            reader_id = current_principal().staff_id
            items, total, unread = queries.inbox_page(reader_id, query["limit"], query["offset"], uow,
                                                      since=query["since"])
        # Serialised here rather than by the schema above, which documents it (see inbox_page_out).
        return jsonify(inbox_page_out(items, total=total, unread=unread, limit=query["limit"],
                                      offset=query["offset"]))


@blp.route("/api/v1/inbox/unread")
class Unread(MethodView):
    @authenticated()
    @blp.response(200, UnreadOut)
    def get(self) -> dict[str, int]:
        """How many of the caller's entries are unread (for a badge)"""
        with unit_of_work(reading=True) as uow:
            return {"unread": queries.unread_count(current_principal().staff_id, uow)}


@blp.route("/api/v1/inbox/read-all")
class ReadAll(MethodView):
    @authenticated()
    @blp.response(200, ReadAllOut)
    def post(self) -> dict[str, int]:
        """Mark every one of the caller's entries read (again changes nothing)"""
        with unit_of_work() as uow:
            return {"marked": commands.mark_all_read(current_principal().staff_id, uow), "unread": 0}


@blp.route("/api/v1/inbox/<string:entry_id>/read")
class ReadEntry(MethodView):
    @authenticated()
    @blp.arguments(InboxEntryPath, location="path")
    @blp.response(200, InboxEntryOut)
    def post(self, path: dict[str, Any], **_url_values: str) -> InboxEntry:
        """Mark one of the caller's own entries read (marking it again changes nothing)"""
        with unit_of_work() as uow:
            return commands.mark_read(path["entry_id"], current_principal().staff_id, uow)
