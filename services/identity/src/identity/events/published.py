"""The events identity publishes, each built from identity's domain objects.

Use cases publish only what these build (`uow.publish(published.staff_left(member, reason))`), so
every event type and payload is written here once, checked against the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from identity.domain.hr_import import StaffRecord
from identity.domain.model import Delegation, RoleGrant, Staff, Team
from identity.domain.signposting import HelpSource
from identity.domain.supporter_hours import HoursChange
from identity.domain.tokens import PasswordReset
from psn_shared.events import NewEvent
from psn_shared.events.contracts import (
    ChampionAppointed,
    ChampionEnded,
    DelegationEnded,
    DelegationGranted,
    HelpSourceSnapshot,
    PasswordResetRequested,
    RoleGranted,
    RoleRevoked,
    StaffLeft,
    StaffSnapshot,
    StaffUpdated,
    StaffWelcomed,
    SupporterHoursChanged,
    SupporterHoursRaiseDeclined,
    SupporterHoursRaiseProposed,
    TeamCreated,
    TeamUpdated,
)

# A member of staff as the one-at-a-time use cases hold them, or as the HR import writes them.
Person = Staff | StaffRecord


def team_created(team: Team) -> NewEvent:
    return NewEvent("identity.team.created", TeamCreated(**_team(team)), subject=team.id)


def team_updated(team: Team, changed: Iterable[str]) -> NewEvent:
    return NewEvent("identity.team.updated", TeamUpdated(**_team(team), changed=sorted(changed)), subject=team.id)


def staff_registered(member: Person) -> NewEvent:
    return NewEvent("identity.staff.registered", StaffSnapshot(**_snapshot(member)), subject=member.id)


def staff_updated(member: Person, changed: Iterable[str]) -> NewEvent:
    """`changed`: the directory fields that moved."""
    payload = StaffUpdated(**_snapshot(member), changed=sorted(changed))
    return NewEvent("identity.staff.updated", payload, subject=member.id)


def staff_left(member: Staff, reason: str) -> NewEvent:
    payload = StaffLeft(staff_id=member.id, left_on=member.left_on, reason=reason)
    return NewEvent("identity.staff.left", payload, subject=member.id)


def staff_reinstated(member: Staff) -> NewEvent:
    return NewEvent("identity.staff.reinstated", StaffSnapshot(**_snapshot(member)), subject=member.id)


def password_reset_requested(member: Staff, reset: PasswordReset, reset_url: str) -> NewEvent:
    """`reset_url` holds the single-use secret, of which identity keeps only the hash."""
    payload = PasswordResetRequested(
        staff_id=member.id, name=member.name, email=member.email, reset_url=reset_url, expires_at=reset.expires_at,
    )
    return NewEvent("identity.password_reset.requested", payload, subject=member.id)


def staff_welcomed(member: Staff, first_password: PasswordReset, set_password_url: str) -> NewEvent:
    """`set_password_url` holds the single-use secret, of which identity keeps only the hash."""
    payload = StaffWelcomed(
        staff_id=member.id, name=member.name, email=member.email, set_password_url=set_password_url,
        expires_at=first_password.expires_at,
    )
    return NewEvent("identity.staff.welcomed", payload, subject=member.id)


def role_granted(grant: RoleGrant) -> NewEvent:
    payload = RoleGranted(
        staff_id=grant.staff_id, role=grant.role, reason=grant.reason, granted_by=grant.granted_by,
        granted_at=grant.granted_at, monthly_hours=grant.monthly_hours,
    )
    return NewEvent("identity.role.granted", payload, subject=grant.staff_id)


def role_revoked(grant: RoleGrant) -> NewEvent:
    payload = RoleRevoked(
        staff_id=grant.staff_id, role=grant.role, reason=grant.revoke_reason, revoked_by=grant.revoked_by,
        revoked_at=grant.revoked_at, ending=grant.ending,
    )
    return NewEvent("identity.role.revoked", payload, subject=grant.staff_id)


def supporter_hours_changed(change: HoursChange) -> NewEvent:
    """Hours now in force: a lowering when made, a raise when agreed."""
    payload = SupporterHoursChanged(
        change_id=change.id, staff_id=change.staff_id, monthly_hours=change.monthly_hours,
        previous_hours=change.previous_hours, changed_by=change.proposed_by, changed_at=change.effective_at,
        agreed_by=change.agreed_by, reason=change.reason,
    )
    return NewEvent("identity.supporter_hours.changed", payload, subject=change.staff_id)


def supporter_hours_raise_proposed(change: HoursChange, awaiting_manager_id: str | None) -> NewEvent:
    """`awaiting_manager_id`: the manager in the post the raise waits for; None when a coordinator agrees for it."""
    payload = SupporterHoursRaiseProposed(
        change_id=change.id, staff_id=change.staff_id, proposed_hours=change.monthly_hours,
        monthly_hours=change.previous_hours, proposed_by=change.proposed_by, proposed_at=change.proposed_at,
        awaited_post=change.awaited_post, awaiting_manager_id=awaiting_manager_id, reason=change.reason,
    )
    return NewEvent("identity.supporter_hours.raise_proposed", payload, subject=change.staff_id)


def supporter_hours_raise_declined(change: HoursChange, monthly_hours: int | None) -> NewEvent:
    """`monthly_hours`: those in force, which the declined raise leaves as they were."""
    payload = SupporterHoursRaiseDeclined(
        change_id=change.id, staff_id=change.staff_id, proposed_hours=change.monthly_hours,
        monthly_hours=monthly_hours, proposed_by=change.proposed_by, declined_by=change.closed_by,
        declined_as=change.closed_as, declined_at=change.closed_at, reason=change.closed_reason,
    )
    return NewEvent("identity.supporter_hours.raise_declined", payload, subject=change.staff_id)


def grant_started(grant: RoleGrant) -> list[NewEvent]:
    """A role granted, and for a wellbeing champion the team they were appointed for."""
    events = [role_granted(grant)]
    if grant.champion_of:
        events.append(champion_appointed(grant))
    return events


def grant_ended(grant: RoleGrant) -> list[NewEvent]:
    """A role ended, and for a wellbeing champion the end of their appointment for the team."""
    events = [role_revoked(grant)]
    if grant.champion_of:
        events.append(champion_ended(grant))
    return events


def champion_appointed(grant: RoleGrant) -> NewEvent:
    payload = ChampionAppointed(
        staff_id=grant.staff_id, team_id=grant.team_id, appointed_by=grant.granted_by,
        appointed_at=grant.granted_at, reason=grant.reason,
    )
    return NewEvent("identity.champion.appointed", payload, subject=grant.team_id)


def champion_ended(grant: RoleGrant) -> NewEvent:
    payload = ChampionEnded(
        staff_id=grant.staff_id, team_id=grant.team_id, ended_by=grant.revoked_by, ended_at=grant.revoked_at,
        reason=grant.revoke_reason, ending=grant.ending,
    )
    return NewEvent("identity.champion.ended", payload, subject=grant.team_id)


def delegation_granted(delegation: Delegation) -> NewEvent:
    payload = DelegationGranted(
        delegation_id=delegation.id, manager_id=delegation.manager_id, delegate_id=delegation.delegate_id,
        starts_on=delegation.starts_on, ends_on=delegation.ends_on, granted_by=delegation.created_by,
        reason=delegation.reason,
    )
    return NewEvent("identity.delegation.granted", payload, subject=delegation.manager_id)


def delegation_ended(delegation: Delegation) -> NewEvent:
    payload = DelegationEnded(
        delegation_id=delegation.id, manager_id=delegation.manager_id, delegate_id=delegation.delegate_id,
        ended_at=delegation.ended_at, reason=delegation.end_reason, ended_by=delegation.ended_by,
    )
    return NewEvent("identity.delegation.ended", payload, subject=delegation.manager_id)


def _team(team: Team) -> dict[str, str | None]:
    return {
        "team_id": team.id, "name": team.name, "service": team.service, "organisation": team.organisation,
        "service_id": team.service_id, "organisation_id": team.organisation_id,
    }


def _snapshot(member: Person) -> dict[str, Any]:
    """The whole record other services keep a copy of (the derived manager roles aside)."""
    return {
        "staff_id": member.id, "employee_number": member.employee_number, "name": member.name,
        "email": member.email, "team_id": member.team_id, "grade": member.grade,
        "line_manager_id": member.line_manager_id, "senior_manager_id": member.senior_manager_id,
        "status": member.status, "roles": sorted(member.held_roles()), "organisation_id": member.organisation_id,
        "job_title": member.job_title, "start_date": member.start_date,
        # An HR import row has no contact details of its own: identity's profile holds them.
        "preferred_name": getattr(member, "preferred_name", None), "phone": getattr(member, "phone", None),
    }


def help_source_published(source: HelpSource) -> NewEvent:
    return NewEvent("identity.help_source.published", _help_source(source), subject=source.id)


def help_source_changed(source: HelpSource, changed: Iterable[str]) -> NewEvent:
    """Withdrawn when the change took it out of staff's view; changed otherwise (a source put back included)."""
    if "active" in changed and not source.active:
        return NewEvent("identity.help_source.withdrawn", _help_source(source), subject=source.id)
    return NewEvent("identity.help_source.changed", _help_source(source), subject=source.id)


def _help_source(source: HelpSource) -> HelpSourceSnapshot:
    return HelpSourceSnapshot(
        help_source_id=source.id, name=source.name, kind=str(source.kind), for_whom=source.for_whom,
        hours=source.hours, active=source.active, updated_at=source.updated_at, description=source.description,
        how_to_reach=source.how_to_reach, phone=source.phone, email=source.email, url=source.url,
        organisation_id=source.organisation_id, region=source.region,
    )
