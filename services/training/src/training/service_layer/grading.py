"""Each organisation's training policy (grade ladder, minimum grades, team target) and what uses it."""

from __future__ import annotations

from dataclasses import dataclass

from psn_shared.roles import Role
from training.domain.grading import DEFAULT_SUPPORTERS_PER_TEAM, Grading, OrganisationPolicy, grading_for
from training.domain.policy import Policy
from training.domain.staff import StaffCopy
from training.service_layer.uow import TrainingUnitOfWork


@dataclass(frozen=True)
class SetOrganisationPolicy:
    organisation_id: str
    grade_ladder: list[str]
    supporters_per_team: int
    set_by: str
    level_2_min_grade: str | None = None
    level_3_min_grade: str | None = None


def organisation_policy(organisation_id: str, policy: Policy, uow: TrainingUnitOfWork) -> OrganisationPolicy:
    """The organisation's own policy, or the board's defaults (Agenda for Change) until one is set."""
    found = uow.organisation_policies.get(organisation_id)
    return found or OrganisationPolicy(organisation_id=organisation_id, level_3_min_grade=policy.level_3_min_grade)


def set_organisation_policy(cmd: SetOrganisationPolicy, uow: TrainingUnitOfWork) -> OrganisationPolicy:
    """A coordinator sets the whole policy; every minimum must be on the ladder."""
    found = uow.organisation_policies.get(cmd.organisation_id, lock=True)
    fresh = found is None
    found = found or OrganisationPolicy(organisation_id=cmd.organisation_id)
    found.change(grade_ladder=cmd.grade_ladder, level_2_min_grade=cmd.level_2_min_grade,
                 level_3_min_grade=cmd.level_3_min_grade, supporters_per_team=cmd.supporters_per_team,
                 by=cmd.set_by, at=uow.now())
    if fresh:
        uow.organisation_policies.add(found)
    uow.commit()
    return found


def grading_of(member: StaffCopy, policy: Policy, uow: TrainingUnitOfWork) -> Grading:
    """The rules for this person: their organisation's, or the board's."""
    found = uow.organisation_policies.get(member.organisation_id) if member.organisation_id else None
    return grading_for(found, policy.level_3_min_grade)


def team_supporters(team_id: str, uow: TrainingUnitOfWork) -> int:
    """Active peer supporters in the team whose Level 2 certificate has not lapsed."""
    lapsed = uow.certificates.lapsed_staff(2)
    return sum(Role.PEER_SUPPORTER in m.roles and m.staff_id not in lapsed for m in uow.staff.active_in_team(team_id))


def supporters_target(organisation_id: str | None, uow: TrainingUnitOfWork) -> int:
    found = uow.organisation_policies.get(organisation_id) if organisation_id else None
    return found.supporters_per_team if found else DEFAULT_SUPPORTERS_PER_TEAM


@dataclass(frozen=True)
class TeamCover:
    """How many supporters the nominee's team has, and whether that already meets its target."""

    supporters: int | None = None
    meets_target: bool = False


def team_cover(nominee: StaffCopy, level: int, uow: TrainingUnitOfWork) -> TeamCover:
    """For a Level 2 nominee: a flag for the approving manager, never a refusal."""
    if level != 2 or nominee.team_id is None:
        return TeamCover()
    supporters = team_supporters(nominee.team_id, uow)
    return TeamCover(supporters, supporters >= supporters_target(nominee.organisation_id, uow))
