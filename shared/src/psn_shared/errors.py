"""Errors a domain rule raises; the HTTP layer turns each into RFC 9457 problem details.

Plain Python on purpose: domain code raises these without knowing about Flask.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, detail: str, *, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"


class NotAuthenticated(DomainError):
    status = 401
    title = "Not authenticated"


class Forbidden(DomainError):
    status = 403
    title = "Forbidden"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class PreconditionFailed(DomainError):
    """The resource changed since the client read it (its If-Match names an older version)."""

    status = 412
    title = "Precondition Failed"


class PreconditionRequired(DomainError):
    """An edit of a resource that must say which version it changes (If-Match) did not."""

    status = 428
    title = "Precondition Required"
