"""Each service's OpenAPI document, as committed under docs/openapi/ (`make openapi` rewrites them)."""

from __future__ import annotations

import importlib
import json
import os
import tempfile
from pathlib import Path

from psn_shared.testing import tokens

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "openapi"
SERVICES = ("identity", "training", "sessions", "notifications")


def current_spec(service: str) -> dict:
    """Build the app on a throwaway SQLite file and ask flask-smorest for its document."""
    saved = dict(os.environ)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/{service}.sqlite3"
            os.environ["IDENTITY_JWKS_URL"] = "http://127.0.0.1:1/.well-known/jwks.json"
            app_module = importlib.import_module(f"{service}.app")
            kwargs = {} if service == "identity" else {"verifier": tokens.verifier()}
            app = app_module.create_app(**kwargs)
            spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
            app.extensions["psn.engine"].dispose()
            return json.loads(json.dumps(spec, sort_keys=True))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def committed_spec(service: str) -> dict:
    return json.loads((DOCS / f"{service}.json").read_text())


def write_all() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for service in SERVICES:
        (DOCS / f"{service}.json").write_text(json.dumps(current_spec(service), indent=2, sort_keys=True) + "\n")
        print(f"wrote {DOCS / service}.json")


if __name__ == "__main__":
    write_all()
