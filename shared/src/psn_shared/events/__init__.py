"""The event contract: the envelope, the payload classes and the one catalogue of event types."""

from psn_shared.events.catalogue import CATALOGUE, EventType, UnknownEventType
from psn_shared.events.envelope import Envelope, MalformedEvent, NewEvent

__all__ = ["CATALOGUE", "Envelope", "EventType", "MalformedEvent", "NewEvent", "UnknownEventType"]
