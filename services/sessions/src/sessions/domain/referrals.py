"""Escalation with consent: a supporter suggests more specialised support, the person decides.

A referral moves suggested -> consented (or refused) -> made -> accepted or declined -> closed.
Nothing is passed on without the person's consent, except when a coordinator overrides it for
safeguarding with a written reason. Every decision is kept in the referral's trail: who, when,
what, and from which state. The reason for a referral is as confidential as a request's details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from psn_shared.errors import Conflict, InvalidInput
from sessions.domain.model import new_id

REASON_LENGTH = 2000  # the supporter's reason for a referral, and a coordinator's for an override
NOTE_LENGTH = 1000  # what else the person allows to be shared, in their words
OVERRIDE_REASON_MIN = 20  # a safeguarding override must be explained, not ticked


class Service(StrEnum):
    """Where a supporter may refer someone for more specialised support."""

    OCCUPATIONAL_HEALTH = "occupational_health"
    PSYCHOLOGICAL_SUPPORT = "psychological_support"  # the staff psychological support service
    EMPLOYEE_ASSISTANCE = "employee_assistance"  # the employee assistance programme
    CHAPLAINCY = "chaplaincy"
    GP = "gp"
    URGENT = "urgent"  # urgent or crisis support: the coordinators are alerted at once


class ShareItem(StrEnum):
    """What may be passed on to the service: a closed list, so consent is specific."""

    NAME_AND_CONTACT = "name_and_contact"
    JOB_AND_TEAM = "job_and_team"
    REASON_FOR_REFERRAL = "reason_for_referral"
    SUPPORT_SO_FAR = "support_so_far"


class ReferralStatus(StrEnum):
    SUGGESTED = "suggested"
    CONSENTED = "consented"
    REFUSED = "refused"
    MADE = "made"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CLOSED = "closed"


class Action(StrEnum):
    """A decision in a referral's trail."""

    SUGGEST = "suggest"
    CONSENT = "consent"
    REFUSE = "refuse"
    MAKE = "make"
    OVERRIDE = "safeguarding_override"
    ACCEPT = "accept"
    DECLINE = "decline"
    CLOSE = "close"


class Party(StrEnum):
    """In what capacity someone decided: the trail says so, as roles change over time."""

    REQUESTER = "requester"
    SUPPORTER = "supporter"
    COORDINATOR = "coordinator"


S = ReferralStatus
# The state machine: each action, the states it may be taken from, and where it leads.
TRANSITIONS: dict[Action, tuple[frozenset[ReferralStatus], ReferralStatus]] = {
    # The person may change their mind until the referral is made.
    Action.CONSENT: (frozenset({S.SUGGESTED, S.REFUSED}), S.CONSENTED),
    Action.REFUSE: (frozenset({S.SUGGESTED, S.CONSENTED}), S.REFUSED),
    Action.MAKE: (frozenset({S.CONSENTED}), S.MADE),
    Action.OVERRIDE: (frozenset({S.SUGGESTED, S.REFUSED}), S.MADE),
    Action.ACCEPT: (frozenset({S.MADE}), S.ACCEPTED),
    Action.DECLINE: (frozenset({S.MADE}), S.DECLINED),
    Action.CLOSE: (frozenset(set(S) - {S.CLOSED}), S.CLOSED),
}


