"""What an edit checks before it changes an entity: plain Python, so use cases can take one.

The HTTP layer builds the check from the request's If-Match (`psn_shared.http.preconditions`);
a use case holds the entity it loaded (`uow.hold`) and calls the check on it before changing it
(or on None when there is none yet), which raises `PreconditionFailed` (412) or
`PreconditionRequired` (428).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Precondition = Callable[[Any], None]


def unconditional(_entity: Any) -> None:
    """The precondition of an edit made without one (by another use case, a test, a script)."""
