"""Offline tools for the manifests in deploy/k8s: render an overlay, validate, reason about them.

- `render(overlay)`: the subset of kustomize the overlays use (resources, namespace, images, and
  JSON 6902 patches with a target), in Python; anything else in a kustomization.yaml is refused,
  so the overlays cannot drift into features this renderer does not know. Where `kubectl` is on
  the PATH a test checks that `kubectl kustomize` renders the same objects.
- `crd_validator(kind)`: a jsonschema validator from an operator's CRD kept in deploy/k8s/crds,
  with the API server's strict field validation (unknown fields are errors).
- `allowed(...)`: whether NetworkPolicies let one pod open a connection to another.
- `env_vars_read(paths)`: the environment variables Python code reads (by its AST).
"""

from __future__ import annotations

import ast
import copy
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema
import yaml

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "k8s"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KUSTOMIZATION_FIELDS = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
CLUSTER_SCOPED = {"Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"}


def load_all(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.load_all(path.read_text(), Loader=Loader) if doc]


# --- kustomize, the subset the overlays use ----------------------------------------------------


def render(directory: Path) -> list[dict[str, Any]]:
    kustomization = yaml.load((directory / "kustomization.yaml").read_text(), Loader=Loader)
    unknown = set(kustomization) - KUSTOMIZATION_FIELDS
    if unknown:
        raise ValueError(f"{directory}: kustomization fields this renderer does not implement: {sorted(unknown)}")
    objects: list[dict[str, Any]] = []
    for entry in kustomization.get("resources", []):
        path = (directory / entry).resolve()
        objects.extend(render(path) if path.is_dir() else copy.deepcopy(load_all(path)))
    for patch in kustomization.get("patches", []):
        operations = yaml.load((directory / patch["path"]).read_text(), Loader=Loader)
        if not isinstance(operations, list):
            raise ValueError(f"{patch['path']}: only JSON 6902 patches (a list of operations) are supported")
        targets = [obj for obj in objects if _matches(obj, patch["target"])]
        if not targets:
            raise ValueError(f"{directory}: patch {patch['path']} matches nothing")
        for obj in targets:
            for operation in operations:
                _apply(obj, operation)
    for image in kustomization.get("images", []):
        for obj in objects:
            for container in _containers(obj):
                name, _, _tag = container["image"].partition(":")
                if name == image["name"]:
                    new_name = image.get("newName", name)
                    container["image"] = f"{new_name}:{image['newTag']}" if "newTag" in image else new_name
    if "namespace" in kustomization:
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = kustomization["namespace"]
    return objects


def _matches(obj: dict[str, Any], target: dict[str, Any]) -> bool:
    group, _, version = obj["apiVersion"].rpartition("/")
    if set(target) - {"group", "version", "kind", "name", "labelSelector"}:
        raise ValueError(f"unsupported patch target fields: {target}")
    if "group" in target and target["group"] != group:
        return False
    if "version" in target and target["version"] != version:
        return False
    if "kind" in target and target["kind"] != obj["kind"]:
        return False
    if "name" in target and not re.fullmatch(target["name"], obj["metadata"]["name"]):
        return False
    if "labelSelector" in target:
        labels = obj["metadata"].get("labels", {})
        for term in target["labelSelector"].split(","):
            key, _, value = term.partition("=")
            if labels.get(key.strip()) != value.strip():
                return False
    return True


def _pointer(path: str) -> list[str]:
    return [part.replace("~1", "/").replace("~0", "~") for part in path.lstrip("/").split("/")]


def _apply(obj: dict[str, Any], operation: dict[str, Any]) -> None:
    *parents, last = _pointer(operation["path"])
    node: Any = obj
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    op = operation["op"]
    if isinstance(node, list):
        index = len(node) if last == "-" else int(last)
        if op == "add":
            node.insert(index, operation["value"])
        elif op == "replace":
            node[index] = operation["value"]
        elif op == "remove":
            del node[index]
        else:
            raise ValueError(f"unsupported op {op}")
        return
    if op in ("replace", "remove") and last not in node:
        raise ValueError(f"{op} {operation['path']}: no such field")
    if op in ("add", "replace"):
        node[last] = operation["value"]
    elif op == "remove":
        del node[last]
    else:
        raise ValueError(f"unsupported op {op}")


