"""The field types every payload uses (ids, aware times, role names), and the `payload` decorator."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields, validate
from marshmallow_dataclass import NewType

from psn_shared.roles import ROLES


def is_uuid(value: str) -> bool:
    """A marshmallow validator: the string form of a UUID (ids are kept as the strings the databases hold)."""
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        raise ValidationError("Not a valid UUID.") from None
    return True


Id = NewType("Id", str, validate=is_uuid)
Email = NewType("Email", str, field=fields.Email)
Moment = NewType("Moment", datetime, field=fields.AwareDateTime)
RoleName = NewType("RoleName", str, validate=validate.OneOf(ROLES))
Capacity = NewType("Capacity", str, validate=validate.OneOf(["line_manager", "senior_manager"]))
Level = NewType("Level", int, validate=validate.OneOf([1, 2, 3]))
CourseLevel = NewType("CourseLevel", int, validate=validate.OneOf([2, 3]))
Hours = NewType("Hours", int, validate=validate.Range(min=0))
StaffStatus = NewType("StaffStatus", str, validate=validate.OneOf(["active", "left"]))


def nullable() -> Any:
    """A field every producer sends, whose value may be null."""
    return field(metadata={"required": True})


payload = dataclass(frozen=True, kw_only=True)
