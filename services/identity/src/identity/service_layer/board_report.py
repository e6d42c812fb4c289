"""Identity's part of the board's quarterly evaluation report: champions and peer supporters per
service at the quarter's end, and the teams still without one."""

from __future__ import annotations

from identity.service_layer.uow import IdentityUnitOfWork
from psn_shared.board_report import Measure, breakdown, count
from psn_shared.quarters import Quarter
from psn_shared.roles import Role


def quarter_measures(quarter: Quarter, uow: IdentityUnitOfWork) -> list[Measure]:
    at = quarter.ends_at
    champions = uow.board.holders_by_service(Role.WELLBEING_CHAMPION, at)
    supporters = uow.board.holders_by_service(Role.PEER_SUPPORTER, at)
    _, without_champion = uow.board.teams_without(Role.WELLBEING_CHAMPION, at)
    _, without_supporter = uow.board.teams_without(Role.PEER_SUPPORTER, at)
    return [
        *breakdown("champions", "Wellbeing champions at the quarter's end, by service", champions),
        *breakdown("peer_supporters", "Peer supporters at the quarter's end, by service", supporters),
        count("teams_without_champion", "Teams without a wellbeing champion", without_champion),
        count("teams_without_peer_supporter", "Teams without a peer supporter", without_supporter),
    ]
