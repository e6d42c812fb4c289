"""Flask plumbing: the app skeleton, problem details, health, metrics, the caller's identity."""

from psn_shared.http.app import authenticated, create_service_app, current_principal, unit_of_work

__all__ = ["authenticated", "create_service_app", "current_principal", "unit_of_work"]
