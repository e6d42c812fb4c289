"""The web plumbing every service gets from create_service_app, on a tiny app of its own."""

from __future__ import annotations

import functools
import json
import uuid

import pytest
from flask.views import MethodView
from marshmallow import Schema, fields
from sqlalchemy import MetaData, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from psn_shared.config import ConfigError, Settings
from psn_shared.db import UnitOfWork, idempotency_table, make_engine, messaging_tables
from psn_shared.errors import Conflict
from psn_shared.events import NewEvent
from psn_shared.events.contracts import TeamCreated
from psn_shared.http import authenticated, create_service_app, unit_of_work
from psn_shared.http.api import Blueprint
from psn_shared.testing import tokens

metadata = MetaData()
tables = messaging_tables(metadata)
idempotency_keys = idempotency_table(metadata)
blp = Blueprint("teams", __name__)


class TeamIn(Schema):
    name = fields.String(required=True)


@blp.route("/api/v1/teams")
class Teams(MethodView):
    @authenticated("admin")
    @blp.arguments(TeamIn)
    @blp.response(201, TeamIn)
    def post(self, body):
        if body["name"] == "taken":
            raise Conflict("that name is taken", field="name")
        if body["name"] == "boom":
            raise RuntimeError("the database went away")
        if body["name"] == "unreachable":
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
        with unit_of_work() as uow:
            uow.publish(NewEvent("identity.team.created", TeamCreated(
                team_id=str(uuid.uuid4()), name=body["name"], service="s", organisation="o")))
            uow.commit()
        return body


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PSN_VAR_DIR", str(tmp_path))
    settings = Settings.from_env("plumbing")
    engine = make_engine(settings.database_url)
    metadata.create_all(engine)
    session_factory = sessionmaker(bind=engine)
    app, api = create_service_app(
        settings, title="plumbing", engine=engine, verifier=tokens.verifier(),
        uow_factory=lambda: UnitOfWork(session_factory, tables, source="plumbing"),
        idempotency_keys=idempotency_keys,
    )
    api.register_blueprint(blp)
    yield app
    engine.dispose()


def test_the_correlation_id_travels_from_the_request_into_the_event(app):
    client = app.test_client()
    response = client.post("/api/v1/teams", json={"name": "Ward 5"},
                           headers={**tokens.bearer(str(uuid.uuid4()), "admin"), "X-Correlation-ID": "corr-42"})
    assert response.status_code == 201
    assert response.headers["X-Correlation-ID"] == "corr-42"
    with app.extensions["psn.engine"].connect() as conn:
        body = conn.execute(select(tables.outbox.c.body)).scalar_one()
    assert json.loads(body)["correlationid"] == "corr-42"


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("post", "/api/v1/teams", {"json": {"name": "x"}}, 401),
        ("get", "/api/v1/nowhere", {}, 404),
        ("delete", "/api/v1/teams", {}, 405),
    ],
)
def test_every_error_is_a_problem_document(app, method, path, kwargs, status):
    response = getattr(app.test_client(), method)(path, **kwargs)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == status and response.json["title"]


def test_a_stranger_is_refused_before_the_body_is_even_read(app):
    response = app.test_client().post("/api/v1/teams", json={}, headers=tokens.bearer(str(uuid.uuid4())))
    assert response.status_code == 403


def test_a_domain_conflict_names_its_field_and_writes_nothing(app):
    client = app.test_client()
    response = client.post("/api/v1/teams", json={"name": "taken"}, headers=tokens.bearer(str(uuid.uuid4()), "admin"))
    assert response.status_code == 409
    assert response.json["errors"] == [{"field": "name", "location": "json", "message": "that name is taken"}]
    with app.extensions["psn.engine"].connect() as conn:
        assert conn.execute(select(tables.outbox.c.id)).first() is None


def test_health_reports_each_dependency(app):
    client = app.test_client()
    assert client.get("/health/live").json == {"status": "ok"}
    ready = client.get("/health/ready").json
    assert ready["checks"]["database"] == "ok"
    assert "broker" in ready["checks"]


