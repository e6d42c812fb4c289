"""Sessions' copy of identity's signposting directory, and which sources of help a referral offers.

Identity keeps the directory and announces each source whole (published, changed, withdrawn); sessions
keeps the newest picture of each, so a referral can offer the person the sources that fit it, with how
to reach them, without asking identity in the middle of a request. The directory is public to every
member of staff: nothing here is confidential, but which sources a referral offered is only ever shown
with the referral itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sessions.domain.referrals import Service

CRISIS_LINE = "crisis_line"

# The directory's kinds (identity's HelpKind) that serve what each referral is for. An urgent referral
# offers the crisis lines; a GP is the person's own, so no directory entry stands for it.
KINDS_FOR_SERVICE: dict[Service, tuple[str, ...]] = {
    Service.OCCUPATIONAL_HEALTH: ("occupational_health",),
    Service.PSYCHOLOGICAL_SUPPORT: ("staff_psychological_support",),
    Service.EMPLOYEE_ASSISTANCE: ("employee_assistance_programme",),
    Service.CHAPLAINCY: ("chaplaincy", "spiritual_care"),
    Service.GP: (),
    Service.URGENT: (CRISIS_LINE,),
}
FIELDS = ("name", "kind", "for_whom", "hours", "active", "description", "how_to_reach", "phone", "email", "url",
          "organisation_id", "region")


@dataclass(eq=False)
class HelpSource:
    id: str
    name: str
    kind: str
    for_whom: str
    hours: str
    active: bool
    as_of: datetime  # identity's `updated_at` of the picture held: older news changes nothing
    description: str | None = None
    how_to_reach: str | None = None
    phone: str | None = None
    email: str | None = None
    url: str | None = None
    organisation_id: str | None = None  # with `region`, None: it serves everyone
    region: str | None = None

    def apply(self, picture: dict[str, object], as_of: datetime) -> bool:
        """Identity's picture of the source, if newer than ours (events may come out of order or twice)."""
        if as_of <= self.as_of:
            return False
        for name in FIELDS:
            setattr(self, name, picture[name])
        self.as_of = as_of
        return True

    def serves(self, organisation_id: str | None) -> bool:
        """Shown to someone of `organisation_id`: everyone's sources and their own organisation's."""
        return self.active and self.organisation_id in (None, organisation_id)


def offered_for(service: Service, sources: list[HelpSource], organisation_id: str | None) -> list[HelpSource]:
    """What a referral for `service` offers someone of `organisation_id`: crisis lines first, then by name."""
    kinds = KINDS_FOR_SERVICE[service]
    fitting = [s for s in sources if s.kind in kinds and s.serves(organisation_id)]
    return sorted(fitting, key=lambda s: (s.kind != CRISIS_LINE, s.name.lower(), s.id))
