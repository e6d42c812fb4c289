"""The Kubernetes manifests (deploy/k8s), checked offline: both overlays render, every object is valid
(core kinds against Kubernetes' own schemas, custom resources against the operators' CRDs kept in
deploy/k8s/crds), and the rules of this system hold in what would be applied. See docs/deploy.md."""

from __future__ import annotations

import ast
import functools
import json
import shlex
import shutil
import subprocess
from collections import Counter
from typing import Any

import kubernetes_validate
import pytest
import yaml

from psn_local import REPORTS, SERVICES, WORKERS
from psn_shared.messaging.topology import Topology
from tests.deploy.k8s import (
    K8S,
    REPO,
    allowed,
    containers,
    crd_errors,
    env_vars_read,
    load_all,
    pod_labels,
    pod_spec,
    render,
)

KUBERNETES_VERSION = "1.32.0"  # a version kubernetes-validate ships schemas for
OVERLAYS = ("dev", "production")
OPERATOR_KINDS = {
    ("rabbitmq.com/v1beta1", "RabbitmqCluster"),
    ("postgresql.cnpg.io/v1", "Cluster"),
    ("keda.sh/v1alpha1", "ScaledObject"),
    ("keda.sh/v1alpha1", "TriggerAuthentication"),
    ("monitoring.coreos.com/v1", "PodMonitor"),
    ("monitoring.coreos.com/v1", "PrometheusRule"),
}
# Secrets the manifests name but do not contain: the operators write the first two kinds from the
# RabbitmqCluster and each CloudNativePG Cluster; the last is made by whoever runs production.
PROVIDED_OUTSIDE = {"psn-identity-secrets": {"key-encryption-keys", "admin-password"},
                    "psn-notifications-secrets": {"notify-api-key", "vapid-private-key"},
                    "psn-web-secrets": {"secret-key", "session-redis-url", "session-redis-password"}}
# The web front end (services/web): one more web app, with no database and no broker.
WEB = "web"
WEB_PAGES = REPO / "services" / "web" / "src" / "web"
# Variables the code reads that a pod on Kubernetes must not set, and why.
NOT_SET = {
    "FAILPOINTS_DIR": "fault injection for the tests only",
    "PSN_VAR_DIR": "where SQLite files go when DATABASE_URL is unset; it is always set here",
    "PORT": "gunicorn's fallback when BIND is unset; BIND is set",
    "PROMETHEUS_MULTIPROC_DIR": "gunicorn makes a fresh one under /tmp (an emptyDir) at each start",
}
# Variables only the process that uses them is given.
ONLY_FOR = {"IDENTITY_ADMIN_PASSWORD": "migrate"}


