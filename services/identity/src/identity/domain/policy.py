"""Who may do what in identity: the written rules behind the access matrix in the README.

Directory administrators (coordinators and administrators) keep the directory; everyone reads
their own record and edits their own profile fields; managers (and a delegate standing in for a
line manager) read their reports' records. peer_supporter and trainer come from training's Level 2
and Level 3 completions; a coordinator may suspend or withdraw a peer supporter, and lift a
suspension. A line manager appoints the wellbeing champions among their own reports. Nobody
changes their own roles.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from identity.domain.enums import RoleEnding
from identity.domain.model import DIRECTORY_FIELDS, PROFILE_FIELDS, RoleGrant, Staff
from psn_shared.errors import Conflict, Forbidden
from psn_shared.roles import COORDINATORS, MANAGER_ROLES, Role

MANAGES_THEM = "manages_them"  # the person's line or senior manager, or a delegate in force (not a token role)

GRANTED_BY: dict[str, frozenset[str]] = {
    Role.WELLBEING_CHAMPION: frozenset({MANAGES_THEM, *COORDINATORS}),
    Role.FACILITATOR: COORDINATORS,
    Role.COORDINATOR: frozenset({Role.ADMIN}),
    Role.ADMIN: frozenset({Role.ADMIN}),
    Role.TRAINER: frozenset({Role.ADMIN}),
    Role.GOVERNANCE: frozenset({Role.ADMIN}),
    # Only to lift a suspension: the grant itself comes from a Level 2 completion.
    Role.PEER_SUPPORTER: COORDINATORS,
}
REVOKED_BY: dict[str, frozenset[str]] = {**GRANTED_BY, Role.TRAINER: COORDINATORS}


def _is_directory_admin(actor_roles: frozenset[str]) -> bool:
    """Coordinators (and administrators) keep the directory."""
    return not actor_roles.isdisjoint(COORDINATORS)


def manages(actor_id: str, member: Staff, stands_in_for: Collection[str]) -> bool:
    """Is `actor_id` this person's line or senior manager, or standing in for their line manager?

    `stands_in_for` names the managers whose delegations to `actor_id` are in force.
    """
    if actor_id in (member.line_manager_id, member.senior_manager_id):
        return True
    return member.line_manager_id in stands_in_for


def check_may_read_record(actor_id: str, actor_roles: frozenset[str], staff_id: str, *, manages_them: bool) -> None:
    """A record is readable by its owner, their managers (and a delegate standing in), and directory administrators."""
    if actor_id != staff_id and not _is_directory_admin(actor_roles) and not manages_them:
        raise Forbidden("you may read only your own record and those of the people you manage")


def may_see_password_state(actor_id: str, actor_roles: frozenset[str], staff_id: str) -> bool:
    """Whether someone has a password (so may have signed in) is theirs and the directory administrators', who
    welcome people; a manager is not told whether a report has ever signed in to a support network."""
    return actor_id == staff_id or _is_directory_admin(actor_roles)


def check_may_edit(actor_id: str, actor_roles: frozenset[str], staff_id: str, fields: Iterable[str]) -> None:
    """Directory administrators edit the directory; everyone edits their own profile fields only."""
    if _is_directory_admin(actor_roles):
        allowed = DIRECTORY_FIELDS + PROFILE_FIELDS
    elif actor_id == staff_id:
        allowed = PROFILE_FIELDS
    else:
        raise Forbidden("you may edit only your own record")
    for name in fields:
        if name not in allowed:
            raise Forbidden(f"you may not set {name}", field=name)


def _acts_for_manager(actor_id: str, actor_roles: frozenset[str], manager_id: str) -> bool:
    """A manager's delegations are the manager's own business, and the directory administrators'."""
    return actor_id == manager_id or _is_directory_admin(actor_roles)


def check_may_delegate(actor_id: str, actor_roles: frozenset[str], manager_id: str) -> None:
    """Grant or end a delegation for `manager_id`."""
    if not _acts_for_manager(actor_id, actor_roles, manager_id):
        raise Forbidden("only the manager, a coordinator or an administrator may delegate")


def check_may_read_delegations(actor_id: str, actor_roles: frozenset[str], manager_id: str) -> None:
    if not _acts_for_manager(actor_id, actor_roles, manager_id):
        raise Forbidden("you may only act on your own records")


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


def coverage_scope(actor_roles: frozenset[str]) -> str:
    """The champion coverage report: everything for those who run the network and the board's governance
    group, a line manager their own teams only ("teams"); anyone else nothing."""
    if not actor_roles.isdisjoint(COORDINATORS | {Role.GOVERNANCE}):
        return "all"
    if not actor_roles.isdisjoint(MANAGER_ROLES):
        return "teams"
    raise Forbidden("the coverage report is for coordinators, the governance group and line managers")


def suspension_to_lift(last_grant: RoleGrant | None) -> RoleGrant:
    """A person grants peer_supporter only to lift a suspension: the last grant, which must have been suspended."""
    if last_grant is None or last_grant.ending != RoleEnding.SUSPENDED:
        raise Conflict("peer supporters are made by completing Level 2; only a suspension can be lifted", field="role")
    return last_grant
