"""The web front end's app factory: a backend-for-frontend over the four services' APIs."""

from __future__ import annotations

import logging
import secrets
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests
from flask import Flask, Request, g, redirect, render_template, request, send_from_directory, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from werkzeug.exceptions import Forbidden, HTTPException, NotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from psn_shared.logs import configure_logging, set_correlation_id
from web import language, templating
from web.adapters.api import Api, ApiProblem, ServiceUnavailable, SignedOut
from web.adapters.sessions import STORE_ERRORS, ServerSessionInterface, session_store
from web.config import WebSettings
from web.views import (
    account,
    audit,
    board,
    casework,
    certificate_records,
    certificates,
    cohorts,
    competences,
    coordinate,
    delegations,
    deliveries,
    directory,
    facilitating,
    feedback,
    home,
    imports,
    install,
    manage,
    my_settings,
    organisations,
    password,
    people,
    planning,
    profile,
    reflective,
    reviews,
    running,
    signposting,
    staff_records,
    support,
    supporter_hours,
    supporting,
    training,
    wellbeing,
)
from web.views.forms import counted, counted_of, page_link, sentence

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "static" / "nhsuk" / "assets"
# Pages anyone may open; every other needs a signed-in person.
PUBLIC = {"account.sign_in", "account.signed_out", "static", "_assets", "_live", "_ready", None,
          "password.forgotten", "password.link_sent", "password.reset", "password.reset_done",
          "install.manifest", "install.service_worker", "feedback.give", "feedback.thanks", "certificates.check",
          "certificates.checked", "language.choose"}


class WebRequest(Request):
    """A form is small (MAX_CONTENT_LENGTH); the import pages take a file. Decided before anything reads the body
    (the CSRF check reads the form first)."""

    @property
    def max_content_length(self) -> int | None:
        return imports.UPLOAD_BYTES if self.path.startswith(imports.UPLOADS) else super().max_content_length


