"""The roles a member of staff can hold, named once for every service."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"
    LINE_MANAGER = "line_manager"
    SENIOR_MANAGER = "senior_manager"
    PEER_SUPPORTER = "peer_supporter"
    TRAINER = "trainer"
    WELLBEING_CHAMPION = "wellbeing_champion"
    FACILITATOR = "facilitator"
    COORDINATOR = "coordinator"
    ADMIN = "admin"
    GOVERNANCE = "governance"  # the board's staff-wellbeing governance group: reads the board report, nothing else


ROLES: tuple[str, ...] = tuple(Role)

# Those who run the network: an admin may do whatever a coordinator may.
COORDINATORS = frozenset({Role.COORDINATOR, Role.ADMIN})

# Held because of the directory (someone reports to them), never granted by a person.
MANAGER_ROLES = frozenset({Role.LINE_MANAGER, Role.SENIOR_MANAGER})

# Who reads the board's quarterly evaluation report: aggregates only, never a person.
BOARD_REPORT_READERS = frozenset({Role.GOVERNANCE, *COORDINATORS})
