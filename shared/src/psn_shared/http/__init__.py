"""Flask plumbing: the app skeleton, problem details, health, metrics, the caller's identity."""

from psn_shared.http.app import create_service_app, current_principal, unit_of_work

__all__ = ["create_service_app", "current_principal", "unit_of_work"]
