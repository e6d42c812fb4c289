"""The signposting directory: curated sources of help beyond peer support, and who each is for.

Kept by the coordinators, read by anyone signed in. A source serves one organisation, one region, or
everyone (neither named): staff see their own organisation's, their region's and everyone's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from identity.domain.model import new_id
from psn_shared.errors import InvalidInput


class HelpKind(StrEnum):
    OCCUPATIONAL_HEALTH = "occupational_health"
    STAFF_PSYCHOLOGICAL_SUPPORT = "staff_psychological_support"
    EMPLOYEE_ASSISTANCE_PROGRAMME = "employee_assistance_programme"
    CHAPLAINCY = "chaplaincy"
    SPIRITUAL_CARE = "spiritual_care"
    FINANCIAL_WELLBEING = "financial_wellbeing"
    CRISIS_LINE = "crisis_line"
    APP = "app"
    OTHER = "other"


# The ways to reach a source; at least one must be given, or nobody could use it.
CONTACT_FIELDS = ("phone", "email", "url", "how_to_reach")
EDITABLE_FIELDS = ("name", "kind", "description", "for_whom", "how_to_reach", "phone", "email", "url", "hours",
                   "organisation_id", "region", "active")


@dataclass(eq=False)
class HelpSource:
    name: str
    kind: HelpKind
    for_whom: str
    hours: str
    updated_at: datetime
    updated_by: str | None = None
    description: str | None = None
    how_to_reach: str | None = None
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    organisation_id: str | None = None  # one organisation's own service; with `region`, None means everyone
    region: str | None = None
    active: bool = True  # a source withdrawn stays on record for the coordinators, hidden from staff
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.kind = HelpKind(self.kind)
        self._check()

    def _check(self) -> None:
        if not any(getattr(self, name) for name in CONTACT_FIELDS):
            raise InvalidInput("say how to reach it: a phone number, an email, a web address or how_to_reach",
                               field="how_to_reach")
        if self.organisation_id and self.region:
            raise InvalidInput("a source serves one organisation or one region, not both", field="region")

    def edit(self, changes: dict[str, Any], at: datetime, by: str | None) -> list[str]:
        """Apply the changes that differ; returns their names. Checked whole, so a bad edit changes nothing."""
        changed = [name for name, value in changes.items() if getattr(self, name) != value]
        before = {name: getattr(self, name) for name in changed}
        for name in changed:
            setattr(self, name, changes[name])
        try:
            self.kind = HelpKind(self.kind)
            self._check()
        except InvalidInput:
            for name, value in before.items():
                setattr(self, name, value)
            raise
        if changed:
            self.updated_at, self.updated_by = at, by
        return changed