def create_app(settings: WebSettings | None = None, http: requests.Session | None = None) -> Flask:
    """`http` carries every call to the services (tests pass one that answers for them)."""
    settings = settings or WebSettings.load()
    configure_logging("web")
    app = Flask(__name__, static_url_path="/static")
    app.request_class = WebRequest
    # Behind the ingress (one proxy): the scheme it was reached by decides the cookie's Secure flag.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    app.jinja_options = {
        "undefined": ChainableUndefined,
        "loader": ChoiceLoader([FileSystemLoader(TEMPLATES), PackageLoader("nhsuk_frontend_jinja")]),
        "autoescape": True,
    }
    app.config.update(
        SECRET_KEY=settings.secret_key,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session it is kept in
        MAX_CONTENT_LENGTH=64 * 1024,
        PSN_SETTINGS=settings,
    )
    language.install(app)
    store = session_store(settings.session_redis_url, settings.session_dir, settings.session_idle_s)
    app.session_interface = ServerSessionInterface(store)
    CSRFProtect(app)
    pooled = http or requests.Session()
    app.jinja_env.filters["london"] = language.when
    app.jinja_env.filters["day"] = language.day_said
    app.jinja_env.filters["counted"] = counted
    app.jinja_env.filters["sentence"] = sentence
    app.jinja_env.globals["counted_of"] = counted_of
    app.jinja_env.globals["page_link"] = page_link
    app.jinja_env.filters["linked"] = templating.linked
    app.jinja_env.filters["indent"] = templating.indent  # the design system's macros indent every part

    @app.before_request
    def _per_request() -> None:
        incoming = request.headers.get("X-Correlation-ID", "")
        g.correlation_id = incoming[:64] if incoming else str(uuid.uuid4())
        set_correlation_id(g.correlation_id)
        g.csp_nonce = secrets.token_urlsafe(16)
        g.api = Api(settings.service_urls, pooled, session, settings.api_timeout_s, g.correlation_id,
                    request.remote_addr)
        if session.unavailable and request.endpoint not in ("_live", "_ready", "static", "_assets"):
            raise ServiceUnavailable("session store")
        if request.endpoint not in PUBLIC and "me" not in session:
            raise SignedOut()

    @app.after_request
    def _security_headers(response: Any) -> Any:
        nonce = getattr(g, "csp_nonce", "")
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
            "font-src 'self' https://assets.nhs.uk; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if "text/html" in response.content_type:
            response.headers["Cache-Control"] = "no-store"  # pages hold personal details
            response.headers["Content-Language"] = language.current()
            response.vary.update(("Cookie", "Accept-Language"))
        return response

    @app.context_processor
    def _page_context() -> dict[str, Any]:
        return {"me": session.get("me"), "cspNonce": getattr(g, "csp_nonce", ""),
                "roles": set((session.get("me") or {}).get("roles", [])),
                "language": language.current(), "other_language": language.other(), "language_names": language.NAMES,
                "language_return": language.here}

    @app.errorhandler(SignedOut)
    def _signed_out(_signal: SignedOut) -> Any:
        session.pop("me", None)
        target = request.full_path if request.method == "GET" else url_for("home.index")
        return redirect(url_for("account.sign_in") + "?" + urlencode({"next": target.rstrip("?")}))

    @app.errorhandler(ServiceUnavailable)
    def _unavailable(exc: ServiceUnavailable) -> Any:
        log.warning("service unavailable", extra={"ctx_service": str(exc)})
        return render_template("error.html", title=_("Sorry, there is a problem with the service"),
                               message=_("Try again later. Nothing you sent has been lost or sent twice.")), 503

    @app.errorhandler(ApiProblem)
    def _refused(problem: ApiProblem) -> Any:
        """A refusal no page handled itself: a read of something not the person's, mostly."""
        if problem.status == 404:
            return _http(NotFound())
        if problem.status == 403:
            return _http(Forbidden(problem.detail or _("You cannot see this page.")))
        return render_template("error.html", title=problem.title, message=problem.detail), problem.status

    @app.errorhandler(CSRFError)
    def _csrf(_refusal: CSRFError) -> Any:
        return render_template("error.html", title=_("Your form expired"),
                               message=_("Go back, reload the page and send the form again.")), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        titles = {404: _("Page not found"), 403: _("You cannot see this page"), 405: _("Page not found"),
                  413: _("What you sent is too large")}
        return render_template("error.html", title=titles.get(exc.code or 0, exc.name),
                               message=exc.description if exc.code not in (404, 405) else
                               _("If you typed the web address, check it is correct.")), exc.code

    @app.get("/assets/<path:filename>")
    def _assets(filename: str) -> Any:
        """The design system's images, where its CSS looks for them."""
        return send_from_directory(ASSETS, filename, max_age=86400)

    @app.get("/health/live")
    def _live() -> Any:
        return {"status": "ok"}

    @app.get("/health/ready")
    def _ready() -> Any:
        """Ready when the session store takes writes and identity (for signing in) answers."""
        try:
            store.check()
            pooled.get(settings.service_urls["identity"] + "/health/live", timeout=2).raise_for_status()
        except (*STORE_ERRORS, requests.RequestException) as exc:
            return {"status": "unavailable", "reason": type(exc).__name__}, 503
        return {"status": "ok"}

    for module in (account, home, support, casework, supporting, training, cohorts, facilitating, manage,
                   delegations, coordinate, board, people, staff_records, planning, directory, imports, running, audit,
                   organisations, competences, deliveries, certificate_records, supporter_hours):
        app.register_blueprint(module.blp)
    # Everyone's: help, reflective sessions, wellbeing reviews and plan, my settings; the password reset, feedback,
    # checking a certificate and installing the app.
    for module in (signposting, reflective, reviews, wellbeing, my_settings, profile, password, feedback,
                   certificates, install):
        app.register_blueprint(module.blp)
    return app
