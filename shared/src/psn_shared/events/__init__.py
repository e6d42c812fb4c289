"""The event contract: the envelope and the one catalogue of event types."""

from psn_shared.events.catalogue import CATALOGUE, EventType, UnknownEventType
from psn_shared.events.envelope import Envelope, MalformedEvent

__all__ = ["CATALOGUE", "Envelope", "EventType", "MalformedEvent", "UnknownEventType"]
