"""Flask plumbing: the app skeleton, problem details, health, metrics, the caller's identity.

The skeleton (`psn_shared.http.app`) is imported when first asked for, not with the package: it
brings SQLAlchemy, PostgreSQL's driver and kombu, which an app using only the API, the guards and
the problems (the reports app) never needs, some 20 MiB a worker (bench/README.md, "Memory").
"""

from typing import Any

from psn_shared.http.caller import authenticated, current_principal

__all__ = ["authenticated", "create_service_app", "current_principal", "unit_of_work"]


def __getattr__(name: str) -> Any:
    if name in ("create_service_app", "unit_of_work"):
        from psn_shared.http import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
