"""Installable: the web app manifest and the service worker that shows push notifications.

The worker is served from the site's root so its scope is the whole site. It caches nothing: every page
holds personal details and is `no-store`. A push carries only notifications' neutral text (a title and
"You have a new message"), never what it is about; opening it goes to the inbox, behind sign-in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, jsonify, send_from_directory, url_for
from flask_babel import gettext as _

from web import language

blp = Blueprint("install", __name__)
STATIC = Path(__file__).parent.parent / "static"
NHS_BLUE = "#005eb8"


@blp.get("/manifest.webmanifest")
def manifest() -> Any:
    icon = "/assets/images/nhsuk-icon-{}.png"
    # In the language of the request: the browser asks for the manifest without cookies, so by its Accept-Language.
    response = jsonify({
        "name": _("Peer Support Network"),
        "short_name": _("Peer Support"),
        "description": _("Talk in confidence with a trained colleague, and find help at work."),
        "start_url": url_for("home.index"),
        "scope": "/",
        "display": "standalone",
        "lang": f"{language.current()}-GB",
        "theme_color": NHS_BLUE,
        "background_color": "#ffffff",
        "icons": [{"src": icon.format(size), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for size in (180, 192, 512)],
    })
    response.mimetype = "application/manifest+json"
    response.cache_control.max_age = 3600
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@blp.get("/service-worker.js")
def service_worker() -> Any:
    response = send_from_directory(STATIC, "service-worker.js", mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True  # a new worker reaches browsers at their next visit
    return response
