"""Trim an operator's CustomResourceDefinition to what validation needs.

    python deploy/k8s/crds/trim.py SOURCE_LABEL < upstream-crd.yaml > deploy/k8s/crds/<name>.yaml

Keeps the group, names and, per served version, the OpenAPI v3 schema of `spec` (status is
written by the operator, never by us); drops every `description` (most of the size). The
schema's structure, types, enums, required fields and x-kubernetes-* markers are untouched.
"""

from __future__ import annotations

import sys
from typing import Any

import yaml


def strip_descriptions(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: strip_descriptions(v) for k, v in node.items() if k != "description" or not isinstance(v, str)}
    if isinstance(node, list):
        return [strip_descriptions(v) for v in node]
    return node


def trim(crd: dict[str, Any]) -> dict[str, Any]:
    versions = []
    for version in crd["spec"]["versions"]:
        if not version.get("served", True):
            continue
        schema = version["schema"]["openAPIV3Schema"]
        schema.get("properties", {}).pop("status", None)
        versions.append({
            "name": version["name"],
            "served": version.get("served", True),
            "storage": version.get("storage", False),
            "schema": {"openAPIV3Schema": strip_descriptions(schema)},
        })
    return {
        "apiVersion": crd["apiVersion"],
        "kind": crd["kind"],
        "metadata": {"name": crd["metadata"]["name"]},
        "spec": {"group": crd["spec"]["group"], "names": crd["spec"]["names"], "scope": crd["spec"]["scope"],
                 "versions": versions},
    }


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else "unknown"
    crd = next(doc for doc in yaml.safe_load_all(sys.stdin) if doc and doc.get("kind") == "CustomResourceDefinition")
    sys.stdout.write(f"# Trimmed from {source} by deploy/k8s/crds/trim.py (descriptions and status dropped).\n")
    yaml.safe_dump(trim(crd), sys.stdout, sort_keys=False, width=120)


if __name__ == "__main__":
    main()
