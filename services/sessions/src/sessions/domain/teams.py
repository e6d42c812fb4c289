"""Sessions' copy of identity's teams: a team's name and its service, for reports by team and service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(eq=False)
class Team:
    team_id: str
    name: str
    service: str
    as_of: datetime

    def apply(self, name: str, service: str, at: datetime) -> bool:
        """Identity's picture of the team, if newer than ours (events may arrive out of order)."""
        if at < self.as_of:
            return False
        self.name, self.service, self.as_of = name, service, at
        return True
