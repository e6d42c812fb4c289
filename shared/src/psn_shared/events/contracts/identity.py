"""The payloads identity publishes: teams, staff, roles, delegations, password resets."""

from __future__ import annotations

from datetime import date

from psn_shared.events.contracts.types import Email, Hours, Id, Moment, RoleName, StaffStatus, nullable, payload


@payload
class TeamCreated:
    team_id: Id
    name: str
    service: str
    organisation: str
    service_id: Id | None = None
    organisation_id: Id | None = None


@payload
class TeamUpdated(TeamCreated):
    changed: list[str]


@payload
class StaffSnapshot:
    """identity.staff.registered / reinstated: the whole record of a person."""

    staff_id: Id
    employee_number: str
    name: str
    email: Email
    team_id: Id | None = nullable()
    grade: str | None = nullable()
    line_manager_id: Id | None = nullable()
    senior_manager_id: Id | None = nullable()
    status: StaffStatus
    roles: list[RoleName]
    organisation_id: Id | None = None
    job_title: str | None = None
    start_date: date | None = None
    preferred_name: str | None = None  # contact details: sessions shows them to a supporting pair only
    phone: str | None = None


@payload
class StaffUpdated(StaffSnapshot):
    changed: list[str]


@payload
class StaffLeft:
    staff_id: Id
    left_on: date
    reason: str | None = None


@payload
class RoleGranted:
    staff_id: Id
    role: RoleName
    reason: str
    granted_by: Id | None = nullable()
    granted_at: Moment
    monthly_hours: Hours | None = None


@payload
class SupporterHoursChanged:
    """A peer supporter's monthly hours in force changed: lowered at once, or a raise agreed by both managers."""

    change_id: Id
    staff_id: Id
    monthly_hours: Hours
    previous_hours: Hours | None = nullable()
    changed_by: Id  # who lowered them, or proposed the raise
    changed_at: Moment  # when they took effect
    agreed_by: Id | None = nullable()  # a raise's second manager (or a coordinator for a vacant post)
    reason: str | None = None


@payload
class SupporterHoursRaiseProposed:
    """One manager proposes raising a peer supporter's monthly hours; it waits for the other manager's agreement."""

    change_id: Id
    staff_id: Id
    proposed_hours: Hours
    monthly_hours: Hours | None = nullable()  # the hours in force meanwhile
    proposed_by: Id
    proposed_at: Moment
    awaited_post: RoleName  # line_manager or senior_manager
    # The manager in that post; null when it is vacant (or the proposer holds it too): a coordinator agrees.
    awaiting_manager_id: Id | None = nullable()
    reason: str | None = None


@payload
class SupporterHoursRaiseDeclined:
    """The manager a raise waited for (or a coordinator for a vacant post) declines it; the hours stay as they are."""

    change_id: Id
    staff_id: Id
    proposed_hours: Hours
    monthly_hours: Hours | None = nullable()  # the hours in force, unchanged
    proposed_by: Id
    declined_by: Id
    declined_as: RoleName  # line_manager, senior_manager or coordinator (for a vacant post)
    declined_at: Moment
    reason: str | None = None  # the decliner's, for the proposer


@payload
class RoleRevoked:
    staff_id: Id
    role: RoleName
    reason: str
    revoked_by: Id | None = nullable()
    revoked_at: Moment
    # suspended / withdrawn (by a coordinator) or left (with the person); absent from older producers.
    ending: str | None = None


@payload
class ChampionAppointed:
    """A wellbeing champion appointed for a team (a team may have several); the role.granted event goes too."""

    staff_id: Id
    team_id: Id
    appointed_by: Id | None = nullable()
    appointed_at: Moment
    reason: str


@payload
class ChampionEnded:
    """A wellbeing champion's appointment for a team ended: `ending` is `withdrawn` or `suspended` (by a
    manager or coordinator), `left_team` (they moved to another team) or `left` (they left the board)."""

    staff_id: Id
    team_id: Id
    ended_by: Id | None = nullable()
    ended_at: Moment
    reason: str
    ending: str


@payload
class DelegationGranted:
    """A temporary manager stands in for a manager between two dates (both included)."""

    delegation_id: Id
    manager_id: Id
    delegate_id: Id
    starts_on: date
    ends_on: date
    granted_by: Id | None = nullable()
    reason: str | None = None


@payload
class DelegationEnded:
    """A delegation ended before its last day (or was cancelled before its first): no longer in force."""

    delegation_id: Id
    manager_id: Id
    delegate_id: Id
    ended_at: Moment
    reason: str
    ended_by: Id | None = None


@payload
class PasswordResetRequested:
    """For notifications to email; the link holds a single-use secret, so it is never logged."""

    staff_id: Id
    name: str
    email: Email
    reset_url: str
    expires_at: Moment


@payload
class StaffWelcomed:
    """Someone registered by hand with no password yet, or sent the welcome again by an administrator or
    coordinator while they have none (decision 86: each a new event, its link replacing the one before):
    notifications emails them a welcome with a single-use link to choose their first password (a secret
    like a reset link: never logged)."""

    staff_id: Id
    name: str
    email: Email
    set_password_url: str
    expires_at: Moment


@payload
class HelpSourceSnapshot:
    """identity.help_source.published / changed / withdrawn: the whole of a source of help in the
    signposting directory, as of `updated_at` (the newest wins). `active` false: withdrawn, shown to nobody.
    `organisation_id` and `region` both null: it serves everyone."""

    help_source_id: Id
    name: str
    kind: str
    for_whom: str
    hours: str
    active: bool
    updated_at: Moment
    description: str | None = None
    how_to_reach: str | None = None
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    organisation_id: Id | None = None
    region: str | None = None
