"""The alert rules and the Grafana dashboard ask only for metrics the code exports, and every alert
points at a section of the runbook that exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .k8s import K8S, REPO, load_all

MONITORING = K8S / "base" / "platform" / "monitoring.yaml"
RUNBOOK = REPO / "docs" / "runbook.md"
# Series Prometheus makes itself for every target.
BUILT_IN = {"up"}
PROMQL_WORDS = {"sum", "max", "min", "avg", "count", "by", "without", "rate", "irate", "increase",
                "histogram_quantile", "unless", "and", "or", "on", "ignoring", "absent", "absent_over_time", "le"}


def exported_metrics() -> set[str]:
    """Every series name the code exports: counters with _total, histograms with their three series."""
    names: set[str] = set()
    sources = [*(REPO / "shared" / "src").rglob("*.py"), *REPO.glob("services/*/src/**/*.py")]
    for path in sources:
        source = path.read_text()
        for kind, name in re.findall(r'\b(Counter|Histogram|Gauge|GaugeMetricFamily)\(\s*"([a-z_]+)"', source):
            if kind == "Counter":
                names |= {name, f"{name}_total"}
            elif kind == "Histogram":
                names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count"}
            else:
                names.add(name)
    return names


def metrics_in(expr: str) -> set[str]:
    """The metric names a PromQL expression reads (label matchers, strings and durations left out)."""
    bare = re.sub(r"\{[^}]*\}|\[[^\]]*\]|\"[^\"]*\"", " ", expr)
    bare = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", " ", bare)
    words = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", bare))
    return {w for w in words if w not in PROMQL_WORDS and not re.fullmatch(r"\d+[smhd]?", w)}


def anchors(markdown: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file."""
    headings = re.findall(r"^#+\s+(.+)$", markdown, flags=re.MULTILINE)
    return {re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", h.strip().lower())) for h in headings}


@pytest.fixture(scope="module")
def objects() -> dict[str, dict]:
    return {obj["kind"]: obj for obj in load_all(MONITORING)}


@pytest.fixture(scope="module")
def alerts(objects) -> list[dict]:
    return [rule for group in objects["PrometheusRule"]["spec"]["groups"] for rule in group["rules"]]


@pytest.fixture(scope="module")
def dashboard(objects) -> dict:
    return json.loads(objects["ConfigMap"]["data"]["psn-overview.json"])


def test_the_metric_check_catches_a_name_nobody_exports():
    known = exported_metrics() | BUILT_IN
    assert metrics_in('sum by (service) (rate(http_requests_total{status=~"5.."}[5m]))') <= known
    assert metrics_in("max by (service) (psn_outbox_lag_secs) > 60") - known == {"psn_outbox_lag_secs"}


def test_every_alert_reads_exported_metrics_and_names_its_runbook_section(alerts):
    known = exported_metrics() | BUILT_IN
    sections = anchors(RUNBOOK.read_text())
    for rule in alerts:
        assert metrics_in(rule["expr"]) <= known, (rule["alert"], metrics_in(rule["expr"]) - known)
        assert rule["expr"].count("(") == rule["expr"].count(")"), rule["alert"]
        assert rule["labels"]["severity"] in ("warning", "critical"), rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
        path, _, anchor = rule["annotations"]["runbook_url"].partition("#")
        assert Path(REPO / path) == RUNBOOK and anchor in sections, (rule["alert"], anchor, sorted(sections))


def test_the_alerts_cover_what_the_issue_names(alerts):
    read = {metric for rule in alerts for metric in metrics_in(rule["expr"])}
    assert {"psn_outbox_lag_seconds", "psn_dead_letters", "psn_queue_messages", "psn_queue_consumers",
            "http_requests_total", "http_request_seconds_bucket", "up"} <= read


def test_the_dashboard_shows_every_messaging_metric_and_reads_only_exported_ones(dashboard):
    known = exported_metrics() | BUILT_IN
    panels = dashboard["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    shown = set()
    for panel in panels:
        for target in panel["targets"]:
            assert metrics_in(target["expr"]) <= known, (panel["title"], metrics_in(target["expr"]) - known)
            shown |= metrics_in(target["expr"])
    assert {m for m in exported_metrics() if m.startswith("psn_")} <= shown
    assert {"http_requests_total", "http_request_seconds_bucket"} <= shown


def test_prometheus_scrapes_every_web_app_s_metrics_labelled_with_its_service():
    monitors = [o for o in load_all(MONITORING) if o["kind"] == "PodMonitor"]
    web = next(m for m in monitors if m["metadata"]["name"] == "psn-web")
    assert web["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"] == "web"
    endpoint = web["spec"]["podMetricsEndpoints"][0]
    assert (endpoint["port"], endpoint["path"]) == ("http", "/metrics")
    assert endpoint["relabelings"][0]["targetLabel"] == "service"
