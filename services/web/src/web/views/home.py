"""The start page and the inbox."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, session, url_for

from web.views.forms import Paging, api, uuid_or_404

blp = Blueprint("home", __name__)
PAGE = 20


@blp.get("/")
def index() -> Any:
    if "me" not in session:
        return redirect(url_for("account.sign_in"))
    unread = api().get("notifications", "/api/v1/inbox/unread")["unread"]
    return render_template("home.html", unread=unread)


@blp.get("/inbox")
def inbox() -> Any:
    paging = Paging.asked(PAGE)
    body = api().get("notifications", "/api/v1/inbox", limit=PAGE, offset=paging.offset)
    return render_template("inbox.html", inbox=body, page=paging.page, pages=paging.pages(body["total"]))


@blp.post("/inbox/read-all")
def read_all() -> Any:
    api().post("notifications", "/api/v1/inbox/read-all")
    return redirect(_same_page())


@blp.post("/inbox/<entry_id>/read")
def read_one(entry_id: str) -> Any:
    api().post("notifications", f"/api/v1/inbox/{uuid_or_404(entry_id)}/read")
    return redirect(_same_page() + f"#entry-{entry_id}")


def _same_page() -> str:
    """Back to the page of the inbox the person was reading, not its first."""
    paging = Paging.asked(PAGE)
    return url_for("home.inbox", page=paging.page) if paging.page > 1 else url_for("home.inbox")
