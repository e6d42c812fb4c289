"""Flask plumbing: the app skeleton, problem details, health, metrics, the caller's identity."""

from psn_shared.http.app import create_service_app, unit_of_work
from psn_shared.http.caller import authenticated, current_principal

__all__ = ["authenticated", "create_service_app", "current_principal", "unit_of_work"]
