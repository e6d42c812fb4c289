"""Coverage and pipeline figures, computed from plain lists (aggregates only; no names)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from psn_shared.roles import Role
from training.domain.nominations import AWAITING, NominationStatus
from training.domain.staff import StaffCopy, Team


def _share(done: int, total: int) -> float | None:
    return round(done / total, 3) if total else None


def level_1_coverage(staff: Iterable[StaffCopy], teams: list[Team], with_level_1: set[str]) -> dict[str, Any]:
    """Active staff with Level 1, per team, per service and overall."""
    by_team: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for member in staff:
        counts = by_team[member.team_id]
        counts[0] += 1
        counts[1] += member.staff_id in with_level_1
    names = {t.id: t for t in teams}
    team_rows, by_service = [], defaultdict(lambda: [0, 0])
    for team_id, (total, done) in by_team.items():
        team = names.get(team_id)
        service = team.service if team else None
        team_rows.append({"team_id": team_id, "team_name": team.name if team else None, "service": service,
                          "staff": total, "with_level_1": done, "share": _share(done, total)})
        by_service[service][0] += total
        by_service[service][1] += done
    total = sum(c[0] for c in by_team.values())
    done = sum(c[1] for c in by_team.values())
    return {
        "teams": sorted(team_rows, key=lambda r: (r["service"] or "", r["team_name"] or "")),
        "services": [{"service": s, "staff": t, "with_level_1": d, "share": _share(d, t)}
                     for s, (t, d) in sorted(by_service.items(), key=lambda i: i[0] or "")],
        "overall": {"staff": total, "with_level_1": done, "share": _share(done, total)},
    }


def pipeline(level: int, nominations: dict[str, int], completed: int, lapsed: int) -> dict[str, int]:
    """Where people stand on a level: awaiting approval, approved with no date, waiting, booked, done, lapsed."""
    return {
        "level": level,
        "nominated": sum(nominations.get(s, 0) for s in AWAITING),
        "approved": nominations.get(NominationStatus.APPROVED, 0),
        "waiting": nominations.get(NominationStatus.WAITING_LIST, 0),
        "booked": nominations.get(NominationStatus.BOOKED, 0),
        "completed": completed,
        "lapsed": lapsed,
    }


def supporter_coverage(staff: Iterable[StaffCopy], teams: list[Team], lapsed: set[str],
                       targets: dict[str | None, int]) -> dict[str, Any]:
    """Per team: its current supporters against its organisation's target (`targets` by organisation id)."""
    supporters: dict[str | None, int] = defaultdict(int)
    for member in staff:
        if Role.PEER_SUPPORTER in member.roles and member.staff_id not in lapsed:
            supporters[member.team_id] += 1
    rows = []
    for team in teams:
        target = targets.get(team.organisation_id, targets[None])
        count = supporters.get(team.id, 0)
        rows.append({"team_id": team.id, "team_name": team.name, "service": team.service,
                     "organisation_id": team.organisation_id, "supporters": count, "target": target,
                     "meets_target": count >= target})
    return {
        "teams": rows,
        "overall": {"teams": len(rows), "meeting_target": sum(r["meets_target"] for r in rows),
                    "without_supporters": sum(r["supporters"] == 0 for r in rows)},
    }


def teams_without_supporters(staff: Iterable[StaffCopy], teams: list[Team], lapsed: set[str]) -> list[dict]:
    """Teams where no active member holds the peer supporter role with a certificate that still stands."""
    covered = {m.team_id for m in staff if Role.PEER_SUPPORTER in m.roles and m.staff_id not in lapsed}
    return [{"team_id": t.id, "team_name": t.name, "service": t.service} for t in teams if t.id not in covered]