@pytest.fixture(scope="module", autouse=True)
def _schemas_read_once():
    """kubernetes-validate reads its (large) definitions file on every call; read each file once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kubernetes_validate.utils, "schema_contents",
                      functools.cache(kubernetes_validate.utils.schema_contents))
        yield


@functools.cache
def web_variables_read() -> frozenset[str]:
    """The web front end's own settings (the four API URLs are read by a loop, named here), and of
    psn_shared only the logging and gunicorn it uses: no database, no broker (AMQP_URL is optional there)."""
    shared = REPO / "shared" / "src" / "psn_shared"
    used = [shared / "logs.py", shared / "gunicorn_conf.py"]
    read = env_vars_read([shared], exclude=[p for p in shared.rglob("*.py") if p not in used])
    urls = {f"{service.upper()}_URL" for service in SERVICES}
    return frozenset(env_vars_read([WEB_PAGES])) | (frozenset(read) - {"AMQP_URL"}) | urls


@functools.cache
def variables_read(service: str | None) -> frozenset[str]:
    """What a service's processes read: psn_shared's variables (service None) and its own. The reports app
    uses none of psn_shared's settings (no database, no broker): only its own, the command's left out."""
    if service == REPORTS:
        package = REPO / "tools" / "psn_reports" / "psn_reports"
        return frozenset(env_vars_read([package], exclude=[package / "__main__.py"]))
    if service == WEB:
        return web_variables_read()
    if service is None:
        shared = REPO / "shared" / "src" / "psn_shared"
        return frozenset(env_vars_read([shared], exclude=[shared / "testing"]))
    return variables_read(None) | frozenset(env_vars_read([REPO / "services" / service / "src"]))


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request) -> tuple[str, list[dict[str, Any]]]:
    return request.param, render(K8S / "overlays" / request.param)


@pytest.fixture(scope="module")
def production() -> list[dict[str, Any]]:
    return render(K8S / "overlays" / "production")


def of_kind(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


def named(objects: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name}, found {len(found)}"
    return found[0]


def psn_workloads(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] in ("Deployment", "Job")
            and pod_labels(o).get("app.kubernetes.io/part-of") == "psn"]


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector["matchLabels"].items())


# --- rendering and schemas -------------------------------------------------------------------------


def test_each_overlay_renders_without_duplicates(overlay):
    name, objects = overlay
    keys = Counter((o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"]) for o in objects)
    assert [k for k, n in keys.items() if n > 1] == []
    namespaces = {o["metadata"].get("namespace") for o in objects if o["kind"] != "Namespace"}
    assert namespaces == {{"dev": "psn-dev", "production": "psn"}[name]}


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed: the Python rendering stands")
@pytest.mark.parametrize("name", OVERLAYS)
def test_kubectl_kustomize_renders_what_the_python_renderer_does(name):
    out = subprocess.run(["kubectl", "kustomize", str(K8S / "overlays" / name)],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    by_key = {(o["kind"], o["metadata"]["name"]): o for o in yaml.safe_load_all(out) if o}
    ours = {(o["kind"], o["metadata"]["name"]): o for o in render(K8S / "overlays" / name)}
    assert by_key.keys() == ours.keys()
    for key, obj in ours.items():
        assert by_key[key] == obj, key


def test_core_objects_are_valid_kubernetes(overlay):
    _name, objects = overlay
    errors = []
    for obj in objects:
        if (obj["apiVersion"], obj["kind"]) in OPERATOR_KINDS:
            continue
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{obj['kind']} {obj['metadata']['name']}: {exc.caught.message} at "
                          f"{'/'.join(map(str, exc.caught.absolute_path))}")
    assert errors == []


def test_custom_resources_are_valid_against_the_operators_crds(overlay):
    _name, objects = overlay
    custom = [o for o in objects if (o["apiVersion"], o["kind"]) in OPERATOR_KINDS]
    assert {(o["apiVersion"], o["kind"]) for o in custom} == OPERATOR_KINDS
    errors = {f"{o['kind']} {o['metadata']['name']}": crd_errors(o) for o in custom}
    assert {k: v for k, v in errors.items() if v} == {}


def test_the_crd_check_catches_a_mistake(production):
    rabbit = json.loads(json.dumps(named(production, "RabbitmqCluster", "psn-rabbitmq")))
    rabbit["spec"]["replica"] = 3  # a typo: unknown field
    cluster = json.loads(json.dumps(named(production, "Cluster", "psn-identity-db")))
    cluster["spec"]["instances"] = "three"
    assert crd_errors(rabbit) and crd_errors(cluster)


def test_every_custom_kind_has_its_crd_here(overlay):
    _name, objects = overlay
    groups = {(o["apiVersion"], o["kind"]) for o in objects if "/" in o["apiVersion"]}
    custom = {(v, k) for v, k in groups if "." in v.split("/")[0] and not v.split("/")[0].endswith("k8s.io")}
    assert custom <= OPERATOR_KINDS


# --- every process, as docker-compose and the local runner run it ----------------------------------


def compose_commands() -> dict[str, list[str]]:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text()
    cmd = json.loads(next(line for line in dockerfile.splitlines() if line.startswith("CMD "))[4:])
    reports = (REPO / "deploy" / "reports.Dockerfile").read_text().splitlines()
    commands = {f"{REPORTS}-web": json.loads(next(line for line in reports if line.startswith("CMD "))[4:])}
    for service in SERVICES:
        web = cmd[-1].replace("${SERVICE}", service) if cmd[:2] == ["sh", "-c"] else " ".join(cmd)
        commands[f"{service}-web"] = shlex.split(compose["services"][service].get("command", web))
        for kind in (*WORKERS[service], "migrate"):
            commands[f"{service}-{kind}"] = shlex.split(compose["services"][f"{service}-{kind}"]["command"])
    web_image = (REPO / "deploy" / "web.Dockerfile").read_text()
    web_cmd = json.loads(next(line for line in web_image.splitlines() if line.startswith("CMD "))[4:])
    commands[f"{WEB}-web"] = shlex.split(web_cmd[-1].replace("${SERVICE}", WEB))
    return commands


def test_every_process_of_the_local_runner_is_a_workload_with_compose_s_command(overlay):
    _name, objects = overlay
    expected = compose_commands()
    workloads = {}
    for obj in psn_workloads(objects):
        labels = pod_labels(obj)
        workloads[f"{labels['app.kubernetes.io/name']}-{labels['app.kubernetes.io/component']}"] = obj
    assert workloads.keys() == expected.keys()
    for key, command in expected.items():
        (container,) = workloads[key]["spec"]["template"]["spec"]["containers"]
        assert container["command"] == command, key
        assert container["image"].split(":")[0].endswith(key.split("-")[0]), key


# --- health, resources, disruption, scaling ---------------------------------------------------------


def test_http_servers_have_probes_and_workers_have_none_on_ports_they_lack(overlay):
    _name, objects = overlay
    for obj in of_kind(objects, "Deployment"):
        for container in containers(obj):
            ports = {p.get("name") for p in container.get("ports", [])} | {
                p["containerPort"] for p in container.get("ports", [])}
            where = f"{obj['metadata']['name']}/{container['name']}"
            probes = {k: container.get(k) for k in ("readinessProbe", "livenessProbe")}
            if not ports:
                assert not any(p and "httpGet" in p for p in probes.values()), where
                continue
            assert all(probes.values()), where
            for probe in probes.values():
                assert (probe.get("httpGet") or probe["tcpSocket"])["port"] in ports, where
            if pod_labels(obj).get("app.kubernetes.io/part-of") == "psn":
                assert probes["readinessProbe"]["httpGet"]["path"] == "/health/ready", where
                assert probes["livenessProbe"]["httpGet"]["path"] == "/health/live", where


def test_every_container_has_requests_and_limits(overlay):
    _name, objects = overlay
    for obj in objects:
        for container in containers(obj):
            resources = container.get("resources", {})
            for bound in ("requests", "limits"):
                assert set(resources.get(bound, {})) >= {"cpu", "memory"}, (obj["metadata"]["name"], bound)


def test_pods_run_unprivileged(overlay):
    _name, objects = overlay
    for obj in psn_workloads(objects):
        spec = pod_spec(obj)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec.get("automountServiceAccountToken") is False
        for container in containers(obj):
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]


def test_each_web_app_has_a_pdb_and_an_hpa_and_every_pdb_allows_a_drain(overlay):
    _name, objects = overlay
    deployments = of_kind(objects, "Deployment")
    pdbs = of_kind(objects, "PodDisruptionBudget")
    hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in of_kind(objects, "HorizontalPodAutoscaler")}
    for service in (*SERVICES, WEB):
        web = named(objects, "Deployment", f"{service}-web")
        assert any(selects(p["spec"]["selector"], pod_labels(web)) for p in pdbs), service
        hpa = hpas[f"{service}-web"]
        assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    for pdb in pdbs:
        targets = [d for d in deployments if selects(pdb["spec"]["selector"], pod_labels(d))]
        assert len(targets) == 1, pdb["metadata"]["name"]
        spec = pdb["spec"]
        assert spec.get("maxUnavailable", 0) >= 1 or spec["minAvailable"] < targets[0]["spec"].get("replicas", 1)


def test_an_autoscaled_deployment_leaves_its_replica_count_to_the_autoscaler(overlay):
    _name, objects = overlay
    scaled = {h["spec"]["scaleTargetRef"]["name"] for h in of_kind(objects, "HorizontalPodAutoscaler")}
    scaled |= {s["spec"]["scaleTargetRef"]["name"] for s in of_kind(objects, "ScaledObject")}
    for deployment in of_kind(objects, "Deployment"):
        name = deployment["metadata"]["name"]
        assert ("replicas" in deployment["spec"]) == (name not in scaled), f"{name}: an apply would reset the count"


def test_consumers_scale_on_their_queue_with_keda_and_nothing_else_scales_them(overlay):
    _name, objects = overlay
    namespace = named(objects, "ConfigMap", "psn-common")["data"]["AMQP_NAMESPACE"]
    auths = {t["metadata"]["name"]: t for t in of_kind(objects, "TriggerAuthentication")}
    scaled = {s["spec"]["scaleTargetRef"]["name"]: s for s in of_kind(objects, "ScaledObject")}
    hpa_targets = {h["spec"]["scaleTargetRef"]["name"] for h in of_kind(objects, "HorizontalPodAutoscaler")}
    for service in SERVICES:
        consumer = f"{service}-consumer"
        named(objects, "Deployment", consumer)
        (trigger,) = scaled[consumer]["spec"]["triggers"]
        assert trigger["type"] == "rabbitmq"
        assert trigger["metadata"]["queueName"] == Topology(namespace, service).queue_name
        assert trigger["metadata"]["mode"] == "QueueLength"
        auth = auths[trigger["authenticationRef"]["name"]]
        (ref,) = auth["spec"]["secretTargetRef"]
        assert (ref["parameter"], ref["name"]) == ("host", "psn-rabbitmq-default-user")
        assert consumer not in hpa_targets


def test_migrations_are_a_job_per_release(overlay):
    _name, objects = overlay
    jobs = of_kind(objects, "Job")
    assert len(jobs) == len(SERVICES)
    for job in jobs:
        (container,) = job["spec"]["template"]["spec"]["containers"]
        service = pod_labels(job)["app.kubernetes.io/name"]
        tag = container["image"].rpartition(":")[2]
        assert container["command"] == ["python", "-m", f"{service}.entrypoints.migrate"]
        assert job["metadata"]["name"] == f"{service}-migrate-{tag}", "a new release must be a new Job"
        assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
        deployments = [d for d in psn_workloads(objects) if d["kind"] == "Deployment"
                       and pod_labels(d)["app.kubernetes.io/name"] == service]
        assert {c["image"] for d in deployments for c in containers(d)} == {container["image"]}


def test_brokers_and_databases_come_from_the_operators(production):
    (rabbit,) = of_kind(production, "RabbitmqCluster")
    assert rabbit["spec"]["replicas"] == 3
    clusters = {c["metadata"]["name"]: c for c in of_kind(production, "Cluster")}
    assert clusters.keys() == {f"psn-{s}-db" for s in SERVICES}
    for service in SERVICES:
        spec = clusters[f"psn-{service}-db"]["spec"]
        assert spec["instances"] >= 3
        assert spec["bootstrap"]["initdb"]["database"] == service
    assert not of_kind(production, "StatefulSet")


# --- configuration and secrets ---------------------------------------------------------------------


def container_env(objects: list[dict[str, Any]], container: dict[str, Any]) -> dict[str, str]:
    """Variable -> where its value comes from; fails on a reference to nothing."""
    secrets = {s["metadata"]["name"]: {**s.get("data", {}), **s.get("stringData", {})}
               for s in of_kind(objects, "Secret")}
    configmaps = {c["metadata"]["name"]: c["data"] for c in of_kind(objects, "ConfigMap")}
    operators = {f"{c['metadata']['name']}-app": {"uri", "username", "password"} for c in of_kind(objects, "Cluster")}
    operators |= {f"{r['metadata']['name']}-default-user": {"connection_string", "username", "password"}
                  for r in of_kind(objects, "RabbitmqCluster")}
    sources = {}
    for entry in container.get("envFrom", []):
        configmap = configmaps[entry["configMapRef"]["name"]]
        sources.update(dict.fromkeys(configmap, f"configmap {entry['configMapRef']['name']}"))
    for var in container.get("env", []):
        if "value" in var:
            sources[var["name"]] = "value"
            continue
        ref = var["valueFrom"]
        if "secretKeyRef" in ref:
            name, key = ref["secretKeyRef"]["name"], ref["secretKeyRef"]["key"]
            keys = secrets.get(name) or operators.get(name) or PROVIDED_OUTSIDE.get(name)
            assert keys and key in keys, f"{var['name']}: secret {name} key {key} comes from nowhere"
            sources[var["name"]] = f"secret {name}"
        else:
            name, key = ref["configMapKeyRef"]["name"], ref["configMapKeyRef"]["key"]
            assert key in configmaps[name], f"{var['name']}: {name} has no {key}"
            sources[var["name"]] = f"configmap {name}"
    return sources


def test_every_variable_a_service_reads_has_a_source(overlay):
    _name, objects = overlay
    missing = {}
    for obj in psn_workloads(objects):
        labels = pod_labels(obj)
        service, component = labels["app.kubernetes.io/name"], labels["app.kubernetes.io/component"]
        wanted = {v for v in variables_read(service) - NOT_SET.keys() if ONLY_FOR.get(v, component) == component}
        for container in containers(obj):
            gap = sorted(wanted - container_env(objects, container).keys())
            if gap:
                missing[f"{obj['metadata']['name']}/{container['name']}"] = gap
    hint = ("a variable the code reads has no value on Kubernetes: add it to deploy/k8s/base/<service>/config.yaml "
            "(or platform/config.yaml if every service reads it), a Secret if it is secret, or NOT_SET with a reason")
    assert missing == {}, hint


def test_the_variable_scan_finds_what_the_code_reads():
    read = env_vars_read([REPO / "shared" / "src" / "psn_shared", REPO / "services" / "identity" / "src"])
    assert {"DATABASE_URL", "AMQP_URL", "IDENTITY_JWKS_URL", "EVENT_RETRY_DELAYS_S", "WEB_CONCURRENCY",
            "IDENTITY_KEY_ENCRYPTION_KEYS", "LOGIN_LIMIT_PER_ACCOUNT"} <= read.keys()
    sessions = env_vars_read([REPO / "services" / "sessions" / "src"])
    assert "SESSIONS_MAX_OPEN_CASES" in sessions  # read through a helper, _at_least(name, ...)


def test_no_secret_values_outside_the_dev_overlay(production):
    assert of_kind(production, "Secret") == []
    dev = K8S / "overlays" / "dev"
    for path in K8S.rglob("*.yaml"):
        if dev in path.parents or path.parent.name == "crds":
            continue
        assert all(not isinstance(doc, dict) or doc.get("kind") != "Secret" for doc in load_all(path)), path
    for path in dev.glob("*.yaml"):
        for doc in load_all(path):
            if isinstance(doc, dict) and doc.get("kind") == "Secret":
                assert "DEVELOPMENT PLACEHOLDERS" in path.read_text()


def test_configmaps_hold_nothing_secret(overlay):
    _name, objects = overlay
    for configmap in of_kind(objects, "ConfigMap"):
        for key, value in configmap["data"].items():
            assert not any(word in key for word in ("PASSWORD", "SECRET", "ENCRYPTION")), key
            assert not key.endswith(("_KEY", "_KEYS", "_TOKEN")), key
            assert "@" not in value.split("://", 1)[-1].split("/", 1)[0] if "://" in value else True, key


# --- who may call whom ---------------------------------------------------------------------------------


def test_network_policies_allow_exactly_the_calls_the_system_makes(overlay):
    _name, objects = overlay
    policies = of_kind(objects, "NetworkPolicy")
    ns = named(objects, "ConfigMap", "psn-common")["metadata"]["namespace"]
    rabbit = {"app.kubernetes.io/name": "psn-rabbitmq"}
    databases = {s: {"cnpg.io/cluster": f"psn-{s}-db"} for s in SERVICES}
    webs = {s: pod_labels(named(objects, "Deployment", f"{s}-web")) for s in SERVICES}
    outsider = {"app": "something-else"}
    assert not allowed(policies, outsider, ns, webs["identity"], ns, 8000), "default deny is missing"
    for pod in psn_workloads(objects):
        labels = pod_labels(pod)
        service, component = labels["app.kubernetes.io/name"], labels["app.kubernetes.io/component"]
        where = f"{service}-{component}"
        assert allowed(policies, labels, ns, rabbit, ns, 5672), where
        for other, db in databases.items():
            assert allowed(policies, labels, ns, db, ns, 5432) == (other == service), (where, other)
        for other, web in webs.items():
            jwks = other == "identity" and component == "web"
            board_part = service == REPORTS and other in ("training", "sessions")  # the parts of its report
            on_behalf = service == WEB  # the web front end calls the four APIs for the people
            assert allowed(policies, labels, ns, web, ns, 8000) == (jwks or board_part or on_behalf), (where, other)
        assert not allowed(policies, labels, ns, outsider, ns, 443), where
    for service, web in webs.items():
        assert allowed(policies, {}, "ingress-nginx", web, ns, 8000), service
        assert not allowed(policies, {}, "elsewhere", web, ns, 8000), service
    for db in databases.values():
        assert not allowed(policies, {}, "elsewhere", db, ns, 5432)
    front_end = pod_labels(named(objects, "Deployment", f"{WEB}-web"))
    session_store = pod_labels(named(objects, "Deployment", "web-sessions"))
    for service, web in webs.items():
        assert allowed(policies, front_end, ns, web, ns, 8000), f"the web front end cannot call {service}"
    assert allowed(policies, {}, "ingress-nginx", front_end, ns, 8000)
    assert allowed(policies, front_end, ns, session_store, ns, 6379)
    reports = pod_labels(named(objects, "Deployment", "reports-web"))
    assert allowed(policies, front_end, ns, reports, ns, 8000), "the board report's download goes through web"
    for pod in psn_workloads(objects):
        if pod_labels(pod) != front_end:
            assert not allowed(policies, pod_labels(pod), ns, session_store, ns, 6379), pod["metadata"]["name"]
            assert not allowed(policies, pod_labels(pod), ns, front_end, ns, 8000), pod["metadata"]["name"]
    assert not allowed(policies, session_store, ns, outsider, ns, 443), "the session store opens nothing"
    assert allowed(policies, {}, "keda", rabbit, ns, 5672)


# --- one origin ------------------------------------------------------------------------------------------


def api_routes(service: str) -> set[str]:
    routes = set()
    for path in (REPO / "services" / service / "src" / service / "api").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "route"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                routes.add(node.args[0].value)
    committed = REPO / "docs" / "openapi" / f"{service}.json"
    routes |= set(json.loads(committed.read_text())["paths"]) if committed.exists() else set()
    return routes


def route_to(ingress: dict[str, Any], path: str) -> str | None:
    """The backend Kubernetes would pick: Exact first, then the longest Prefix (whole path elements)."""
    best: tuple[int, int, str] | None = None
    for rule in ingress["spec"]["rules"]:
        for entry in rule["http"]["paths"]:
            prefix, kind = entry["path"], entry["pathType"]
            hit = path == prefix or (kind == "Prefix" and path.startswith(prefix.rstrip("/") + "/"))
            if hit:
                candidate = (kind == "Exact", len(prefix), entry["backend"]["service"]["name"])
                best = max(best, candidate) if best else candidate
    return best[2] if best else None


def test_the_ingress_routes_every_api_path_to_the_service_that_owns_it(overlay):
    _name, objects = overlay
    (ingress,) = of_kind(objects, "Ingress")
    services = {s["metadata"]["name"]: s for s in of_kind(objects, "Service")}
    wrong = {}
    for service in SERVICES:
        for route in api_routes(service):
            concrete = route.replace("<", "x").replace(">", "x").replace("{", "x").replace("}", "x")
            if route_to(ingress, concrete) != service:
                wrong[route] = (service, route_to(ingress, concrete))
    assert wrong == {}, "route -> (owner, where it goes): add the path to deploy/k8s/base/platform/ingress.yaml"
    assert route_to(ingress, "/api/v1/reports/board") == REPORTS
    for path in ("/health/ready", "/health/live", "/metrics", "/docs", "/openapi.json"):
        assert route_to(ingress, path) is None, path
    for rule in ingress["spec"]["rules"]:
        for entry in rule["http"]["paths"]:
            backend = entry["backend"]["service"]
            ports = {p["name"] for p in services[backend["name"]]["spec"]["ports"]}
            assert backend["port"]["name"] in ports


def web_pages() -> set[str]:
    """Every page path the web front end's blueprints declare (from their source, as for the APIs): the views', and
    the language switch's (`web/language.py`)."""
    pages = set()
    for path in [WEB_PAGES / "language.py", *(WEB_PAGES / "views").glob("*.py")]:
        tree = ast.parse(path.read_text())
        prefix = next((kw.value.value for node in ast.walk(tree) if isinstance(node, ast.Call)
                       for kw in node.keywords if kw.arg == "url_prefix" and isinstance(kw.value, ast.Constant)), "")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("route", "get", "post") and node.args
                    and isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("/")):
                pages.add(prefix + node.args[0].value)
    return pages


def test_the_ingress_routes_every_page_of_the_web_front_end_to_it(overlay):
    _name, objects = overlay
    (ingress,) = of_kind(objects, "Ingress")
    pages = web_pages()
    assert {"/", "/sign-in", "/reset-password", "/settings/notifications"} <= pages
    concrete = {p.replace("<", "x").replace(">", "x") for p in pages}
    wrong = {p: route_to(ingress, p) for p in concrete | {"/static/web.css", "/assets/images/favicon.ico",
                                                           "/manifest.webmanifest", "/service-worker.js"}
             if route_to(ingress, p) != WEB}
    assert wrong == {}, "page -> where it goes: add its first path element to deploy/k8s/base/platform/ingress.yaml"


def test_production_serves_tls(production):
    (ingress,) = of_kind(production, "Ingress")
    hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
    assert hosts <= {h for tls in ingress["spec"].get("tls", []) for h in tls["hosts"]}


def test_the_layout_is_a_base_and_two_overlays():
    assert (K8S / "base" / "kustomization.yaml").exists()
    assert sorted(p.name for p in (K8S / "overlays").iterdir()) == sorted(OVERLAYS)
