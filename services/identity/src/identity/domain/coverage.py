"""Wellbeing champions and peer supporters across teams: who to turn to, and where nobody is yet.

The network aims for a champion in every team, and more than one (seed 004): the coverage counts
teams with none and teams with only one, per service, per organisation and overall. These are
counts of teams and of people in public-facing roles, whose names every colleague may look up, so
they are shown as they are (nothing here says who sought support).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from identity.domain.model import Staff, SupporterAvailability, Team
from psn_shared.roles import Role


@dataclass(frozen=True)
class Contact:
    """A colleague in a public-facing role, as any member of staff sees them: name and work contact only."""

    staff_id: str
    name: str
    email: str
    phone: str | None
    team: str | None = None
    available: bool | None = None  # peer supporters only: taking new cases, as far as identity has heard

    @classmethod
    def of(cls, member: Staff, team: str | None = None, available: bool | None = None) -> Contact:
        return cls(staff_id=member.id, name=member.preferred_name or member.name, email=member.email,
                   phone=member.phone, team=team, available=available)


def supporter_contact(member: Staff, team: str | None, availability: SupporterAvailability | None) -> Contact:
    grant = member.active_grant(Role.PEER_SUPPORTER)
    return Contact.of(member, team, availability.available(grant) if availability else False)


def _summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "teams": len(rows),
        "without_champion": sum(r["champions"] == 0 for r in rows),
        "with_one_champion": sum(r["champions"] == 1 for r in rows),
        "without_peer_supporter": sum(r["peer_supporters"] == 0 for r in rows),
        "with_one_peer_supporter": sum(r["peer_supporters"] == 1 for r in rows),
        "champions": sum(r["champions"] for r in rows),
        "peer_supporters": sum(r["peer_supporters"] for r in rows),
    }


def coverage(teams: Iterable[Team], champions: dict[str, int], supporters: dict[str, int]) -> dict[str, Any]:
    """Per team the champions and peer supporters in it; per service, organisation and overall how
    many teams have none, and how many only one."""
    rows = [
        {"team_id": t.id, "team": t.name, "service_id": t.service_id, "service": t.service,
         "organisation_id": t.organisation_id, "organisation": t.organisation,
         "champions": champions.get(t.id, 0), "peer_supporters": supporters.get(t.id, 0)}
        for t in sorted(teams, key=lambda t: (t.organisation, t.service, t.name))
    ]
    by_service: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    by_organisation: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_service[row["service_id"], row["service"], row["organisation"]].append(row)
        by_organisation[row["organisation_id"], row["organisation"]].append(row)
    return {
        "teams": rows,
        "services": [{"service_id": sid, "service": name, "organisation": org, **_summary(group)}
                     for (sid, name, org), group in by_service.items()],
        "organisations": [{"organisation_id": oid, "organisation": name, **_summary(group)}
                          for (oid, name), group in by_organisation.items()],
        "overall": _summary(rows),
    }
