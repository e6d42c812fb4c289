"""Who may grant or end which role: the written rules behind the role endpoints.

peer_supporter and trainer come from training's Level 2 and Level 3 completions; a coordinator
may suspend or withdraw a peer supporter, and lift a suspension. A line manager appoints the
wellbeing champions among their own reports. Nobody changes their own roles.
"""

from __future__ import annotations

from psn_shared.errors import Forbidden

MANAGES_THEM = "manages_them"  # the person's line or senior manager, or a delegate in force (not a token role)

GRANTED_BY: dict[str, frozenset[str]] = {
    "wellbeing_champion": frozenset({MANAGES_THEM, "coordinator", "admin"}),
    "facilitator": frozenset({"coordinator", "admin"}),
    "coordinator": frozenset({"admin"}),
    "admin": frozenset({"admin"}),
    "trainer": frozenset({"admin"}),
    # Only to lift a suspension: the grant itself comes from a Level 2 completion.
    "peer_supporter": frozenset({"coordinator", "admin"}),
}
REVOKED_BY: dict[str, frozenset[str]] = {**GRANTED_BY, "trainer": frozenset({"coordinator", "admin"})}


def _capacities(actor_roles: frozenset[str], manages_them: bool) -> frozenset[str]:
    return actor_roles | ({MANAGES_THEM} if manages_them else frozenset())


def check_may_change_role(
    rules: dict[str, frozenset[str]], role: str, *, actor_id: str, actor_roles: frozenset[str],
    staff_id: str, manages_them: bool,
) -> None:
    if actor_id == staff_id:
        raise Forbidden("nobody can change their own roles", field="role")
    allowed = rules.get(role, frozenset())
    if allowed.isdisjoint(_capacities(actor_roles, manages_them)):
        raise Forbidden(f"you may not change the role {role} of this person", field="role")
