"""The board's report as one download for the coordinator: `GET /api/v1/reports/board?quarter=2026Q4`.

A small app of its own, outside the four services (decision in docs/decisions.md): it checks the
caller's token and role itself, asks identity, training and sessions for their parts with that same
token (side by side, waited for a bounded time), and answers the PDF or the CSV the command writes.
It keeps nothing: no database, no events.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import requests
from flask import Flask, Response, current_app, jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from psn_reports.assemble import assemble
from psn_reports.config import ReportsSettings
from psn_reports.csv_file import csv_text
from psn_reports.fetch import ReportError
from psn_shared.auth import JwksKeys, TokenVerifier
from psn_shared.http.api import ServiceApi
from psn_shared.http.caller import authenticated
from psn_shared.http.guards import install_request_guards
from psn_shared.http.problems import PROBLEM_JSON, install_problem_handlers
from psn_shared.http.schemas import QUARTER_DESCRIPTION, Clock, Schema, begun_quarter, system_clock
from psn_shared.logs import configure_logging
from psn_shared.quarters import Quarter
from psn_shared.roles import BOARD_REPORT_READERS

log = logging.getLogger(__name__)
PATH = "/api/v1/reports/board"
CONTENT_TYPES = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}

blp = Blueprint("board_report", __name__, description="The board's quarterly evaluation report, assembled")


def _quarter(text: str) -> None:
    """Written as a quarter and begun by the app's clock: a quarter to come has no figures to report."""
    begun_quarter(current_app.extensions["psn_reports.clock"])(text)


class BoardReportQuery(Schema):
    quarter = fields.String(required=True, validate=[validate.Length(max=6), _quarter],
                            metadata={"description": QUARTER_DESCRIPTION})
    quarters = fields.Integer(load_default=4, validate=validate.Range(1, 12),
                              metadata={"description": "quarters shown for the trend, this one included"})
    format = fields.String(load_default="pdf", validate=validate.OneOf(list(CONTENT_TYPES)),
                           metadata={"description": "pdf (tables and charts) or csv (every figure)"})


@blp.route(PATH)
class BoardReport(MethodView):
    @authenticated(*BOARD_REPORT_READERS)
    @blp.arguments(BoardReportQuery, location="query")
    @blp.doc(responses={"200": {
        "description": "`board-report-<quarter>.pdf` or `.csv`, as an attachment",
        "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in CONTENT_TYPES.values()},
    }, "503": {"description": "A service did not answer in time or refused; the problem's `service` names it"}})
    def get(self, query: dict[str, Any]) -> Response:
        """The quarter and the ones before it from every service, as a PDF or CSV (governance, coordinator, admin)"""
        return _report(Quarter.parse(query["quarter"]), query["quarters"], query["format"])


def _report(quarter: Quarter, count: int, kind: str) -> Response:
    settings: ReportsSettings = current_app.extensions["psn_reports.settings"]
    get = current_app.extensions["psn_reports.get"]
    token = request.headers["Authorization"].split(None, 1)[1].strip()
    found, names = assemble(quarter, count, settings.service_urls, token, get=get,
                            timeout_s=settings.part_timeout_s)
    if kind == "pdf":
        # matplotlib and fpdf take some 60 MB: loaded by the first PDF asked for, not held by every idle app.
        from psn_reports.pdf_file import pdf_bytes

        body = pdf_bytes(found, names)
    else:
        body = csv_text(found, names).encode("utf-8")
    return Response(body, content_type=CONTENT_TYPES[kind], headers={
        "Content-Disposition": f'attachment; filename="board-report-{quarter}.{kind}"',
        "Cache-Control": "no-store",
    })


def create_app(settings: ReportsSettings | None = None, verifier: TokenVerifier | None = None,
               get: Callable[..., Any] = requests.get, clock: Clock = system_clock) -> Flask:
    """`verifier` None: tokens are checked against identity's JWKS; `get` asks the services and `clock` says
    which quarters have begun (tests pass stand-ins)."""
    configure_logging("reports")
    settings = settings or ReportsSettings.load()
    if verifier is None:
        keys = JwksKeys(settings.jwks_url)
        keys.warm_up()
        verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    app = Flask("reports")
    app.config.update(API_TITLE="Peer Support Network: reports", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
                      OPENAPI_URL_PREFIX="/", OPENAPI_JSON_PATH="openapi.json")
    api = ServiceApi(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    api.spec.options["security"] = [{"bearerAuth": []}]
    install_problem_handlers(app)
    install_request_guards(app, max_body_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_body_bytes)
    app.register_error_handler(ReportError, _part_unavailable)
    app.extensions.update({"psn.verifier": verifier, "psn_reports.settings": settings, "psn_reports.get": get,
                           "psn_reports.clock": clock})
    api.register_blueprint(blp)

    @app.get("/health/live")
    @app.get("/health/ready")
    def health() -> Response:
        # Nothing of its own to check: whether the services answer is each report's concern, named in its 503.
        return jsonify(status="ok")

    return app


def _part_unavailable(exc: ReportError) -> Response:
    log.warning("the board report was not made: %s", exc)
    body = {"type": "about:blank", "title": "Service Unavailable", "status": 503, "instance": request.path,
            "detail": f"The report was not made: {exc}.", "service": exc.source}
    return Response(json.dumps(body), status=503, mimetype=PROBLEM_JSON, headers={"Retry-After": "30"})
