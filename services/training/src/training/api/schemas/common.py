"""Field types the training schemas share."""

from __future__ import annotations

import uuid
from typing import Any

from marshmallow import ValidationError, fields


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ValidationError("Not a valid UUID.") from None
    return True


def Id(**kwargs: Any) -> fields.String:  # noqa: N802 - reads as a field type
    """An id: a UUID, kept as the string the database holds."""
    return fields.String(validate=_is_uuid, **kwargs)