@dataclass(eq=False)
class ReferralDecision:
    """One line of the audit trail; `from_status` is None for the suggestion that opened it."""

    referral_id: str
    action: Action
    from_status: ReferralStatus | None
    to_status: ReferralStatus
    decided_by: str
    party: Party
    decided_at: datetime
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class Referral:
    request_id: str
    requester_id: str
    supporter_id: str  # who suggested it
    service: Service
    reason: str
    created_at: datetime
    status: ReferralStatus = ReferralStatus.SUGGESTED
    consent_given: bool | None = None
    consent_shares: list[ShareItem] = field(default_factory=list)
    consent_note: str | None = None
    consent_decided_at: datetime | None = None
    made_at: datetime | None = None
    made_by: str | None = None
    passed_on: list[ShareItem] = field(default_factory=list)  # what actually went to the service
    safeguarding_override: bool = False
    override_reason: str | None = None
    closed_at: datetime | None = None
    updated_at: datetime | None = None
    decisions: list[ReferralDecision] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    # Not kept with the referral: the sources of help it offers the person as the directory stands when it
    # is shown (service_layer.referrals fills them in; see domain.signposting).
    offered_help: list = field(default_factory=list, compare=False)

    @classmethod
    def suggest(cls, *, request_id: str, requester_id: str, supporter_id: str, service: Service, reason: str,
                at: datetime) -> Referral:
        reason = reason.strip()
        if not reason or len(reason) > REASON_LENGTH:
            raise InvalidInput(f"the reason is 1 to {REASON_LENGTH} characters, not blank", field="reason")
        referral = cls(request_id=request_id, requester_id=requester_id, supporter_id=supporter_id,
                       service=Service(service), reason=reason, created_at=at, updated_at=at)
        referral._record(Action.SUGGEST, None, supporter_id, Party.SUPPORTER, at)
        return referral

    @property
    def urgent(self) -> bool:
        return self.service == Service.URGENT

    def give_consent(self, shares: list[ShareItem], note: str | None, by: str, at: datetime) -> None:
        """The person agrees, saying what may be shared: at least one item, or a note of their own."""
        kept = [item for item in ShareItem if item in shares]
        note = _note(note)
        if not kept and note is None:
            raise InvalidInput("say what may be shared: one or more items, or a note", field="shares")
        self._move(Action.CONSENT, by, Party.REQUESTER, at)
        self.consent_given, self.consent_shares, self.consent_note = True, kept, note
        self.consent_decided_at = at

    def refuse_consent(self, shares: list[ShareItem], note: str | None, by: str, at: datetime) -> None:
        """The person declines: nothing may be shared, so listing items with a refusal is a mistake."""
        if shares:
            raise InvalidInput("nothing is shared when consent is refused; leave shares empty", field="shares")
        self._move(Action.REFUSE, by, Party.REQUESTER, at)
        self.consent_given, self.consent_shares, self.consent_note = False, [], _note(note)
        self.consent_decided_at = at

    def make(self, by: str, party: Party, at: datetime) -> None:
        """Passed on to the service: exactly what the person consented to share."""
        if self.status in (ReferralStatus.SUGGESTED, ReferralStatus.REFUSED):
            raise Conflict("the person has not consented: nothing may be passed on without a safeguarding override")
        self._move(Action.MAKE, by, party, at)
        self.made_at, self.made_by, self.passed_on = at, by, list(self.consent_shares)

    def override(self, reason: str, shares: list[ShareItem], by: str, at: datetime) -> None:
        """A coordinator passes it on without consent, for safeguarding: in writing, item by item."""
        reason = reason.strip()
        if len(reason) < OVERRIDE_REASON_MIN or len(reason) > REASON_LENGTH:
            raise InvalidInput(
                f"a safeguarding override needs a written reason of {OVERRIDE_REASON_MIN} to {REASON_LENGTH} "
                "characters", field="reason")
        kept = [item for item in ShareItem if item in shares]
        if not kept:
            raise InvalidInput("say what is passed on: one or more items", field="shares")
        self._move(Action.OVERRIDE, by, Party.COORDINATOR, at)
        self.made_at, self.made_by, self.passed_on = at, by, kept
        self.safeguarding_override, self.override_reason = True, reason

    def record_outcome(self, accepted: bool, by: str, party: Party, at: datetime) -> None:
        """The service's answer: it took the person on, or it did not."""
        self._move(Action.ACCEPT if accepted else Action.DECLINE, by, party, at)

    def close(self, by: str, party: Party, at: datetime) -> None:
        if self.status == ReferralStatus.CLOSED:
            raise Conflict("this referral is already closed")
        self._move(Action.CLOSE, by, party, at)
        self.closed_at = at

    def _move(self, action: Action, by: str, party: Party, at: datetime) -> None:
        allowed, to = TRANSITIONS[action]
        if self.status not in allowed:
            raise Conflict(f"a referral that is {self.status} cannot be {PAST[action]}")
        before = self.status
        self.status = to
        self.updated_at = at
        self._record(action, before, by, party, at)

    def _record(self, action: Action, before: ReferralStatus | None, by: str, party: Party, at: datetime) -> None:
        self.decisions.append(ReferralDecision(
            referral_id=self.id, action=action, from_status=before, to_status=self.status, decided_by=by, party=party,
            decided_at=at,
        ))


def _note(note: str | None) -> str | None:
    note = note.strip() if note else None
    if note and len(note) > NOTE_LENGTH:
        raise InvalidInput(f"the note is at most {NOTE_LENGTH} characters", field="note")
    return note or None


PAST = {
    Action.CONSENT: "consented to", Action.REFUSE: "refused", Action.MAKE: "made",
    Action.OVERRIDE: "made by a safeguarding override", Action.ACCEPT: "accepted", Action.DECLINE: "declined",
    Action.CLOSE: "closed",
}