@pytest.mark.parametrize(
    ("path", "kwargs"),
    [
        ("/api/v1/teams%00", {}),
        ("/api/v1/teams?name=a%00b", {}),
        ("/api/v1/teams?name=ab&name=a%00b", {}),
        ("/api/v1/teams", {"json": {"name": "Ward\u00005"}}),
        ("/api/v1/teams", {"json": {"na\u0000me": "Ward 5"}}),
    ],
)
def test_nul_characters_are_refused_at_the_door(app, path, kwargs):
    headers = tokens.bearer(str(uuid.uuid4()), "admin")
    response = app.test_client().post(path, headers=headers, **kwargs)
    assert response.status_code == 422
    assert "NUL" in response.json["detail"]
    with app.extensions["psn.engine"].connect() as conn:
        assert conn.execute(select(tables.outbox.c.id)).first() is None


def test_nul_characters_in_a_form_are_refused_too(app):
    for form in ("name=a%00b", "name=ab&name=a%00b"):
        response = app.test_client().get("/health/live", data=form, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 422
    assert app.test_client().get("/health/live", data="name=ab",
                                 content_type="application/x-www-form-urlencoded").status_code == 200


def test_plain_hooks_and_views_run_as_they_are_and_a_coroutine_goes_to_flasks_own_check(app):
    def plain() -> None: ...

    async def coroutine() -> None: ...

    class View:
        def get(self) -> None: ...

    bound, wrapped = View().get, functools.partial(plain)
    assert app.ensure_sync(plain) is plain
    assert app.ensure_sync(bound) is bound
    assert app.ensure_sync(wrapped) is wrapped
    try:
        made_sync = app.ensure_sync(coroutine)
    except RuntimeError as refused:  # Flask without its async extra refuses an async view
        assert "async" in str(refused)
    else:
        assert made_sync is not coroutine


ADMIN = tokens.bearer(str(uuid.uuid4()), "admin")


def outbox_rows(app) -> int:
    with app.extensions["psn.engine"].connect() as conn:
        return len(conn.execute(select(tables.outbox.c.id)).all())


def test_a_body_over_the_limit_is_refused_before_it_is_read(app):
    too_big = json.dumps({"name": "x" * (1024 * 1024)})
    response = app.test_client().post("/api/v1/teams", data=too_big, content_type="application/json",
                                      headers=ADMIN)
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert outbox_rows(app) == 0


def test_a_json_body_nested_thousands_deep_is_a_400_not_a_500(app):
    deep = "[" * 100_000 + "]" * 100_000
    response = app.test_client().post("/api/v1/teams", data=deep, content_type="application/json", headers=ADMIN)
    assert response.status_code == 400
    assert "nested" in response.json["detail"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_a_json_endpoint_refuses_another_content_type(app, content_type):
    response = app.test_client().post("/api/v1/teams", data='{"name": "Ward 9"}', content_type=content_type,
                                      headers=ADMIN)
    assert response.status_code == 415
    assert outbox_rows(app) == 0


def test_answers_carry_security_headers_and_personal_data_is_not_cached(app):
    response = app.test_client().post("/api/v1/teams", json={"name": "Ward 7"}, headers=ADMIN)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_readiness_names_the_failing_dependency_but_not_why(app, monkeypatch):
    app.extensions["psn.engine"].dispose()
    monkeypatch.setattr(app.extensions["psn.engine"], "connect", lambda: (_ for _ in ()).throw(OSError("secret host")))
    ready = app.test_client().get("/health/ready")
    assert ready.status_code == 503
    assert ready.json["checks"]["database"] == "unavailable"
    assert "secret" not in ready.get_data(as_text=True)


def test_an_inbox_retention_shorter_than_the_retries_is_refused_at_start(monkeypatch):
    monkeypatch.setenv("INBOX_RETENTION_DAYS", "0.5")
    with pytest.raises(ConfigError, match="INBOX_RETENTION_DAYS"):
        Settings.from_env("plumbing")


def test_a_listed_origin_passes_the_preflight_and_another_does_not(tmp_path, monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://staff.example.nhs.uk")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("PSN_VAR_DIR", str(tmp_path))
    settings = Settings.from_env("plumbing")
    engine = make_engine(settings.database_url)
    app, api = create_service_app(settings, title="plumbing", engine=engine, verifier=tokens.verifier(),
                                  uow_factory=lambda: None)
    api.register_blueprint(blp)
    client = app.test_client()
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Authorization"}
    allowed = client.options("/api/v1/teams", headers={"Origin": "https://staff.example.nhs.uk", **preflight})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://staff.example.nhs.uk"
    assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
    other = client.options("/api/v1/teams", headers={"Origin": "https://evil.example", **preflight})
    assert "Access-Control-Allow-Origin" not in other.headers
    engine.dispose()


def test_no_origin_is_allowed_unless_configured(app):
    response = app.test_client().options("/api/v1/teams", headers={"Origin": "https://staff.example.nhs.uk",
                                                                    "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in response.headers


def with_key(key: str, staff_id: str | None = None) -> dict[str, str]:
    return {**tokens.bearer(staff_id or ADMIN_ID, "admin"), "Idempotency-Key": key}


ADMIN_ID = str(uuid.uuid4())


def test_a_retried_post_with_the_same_key_is_answered_again_without_doing_the_work_again(app):
    client = app.test_client()
    first = client.post("/api/v1/teams", json={"name": "Ward 1"}, headers=with_key("k-1"))
    again = client.post("/api/v1/teams", json={"name": "Ward 1"}, headers=with_key("k-1"))
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert outbox_rows(app) == 1


def test_the_same_key_for_another_request_is_a_422_and_another_caller_has_keys_of_their_own(app):
    client = app.test_client()
    client.post("/api/v1/teams", json={"name": "Ward 1"}, headers=with_key("k-2"))
    other_body = client.post("/api/v1/teams", json={"name": "Ward 2"}, headers=with_key("k-2"))
    assert other_body.status_code == 422
    assert other_body.json["errors"][0]["field"] == "Idempotency-Key"
    someone_else = client.post("/api/v1/teams", json={"name": "Ward 2"}, headers=with_key("k-2", str(uuid.uuid4())))
    assert someone_else.status_code == 201
    assert outbox_rows(app) == 2


def test_a_refusal_is_replayed_but_a_server_failure_releases_the_key(app):
    client = app.test_client()
    refused = [client.post("/api/v1/teams", json={"name": "taken"}, headers=with_key("k-3")) for _ in range(2)]
    assert [r.status_code for r in refused] == [409, 409] and "Idempotent-Replayed" in refused[1].headers
    failed = [client.post("/api/v1/teams", json={"name": "boom"}, headers=with_key("k-4")) for _ in range(2)]
    assert [r.status_code for r in failed] == [500, 500]
    assert "Idempotent-Replayed" not in failed[1].headers


def test_a_key_still_being_answered_is_a_409(app):
    client = app.test_client()
    client.post("/api/v1/teams", json={"name": "Ward 3"}, headers=with_key("k-5"))
    with app.extensions["psn.engine"].begin() as conn:
        conn.execute(idempotency_keys.update().values(status=None))
    assert client.post("/api/v1/teams", json={"name": "Ward 3"}, headers=with_key("k-5")).status_code == 409


def test_an_unreachable_database_is_a_503_to_retry_not_a_500(app):
    response = app.test_client().post("/api/v1/teams", json={"name": "unreachable"}, headers=ADMIN)
    assert response.status_code == 503 and response.headers["Retry-After"] == "1"
    assert "refused" not in response.get_data(as_text=True)


def test_a_method_the_endpoint_does_not_allow_is_a_405_naming_those_it_does(app):
    response = app.test_client().delete("/api/v1/teams", headers=ADMIN)
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert "POST" in response.headers["Allow"]
