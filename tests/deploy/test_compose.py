"""docker-compose.yml, checked without Docker: what `docker compose config` would check (the file against
the Compose Specification's JSON schema, kept in tests/deploy/compose-spec.json, from the
compose-spec repository), and this system's rules: every container restarts or is a one-shot,
waits for what it needs, and every process of the local runner (psn_local) is a compose service
with the same command."""

from __future__ import annotations

import json
import shlex
from typing import Any

import jsonschema
import pytest
import yaml

from psn_local import MALLOC_SETTINGS, REPORTS, SERVICES, WEB, WORKERS
from tests.deploy.k8s import REPO

SCHEMA = REPO / "tests" / "deploy" / "compose-spec.json"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_the_file_is_valid_compose(compose):
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []
    broken = json.loads(json.dumps(compose))
    broken["services"]["postgres"]["restat"] = "always"
    assert list(validator.iter_errors(broken)), "the schema must refuse an unknown key"


def test_every_service_restarts_and_waits_for_what_it_needs(compose):
    services = compose["services"]
    for name, service in services.items():
        assert service.get("restart") in ("no", "always", "unless-stopped", "on-failure"), name
        depends = service.get("depends_on", {})
        assert isinstance(depends, dict), f"{name}: depends_on without conditions"
        assert "healthcheck" in service or depends, f"{name}: neither a healthcheck nor a dependency"
        for target, how in depends.items():
            assert target in services, (name, target)
            condition = how["condition"]
            if condition == "service_healthy":
                assert "healthcheck" in services[target], (name, target)
            elif condition == "service_completed_successfully":
                assert services[target]["restart"] == "no", (name, target)
            else:
                pytest.fail(f"{name}: {target} only started, not awaited")
    for name in ("postgres", "rabbitmq", "mail"):
        assert "healthcheck" in services[name], name


def test_the_web_apps_are_healthy_when_ready(compose):
    for service in SERVICES:
        check = compose["services"][service]["healthcheck"]["test"]
        assert check[0] == "CMD" and "/health/ready" in " ".join(check), service


def test_every_process_of_the_local_runner_is_a_compose_service(compose):
    services = compose["services"]
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    assert "gunicorn" in cmd and "${SERVICE}.entrypoints.wsgi:app" in cmd
    for service in SERVICES:
        assert "command" not in services[service], "the web app runs the image's CMD (gunicorn)"
        assert services[service]["image"] == f"psn-{service}"
        for kind in (*WORKERS[service], "migrate"):
            name = f"{service}-{kind}"
            assert name in services, f"{name} runs under psn_local but has no compose service"
            assert shlex.split(services[name]["command"]) == ["python", "-m", f"{service}.entrypoints.{kind}"]
            assert services[name]["image"] == f"psn-{service}"
    expected = {"postgres", "rabbitmq", "mail", WEB, REPORTS} | {
        f"{s}-{k}" if k != "web" else s for s in SERVICES for k in (*WORKERS[s], "migrate", "web")}
    assert set(services) == expected


def test_the_web_front_end_runs_its_own_image_once_the_apis_are_healthy(compose):
    web = compose["services"][WEB]
    assert web["build"]["dockerfile"] == "deploy/web.Dockerfile" and web["image"] == "psn-web"
    assert "command" not in web and "/health/ready" in " ".join(web["healthcheck"]["test"])
    assert web["depends_on"] == {s: {"condition": "service_healthy"} for s in SERVICES}
    assert {web["environment"][f"{s.upper()}_URL"] for s in SERVICES} == {f"http://{s}:8000" for s in SERVICES}
    dockerfile = (REPO / "deploy" / "web.Dockerfile").read_text()
    assert "npm ci" in dockerfile and "SERVICE=web" in dockerfile and "${SERVICE}.entrypoints.wsgi:app" in dockerfile


def test_the_reports_app_runs_its_own_image_once_the_services_it_asks_are_healthy(compose):
    reports = compose["services"][REPORTS]
    assert reports["build"]["dockerfile"] == "deploy/reports.Dockerfile" and reports["image"] == "psn-reports"
    assert "command" not in reports and "/health/ready" in " ".join(reports["healthcheck"]["test"])
    asked = ("identity", "training", "sessions")
    assert reports["depends_on"] == {s: {"condition": "service_healthy"} for s in asked}
    assert {reports["environment"][f"{s.upper()}_URL"] for s in asked} == {f"http://{s}:8000" for s in asked}
    assert "psn_reports.wsgi:app" in (REPO / "deploy" / "reports.Dockerfile").read_text()


@pytest.mark.parametrize("dockerfile", ["Dockerfile", "web.Dockerfile", "reports.Dockerfile"])
def test_every_image_sets_malloc_as_the_local_runner_does(dockerfile):
    settings = {}
    for line in (REPO / "deploy" / dockerfile).read_text().splitlines():
        if line.startswith("ENV "):
            settings.update(pair.split("=", 1) for pair in shlex.split(line[4:]))
    assert {name: settings.get(name) for name in MALLOC_SETTINGS} == MALLOC_SETTINGS
