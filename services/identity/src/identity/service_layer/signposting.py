"""The signposting directory: coordinators add and keep sources of help; anyone signed in searches them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from identity.domain.signposting import HelpSource
from identity.events import published
from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.auth import Principal
from psn_shared.errors import InvalidInput, NotFound
from psn_shared.preconditions import Precondition, unconditional
from psn_shared.roles import COORDINATORS


@dataclass(frozen=True)
class AddHelpSource:
    fields: dict[str, Any]
    actor_id: str


@dataclass(frozen=True)
class EditHelpSource:
    source_id: str
    changes: dict[str, Any]
    actor_id: str


@dataclass(frozen=True)
class SearchHelp:
    q: str | None = None
    kind: str | None = None
    organisation_id: str | None = None
    region: str | None = None
    include_withdrawn: bool = False
    mine: bool = False  # what serves the caller: their organisation's sources and everyone's
    limit: int = 50
    offset: int = 0


def add_help_source(cmd: AddHelpSource, uow: IdentityUnitOfWork) -> HelpSource:
    _check_organisation(cmd.fields.get("organisation_id"), uow)
    source = HelpSource(**cmd.fields, updated_at=datetime.now(UTC), updated_by=cmd.actor_id)
    uow.help_sources.add(source)
    uow.publish(published.help_source_published(source))
    uow.commit()
    return source


def edit_help_source(cmd: EditHelpSource, uow: IdentityUnitOfWork, precondition: Precondition = unconditional
                     ) -> HelpSource:
    """Change a source (if still the version read); `active: false` withdraws it from staff's view."""
    source = get_help_source(cmd.source_id, uow, include_withdrawn=True)
    uow.hold(source)
    precondition(source)
    if "organisation_id" in cmd.changes:
        _check_organisation(cmd.changes["organisation_id"], uow)
    changed = source.edit(cmd.changes, datetime.now(UTC), cmd.actor_id)
    if changed:
        uow.publish(published.help_source_changed(source, changed))
    uow.commit()
    return source


def get_help_source(source_id: str, uow: IdentityUnitOfWork, *, include_withdrawn: bool) -> HelpSource:
    source = uow.help_sources.get(source_id)
    if source is None or not (source.active or include_withdrawn):
        raise NotFound("no such source of help")
    return source


def search(query: SearchHelp, actor: Principal, uow: IdentityUnitOfWork) -> tuple[list[HelpSource], int]:
    """Withdrawn sources are shown to the coordinators who keep the directory, when they ask."""
    include = query.include_withdrawn and not actor.roles.isdisjoint(COORDINATORS)
    organisation_id = query.organisation_id
    if query.mine:
        member = uow.staff.get(actor.staff_id)
        organisation_id = member.organisation_id if member else None
    return uow.help_sources.search(q=query.q, kind=query.kind, organisation_id=organisation_id,
                                   region=query.region, include_withdrawn=include, limit=query.limit,
                                   offset=query.offset)


def _check_organisation(organisation_id: str | None, uow: IdentityUnitOfWork) -> None:
    if organisation_id and uow.organisations.get(organisation_id) is None:
        raise InvalidInput("no such organisation", field="organisation_id")
