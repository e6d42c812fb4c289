"""The skeleton every service's `create_app` builds on."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from functools import partial
from inspect import CO_COROUTINE
from types import FunctionType
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from flask_smorest import Api
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import Engine, Table, text
from werkzeug.middleware.proxy_fix import ProxyFix

from psn_shared.auth import TokenVerifier
from psn_shared.config import Settings
from psn_shared.http.api import DocumentCommonErrors, ServiceApi
from psn_shared.http.guards import allow_cross_origin, install_request_guards
from psn_shared.http.idempotency import install_idempotency
from psn_shared.http.preconditions import install_preconditions
from psn_shared.http.problems import install_problem_handlers
from psn_shared.logs import configure_logging, new_correlation_id, set_correlation_id
from psn_shared.messaging.broker import connect
from psn_shared.messaging.metrics import messaging_registry
from psn_shared.messaging.topology import Topology
from psn_shared.process import draining_marker
from psn_shared.runtime import publish_own_events
from psn_shared.tracing import configure_tracing, end_span, start_server_span

log = logging.getLogger(__name__)
CORRELATION_HEADER = "X-Correlation-ID"
CORRELATION_ENVIRON = "HTTP_X_CORRELATION_ID"  # the header as WSGI names it

REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("http_request_seconds", "HTTP request latency", ["method", "route"])


class ServiceFlask(Flask):
    """Flask, telling a plain function from a coroutine function by its code's flag.

    Flask asks `inspect.iscoroutinefunction` of every hook and view on every request (14 times for a
    request's GET); a plain `def`, or a method of one (a MethodView's, bound anew each request), is
    told at a glance and returned as it is. Anything else (a partial, a function marked a coroutine,
    an `async def`) goes to Flask's own check.
    """

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        target = getattr(func, "__func__", func)
        if (type(target) is FunctionType and not target.__code__.co_flags & CO_COROUTINE
                and "_is_coroutine_marker" not in target.__dict__):
            return func
        return super().ensure_sync(func)


def create_service_app(
    settings: Settings,
    *,
    title: str,
    engine: Engine,
    verifier: TokenVerifier,
    uow_factory: Callable[[], Any],
    description: str = "",
    idempotency_keys: Table | None = None,
) -> tuple[Flask, Api]:
    """The app every service builds on; given its `idempotency_keys` table, POSTs honour Idempotency-Key."""
    configure_logging(settings.service)
    configure_tracing(settings.service, "web")
    app = ServiceFlask(settings.service)
    if settings.trusted_proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxy_hops)  # type: ignore[method-assign]
    app.config.update(
        API_TITLE=title,
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        API_SPEC_OPTIONS={"info": {"description": description}},
    )
    api = ServiceApi(app)
    common_errors = DocumentCommonErrors()
    common_errors.init_spec(api.spec)
    api.spec.plugins.append(common_errors)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    api.spec.options["security"] = [{"bearerAuth": []}]
    install_problem_handlers(app)
    _install_correlation_and_metrics(app)
    install_request_guards(app, max_body_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes)
    allow_cross_origin(app, settings.cors_origins)
    _install_health(app, engine, settings.amqp_url)
    app.extensions["psn.messaging_metrics"] = messaging_registry(
        engine, settings.amqp_url, Topology(settings.amqp_namespace, settings.service))
    install_preconditions(app, if_match_required=settings.if_match_required)
    if idempotency_keys is not None:
        install_idempotency(app, api, engine, idempotency_keys)
    app.extensions["psn.verifier"] = verifier
    app.extensions["psn.engine"] = engine
    app.extensions["psn.uow_factory"] = uow_factory
    # Called by gunicorn in each worker (gunicorn_conf.post_worker_init), not in tests' apps.
    app.extensions["psn.publish_own_events"] = partial(publish_own_events, settings)
    return app, api


def unit_of_work(*, reading: bool = False) -> Any:
    """A fresh unit of work for this request (use it as a context manager); `reading=True` for a view
    that reads (its SELECTs go without BEGIN and ROLLBACK, and a write still gets its transaction)."""
    make_uow = current_app.extensions["psn.uow_factory"]
    return make_uow(reading=True) if reading else make_uow()


def _install_correlation_and_metrics(app: Flask) -> None:
    # `request` and `g` are proxies, each use a look-up: each hook takes the objects once.
    @app.before_request
    def _start() -> None:
        asked, kept = request._get_current_object(), g._get_current_object()
        incoming = asked.environ.get(CORRELATION_ENVIRON)
        kept.correlation_id = correlation_id = incoming[:64] if incoming else new_correlation_id()
        set_correlation_id(correlation_id)
        kept.started = time.perf_counter()
        route = asked.url_rule.rule if asked.url_rule else "unmatched"
        kept.trace = start_server_span(f"{asked.method} {route}", asked.headers)

    @app.after_request
    def _finish(response: Response) -> Response:
        asked, kept = request._get_current_object(), g._get_current_object()
        response.headers[CORRELATION_HEADER] = kept.get("correlation_id", "")
        route = asked.url_rule.rule if asked.url_rule else "unmatched"
        REQUESTS.labels(asked.method, route, response.status_code).inc()
        if (started := kept.get("started")) is not None:
            LATENCY.labels(asked.method, route).observe(time.perf_counter() - started)
        return response

    @app.teardown_request
    def _forget(_exc: BaseException | None) -> None:
        set_correlation_id(None)
        if "trace" in g:
            end_span(*g.pop("trace"))

    @app.get("/metrics")
    def metrics() -> Response:
        body = generate_latest(_metrics_registry())
        if (messaging := current_app.extensions.get("psn.messaging_metrics")) is not None:
            body += generate_latest(messaging)  # the outbox and queues, read now (see messaging.metrics)
        return Response(body, mimetype=CONTENT_TYPE_LATEST)


def _metrics_registry() -> CollectorRegistry:
    """Under gunicorn every worker's metrics, gathered from their files; else this process's own."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


class _CachedCheck:
    """Readiness probes come often; a broker handshake per probe would be wasteful."""

    def __init__(self, check: Callable[[], None], ttl: float = 5.0) -> None:
        self.check, self.ttl = check, ttl
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._error: str | None = None

    def __call__(self) -> str | None:
        with self._lock:
            if time.monotonic() - self._checked_at > self.ttl:
                try:
                    self.check()
                    self._error = None
                except Exception:
                    # The probe says which dependency failed; why is for the logs, not the caller.
                    log.warning("readiness check failed", exc_info=True)
                    self._error = "unavailable"
                self._checked_at = time.monotonic()
            return self._error


def _install_health(app: Flask, engine: Engine, amqp_url: str) -> None:
    def database() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def broker() -> None:
        connect(amqp_url, connect_timeout=2).release()

    checks = {"database": _CachedCheck(database, ttl=1.0), "broker": _CachedCheck(broker)}

    @app.get("/health/live")
    def live() -> Response:
        return jsonify(status="ok")

    @app.get("/health/ready")
    def ready() -> tuple[Response, int]:
        if (marker := draining_marker()) is not None and marker.exists():
            return jsonify(status="stopping", checks={}), 503
        errors = {name: check() for name, check in checks.items()}
        failing = {name: error for name, error in errors.items() if error}
        status = 503 if failing else 200
        report = {name: error or "ok" for name, error in errors.items()}
        return jsonify(status="unavailable" if failing else "ok", checks=report), status