def pod_spec(obj: dict[str, Any]) -> dict[str, Any] | None:
    if obj["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
        return obj["spec"]["template"]["spec"]
    if obj["kind"] == "Pod":
        return obj["spec"]
    return None


def pod_labels(obj: dict[str, Any]) -> dict[str, str]:
    return obj["spec"]["template"]["metadata"].get("labels", {})


def _containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_spec(obj)
    if spec is None:
        return []
    return [*spec.get("initContainers", []), *spec["containers"]]


def containers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    return _containers(obj)


# --- custom resources against the operators' CRDs ------------------------------------------------


@functools.cache
def crd_schemas() -> dict[tuple[str, str], dict[str, Any]]:
    """(apiVersion, kind) -> JSON schema, from every CRD in deploy/k8s/crds."""
    schemas = {}
    for path in sorted((K8S / "crds").glob("*.yaml")):
        for crd in load_all(path):
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                schema = _to_json_schema(copy.deepcopy(version["schema"]["openAPIV3Schema"]), top=True)
                schemas[(f"{group}/{version['name']}", kind)] = schema
    return schemas


def _to_json_schema(node: dict[str, Any], top: bool = False) -> dict[str, Any]:
    """A CRD's structural schema as JSON Schema, strict about unknown fields like `kubectl apply`."""
    if node.pop("x-kubernetes-int-or-string", False):
        node.pop("type", None)
        node["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.pop("nullable", False) and "type" in node:
        node["type"] = [node["type"], "null"]
    preserve = node.pop("x-kubernetes-preserve-unknown-fields", False) or node.pop(
        "x-kubernetes-embedded-resource", False)
    for key in [k for k in node if k.startswith("x-kubernetes-")]:
        node.pop(key)  # list/map types and CEL rules: not checked here (the API server does)
    if "properties" in node:
        node["properties"] = {k: _to_json_schema(v) for k, v in node["properties"].items()}
        if top:
            node["properties"]["metadata"] = {"type": "object"}
        if not preserve and "additionalProperties" not in node:
            node["additionalProperties"] = False
    if isinstance(node.get("additionalProperties"), dict):
        node["additionalProperties"] = _to_json_schema(node["additionalProperties"])
    if "items" in node:
        node["items"] = _to_json_schema(node["items"])
    for combinator in ("allOf", "anyOf", "oneOf"):
        if combinator in node:
            node[combinator] = [_to_json_schema(n) if "type" in n or "properties" in n else n
                                for n in node[combinator]]
    if "not" in node:
        node["not"] = _to_json_schema(node["not"])
    return node


def crd_errors(obj: dict[str, Any]) -> list[str]:
    schema = crd_schemas().get((obj["apiVersion"], obj["kind"]))
    if schema is None:
        return [f"no CRD in deploy/k8s/crds for {obj['apiVersion']} {obj['kind']}"]
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(obj)]


# --- NetworkPolicy semantics ------------------------------------------------------------------------


def _selects(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    if selector is None:
        return False
    if set(selector) - {"matchLabels"}:
        raise ValueError(f"only matchLabels selectors are understood here: {selector}")
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


def _peer_matches(peer: dict[str, Any], pod: dict[str, str], namespace: str, own_namespace: str) -> bool:
    if "ipBlock" in peer:
        return False  # pods are addressed by label here
    namespace_labels = {"kubernetes.io/metadata.name": namespace}
    if "namespaceSelector" in peer:
        if not _selects(peer["namespaceSelector"], namespace_labels):
            return False
    elif namespace != own_namespace:
        return False
    return "podSelector" not in peer or _selects(peer["podSelector"], pod)


def _port_matches(rule: dict[str, Any], port: int, named: dict[str, int]) -> bool:
    if "ports" not in rule:
        return True
    for entry in rule["ports"]:
        wanted = entry.get("port")
        if wanted is None or wanted == port or named.get(str(wanted)) == port:
            return True
    return False


def _direction_allows(
    policies: Iterable[dict[str, Any]], direction: str, pod: dict[str, str], pod_ns: str,
    peer: dict[str, str], peer_ns: str, port: int, named: dict[str, int],
) -> bool:
    kind = direction.capitalize()
    selecting = [p for p in policies
                 if p["metadata"]["namespace"] == pod_ns and kind in p["spec"].get("policyTypes", ["Ingress"])
                 and _selects(p["spec"]["podSelector"], pod)]
    if not selecting:
        return True  # a pod no policy selects is not isolated in that direction
    key = "from" if direction == "ingress" else "to"
    for policy in selecting:
        for rule in policy["spec"].get(direction, []):
            peers = rule.get(key)
            if (not peers or any(_peer_matches(p, peer, peer_ns, pod_ns) for p in peers)) and _port_matches(
                    rule, port, named):
                return True
    return False


def allowed(
    policies: list[dict[str, Any]], src: dict[str, str], src_ns: str, dst: dict[str, str], dst_ns: str,
    port: int, dst_named_ports: dict[str, int] | None = None,
) -> bool:
    """May a pod labelled `src` open a TCP connection to a pod labelled `dst` on `port`?"""
    named = dst_named_ports or {}
    return _direction_allows(policies, "egress", src, src_ns, dst, dst_ns, port, named) and _direction_allows(
        policies, "ingress", dst, dst_ns, src, src_ns, port, named)


# --- what the code reads --------------------------------------------------------------------------

READERS = {"env", "env_int", "env_float", "env_list_of_floats", "getenv"}


def env_vars_read(roots: Iterable[Path], exclude: Iterable[Path] = ()) -> dict[str, list[str]]:
    """Environment variable -> where it is read, for every .py under roots.

    A read is `os.environ.get("X")`, `os.environ["X"]`, `os.getenv("X")`, one of psn_shared.config's
    `env*("X", ...)`, or a call to any helper that passes its first parameter on to one of these.
    """
    skip = tuple(exclude)
    texts = {path: path.read_text() for root in roots for path in sorted(root.rglob("*.py"))
             if not any(s == path or s in path.parents for s in skip) and "migrations" not in path.parts}
    readers = set(READERS)
    trees: dict[Path, ast.Module] = {}
    while True:  # parse only files that mention a reader; helpers of helpers widen the net
        mention = re.compile(r"environ|\b(?:" + "|".join(map(re.escape, sorted(readers))) + r")\(")
        for path, text in texts.items():
            if path not in trees and mention.search(text):
                trees[path] = ast.parse(text)
        before = len(readers)
        for tree in trees.values():
            for fn in ast.walk(tree):
                if not isinstance(fn, ast.FunctionDef) or not fn.args.args or fn.name in readers:
                    continue
                first = fn.args.args[0].arg
                if any(isinstance(c, ast.Call) and _reads(c, readers) and c.args and isinstance(c.args[0], ast.Name)
                       and c.args[0].id == first for c in ast.walk(fn)):
                    readers.add(fn.name)
        if len(readers) == before:
            break
    found: dict[str, list[str]] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Call) and _reads(node, readers) and node.args:
                name = _constant(node.args[0])
            elif isinstance(node, ast.Subscript) and _is_environ(node.value):
                name = _constant(node.slice)
            if name and re.fullmatch(r"[A-Z][A-Z0-9_]+", name):
                found.setdefault(name, []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def _constant(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ")


def _reads(call: ast.Call, readers: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value):
        return True
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name in readers
