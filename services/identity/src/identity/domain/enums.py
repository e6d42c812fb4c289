"""Identity's closed sets of values.

StrEnums: a member equals its string, so database columns, events and JSON carry plain text, and
a value loaded from the database (a plain string) compares equal to its member.
"""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    HEALTH_BOARD = "health_board"
    LOCAL_AUTHORITY = "local_authority"


class StaffStatus(StrEnum):
    ACTIVE = "active"
    LEFT = "left"


class RoleEnding(StrEnum):
    """How a grant ended; the reason travels with it in identity.role.revoked."""

    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    LEFT = "left"  # only by leaving: nobody ends a role this way by hand
    LEFT_TEAM = "left_team"  # a wellbeing champion who moved out of the team they were appointed for
