"""Every event type in the system: its name (the routing key), its version and its payload class.

Routing key = event type, past tense, `<service>.<entity>.<verb>`. The payload classes live
in `contracts/` (a module per producer); their wire schemas are derived from them once, here.
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema
from marshmallow_dataclass import class_schema

from psn_shared.events import contracts as c


class UnknownEventType(KeyError):
    def __str__(self) -> str:
        return f"unknown event type {self.args[0]!r}"


class TolerantReader(Schema):
    class Meta:
        unknown = EXCLUDE


class EventType:
    """One event type: its name, its version and the payload class (with its schema) of its data.

    `secret`: its data holds a secret (a single-use link), so it is published only by the relay,
    which blanks the data in the outbox once the broker has it.
    """

    def __init__(self, name: str, version: int, payload: type, *, secret: bool = False) -> None:
        self.name = name
        self.version = version
        self.payload = payload
        self.secret = secret
        # One instance, reused: building a marshmallow schema costs more than using it.
        self.schema: Schema = class_schema(payload, base_schema=TolerantReader)()

    @property
    def schema_uri(self) -> str:
        return f"urn:psn:event:{self.name}:v{self.version}"

    def load(self, wire: Any) -> Any:
        """Wire JSON -> the payload object; raises ValidationError when off-schema."""
        return self.schema.load(wire)

    def dump(self, data: Any) -> dict[str, Any]:
        """A payload object (or a mapping of the same fields) -> wire JSON."""
        return self.schema.dump(data)


class Catalogue:
    def __init__(self, *types: EventType) -> None:
        self._types = {t.name: t for t in types}

    def get(self, name: str) -> EventType:
        try:
            return self._types[name]
        except KeyError:
            raise UnknownEventType(name) from None

    def names(self) -> list[str]:
        return sorted(self._types)


CATALOGUE = Catalogue(
    EventType("identity.team.created", 1, c.TeamCreated),
    EventType("identity.staff.registered", 1, c.StaffSnapshot),
    EventType("identity.staff.updated", 1, c.StaffUpdated),
    EventType("identity.staff.left", 1, c.StaffLeft),
    EventType("identity.staff.reinstated", 1, c.StaffSnapshot),
    EventType("identity.team.updated", 1, c.TeamUpdated),
    EventType("identity.password_reset.requested", 1, c.PasswordResetRequested, secret=True),
    EventType("identity.staff.welcomed", 1, c.StaffWelcomed, secret=True),
    EventType("identity.role.granted", 1, c.RoleGranted),
    EventType("identity.role.revoked", 1, c.RoleRevoked),
    EventType("identity.supporter_hours.changed", 1, c.SupporterHoursChanged),
    EventType("identity.supporter_hours.raise_proposed", 1, c.SupporterHoursRaiseProposed),
    EventType("identity.supporter_hours.raise_declined", 1, c.SupporterHoursRaiseDeclined),
    EventType("identity.delegation.granted", 1, c.DelegationGranted),
    EventType("identity.delegation.ended", 1, c.DelegationEnded),
    EventType("identity.champion.appointed", 1, c.ChampionAppointed),
    EventType("identity.champion.ended", 1, c.ChampionEnded),
    EventType("identity.help_source.published", 1, c.HelpSourceSnapshot),
    EventType("identity.help_source.changed", 1, c.HelpSourceSnapshot),
    EventType("identity.help_source.withdrawn", 1, c.HelpSourceSnapshot),
    EventType("training.level.completed", 1, c.LevelCompleted),
    EventType("training.level1_claim.decided", 1, c.Level1ClaimDecided),
    EventType("training.nomination.approved", 1, c.NominationOutcome),
    EventType("training.nomination.refused", 1, c.NominationOutcome),
    EventType("training.nomination.expired", 1, c.NominationOutcome),
    EventType("training.nomination.reminded", 1, c.NominationReminded),
    EventType("training.place.promoted", 1, c.PlacePromoted),
    EventType("training.nomination.awaiting_decision", 1, c.NominationAwaitingDecision),
    EventType("training.delegation.started", 1, c.DelegationStarted),
    EventType("training.place.booked", 1, c.PlaceBooked),
    EventType("training.place.waitlisted", 1, c.PlaceWaitlisted),
    EventType("training.place.released", 1, c.PlaceReleased),
    EventType("training.cohort.rescheduled", 1, c.CohortRescheduled),
    EventType("training.refresher.due", 1, c.Certification),
    EventType("training.certification.lapsed", 1, c.Certification),
    EventType("training.certification.renewed", 1, c.Certification),
    EventType("notifications.delivery.undeliverable", 1, c.DeliveryUndeliverable),
    EventType("sessions.supporter.activated", 1, c.SupporterActivated),
    EventType("sessions.request.allocated", 1, c.RequestAllocated),
    EventType("sessions.request.waiting", 1, c.RequestWaiting),
    EventType("sessions.conversation.proposed", 1, c.ConversationProposed),
    EventType("sessions.conversation.withdrawn", 1, c.ConversationWithdrawn),
    EventType("sessions.conversation.booked", 1, c.ConversationBooked),
    EventType("sessions.conversation.rescheduled", 1, c.ConversationRescheduled),
    EventType("sessions.conversation.cancelled", 1, c.ConversationCancelled),
    EventType("sessions.conversation.attended", 1, c.ConversationAttended),
    EventType("sessions.feedback.invited", 1, c.FeedbackInvited),
    EventType("sessions.referral.suggested", 1, c.ReferralSuggested),
    EventType("sessions.referral.decided", 1, c.ReferralDecided),
    EventType("sessions.request.accepted", 1, c.RequestAccepted),
    EventType("sessions.request.handed_back", 1, c.RequestHandedBack),
    EventType("sessions.request.reallocated", 1, c.RequestReallocated),
    EventType("sessions.request.waiting_too_long", 1, c.RequestWaitingTooLong),
    EventType("sessions.group_session.booked", 1, c.GroupSessionBooked),
    EventType("sessions.group_session.promoted", 1, c.GroupSessionPromoted),
    EventType("sessions.group_session.passed_over", 1, c.GroupSessionPassedOver),
    EventType("sessions.group_session.changed", 1, c.GroupSessionChanged),
    EventType("sessions.group_session.cancelled", 1, c.GroupSessionCancelled),
    EventType("sessions.group_session.reminded", 1, c.GroupSessionReminded),
    EventType("sessions.supervision.overdue", 1, c.SupervisionOverdue),
    EventType("sessions.wellbeing_review.scheduled", 1, c.WellbeingReviewScheduled),
    EventType("sessions.wellbeing_review.cancelled", 1, c.WellbeingReviewCancelled),
    EventType("sessions.wellbeing_review.reminded", 1, c.WellbeingReviewReminded),
)
