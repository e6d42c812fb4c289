"""HR bulk import: a whole file of staff, upserted by (organisation, employee number), all or nothing.

The domain plans the changes from plain values; this applies them with bulk statements (tens of
thousands of rows in seconds) and announces each change through the outbox in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from identity.domain.hr_import import Plan, plan_import
from identity.domain.model import Service, Team
from identity.events import published
from identity.service_layer.common import today
from identity.service_layer.staff import mark_leaver, mark_reinstated
from identity.service_layer.uow import IdentityUnitOfWork

LEFT_REASON = "left, according to the HR system"


@dataclass(frozen=True)
class ImportStaff:
    rows: list[dict[str, Any]]
    imported_by: str | None


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    left: int
    reinstated: int
    unchanged: int
    teams_created: int


def import_staff(cmd: ImportStaff, uow: IdentityUnitOfWork) -> ImportReport:
    """Check the whole file (raises ImportRejected with every row's errors), then apply it atomically."""
    names = {row["organisation"] for row in cmd.rows}
    organisations = {o.name: o.id for o in uow.organisations.list() if o.name in names}
    directory = uow.staff.directory_for_import(organisations, uow.teams.keyed())
    plan = plan_import(cmd.rows, directory)
    if not plan.empty:
        _apply(plan, uow)
        uow.commit()
    changed = {update.record.id for update in plan.updated} | set(plan.leaving) | set(plan.reinstated)
    touched = len(plan.created) + len(changed)
    return ImportReport(
        created=len(plan.created), updated=len(plan.updated), left=len(plan.leaving),
        reinstated=len(plan.reinstated), unchanged=len(cmd.rows) - touched - plan.skipped_leavers,
        teams_created=len(plan.new_teams),
    )


def _apply(plan: Plan, uow: IdentityUnitOfWork) -> None:
    teams = _create_teams(plan, uow)
    uow.staff.insert_many(plan.created)
    uow.staff.update_many(plan.updated)
    # One round trip to the outbox, built from the plan (which holds each record whole): no reading back.
    uow.publish_many([
        *(published.team_created(team) for team in teams),
        *(published.staff_registered(record) for record in plan.created),
        *(published.staff_updated(update.record, update.changes) for update in plan.updated),
    ])
    _end_championships_of_movers(plan, uow)
    # Leavers and returners are few: they go through the same rules as one at a time.
    left_on = today()
    for member in uow.staff.many(plan.leaving):
        mark_leaver(member, left_on, LEFT_REASON, None, uow)
    for member in uow.staff.many(plan.reinstated):
        mark_reinstated(member, uow)


def _end_championships_of_movers(plan: Plan, uow: IdentityUnitOfWork) -> None:
    """A wellbeing champion the file moves to another team is no longer champion of the old one."""
    movers = [update.record.id for update in plan.updated if "team_id" in update.changes]
    at = datetime.now(UTC)
    for member in uow.staff.many(movers) if movers else []:
        ended = member.end_championship_elsewhere(at, None)
        if ended is not None:
            uow.publish_many(published.grant_ended(ended))


def _create_teams(plan: Plan, uow: IdentityUnitOfWork) -> list[Team]:
    """Teams the HR system names that the directory does not have yet (and their services).

    Each service is looked up once, not once a team: a lookup is a round trip to the database.
    """
    services: dict[tuple[str, str], Service] = {}
    teams = []
    for (org_id, service_name, team_name), team_id in plan.new_teams.items():
        organisation = uow.organisations.get(org_id)
        assert organisation is not None, "the plan names only organisations on record"
        service = services.get((org_id, service_name)) or uow.services.find(org_id, service_name)
        if service is None:
            service = Service(name=service_name, organisation_id=org_id)
            uow.services.add(service)
        services[org_id, service_name] = service
        teams.append(Team.in_service(team_name, service, organisation, team_id))
        uow.teams.add(teams[-1])
    return teams
