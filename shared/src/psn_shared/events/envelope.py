"""CloudEvents 1.0 envelope (structured JSON mode) plus a correlation id extension."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import ValidationError

from psn_shared.events.catalogue import CATALOGUE, UnknownEventType

CONTENT_TYPE = "application/cloudevents+json"


class MalformedEvent(ValueError):
    """A message that can never be handled: not JSON, not an envelope, or data off-schema."""


@dataclass(frozen=True)
class NewEvent:
    """An event a use case publishes: its type, its payload (the catalogue's class for the type)
    and the id of what it is about. Each service's `events/published.py` builds them."""

    type: str
    data: Any
    subject: str | None = None


@dataclass(frozen=True)
class Envelope:
    """One event. `data` is the type's payload object (see `contracts/`); its schema dumps it on the wire."""

    type: str
    source: str
    data: Any
    subject: str | None = None
    correlationid: str | None = None
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    time: datetime = field(default_factory=lambda: datetime.now(UTC))
    # CloudEvents distributed-tracing extension: the W3C trace context of the span that published it.
    traceparent: str | None = None
    wire: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def new(
        cls,
        type: str,
        data: Any,
        *,
        source: str,
        subject: str | None = None,
        correlationid: str | None = None,
        traceparent: str | None = None,
    ) -> Envelope:
        """Build an event whose data (a payload object, or a mapping of its fields) is checked
        against the catalogue: a producer bug fails here, not in a consumer."""
        event_type = CATALOGUE.get(type)
        wire = event_type.dump(data)
        if isinstance(data, event_type.payload):
            # Already typed: validating the wire form is enough, and it is kept for `to_dict`,
            # so a bulk publish dumps each payload once.
            errors = event_type.schema.validate(wire)
            if errors:
                raise ValidationError(errors)
            checked = data
        else:
            checked = event_type.load(wire)
        return cls(type=type, source=source, data=checked, subject=subject, correlationid=correlationid,
                   traceparent=traceparent, wire=wire)

    @classmethod
    def of(cls, event: NewEvent, *, source: str, correlationid: str | None = None,
           traceparent: str | None = None) -> Envelope:
        return cls.new(event.type, event.data, source=source, subject=event.subject, correlationid=correlationid,
                       traceparent=traceparent)

    @property
    def dataschema(self) -> str:
        return CATALOGUE.get(self.type).schema_uri

    def to_dict(self) -> dict[str, Any]:
        document = {
            "specversion": "1.0",
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "subject": self.subject,
            "time": self.time.isoformat(),
            "datacontenttype": "application/json",
            "dataschema": self.dataschema,
            "correlationid": self.correlationid,
            "data": self.wire if self.wire is not None else CATALOGUE.get(self.type).dump(self.data),
        }
        if self.traceparent:
            document["traceparent"] = self.traceparent
        return document

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: bytes | str) -> Envelope:
        """Parse and validate a message from the wire; data is loaded through its schema."""
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedEvent(f"body is not JSON: {exc}") from exc
        if not isinstance(doc, dict):
            raise MalformedEvent("body is not a JSON object")
        missing = [name for name in ("specversion", "id", "source", "type", "time", "data") if name not in doc]
        if missing:
            raise MalformedEvent(f"envelope lacks {', '.join(missing)}")
        if doc["specversion"] != "1.0":
            raise MalformedEvent(f"unsupported specversion {doc['specversion']!r}")
        try:
            event_type = CATALOGUE.get(doc["type"])
            data = event_type.load(doc["data"])
            time = datetime.fromisoformat(doc["time"])
        except UnknownEventType as exc:
            raise MalformedEvent(str(exc)) from exc
        except ValidationError as exc:
            raise MalformedEvent(f"data does not match {doc['type']}: {exc.messages}") from exc
        except (TypeError, ValueError) as exc:
            raise MalformedEvent(f"bad attribute: {exc}") from exc
        return cls(
            id=str(doc["id"]),
            type=doc["type"],
            source=str(doc["source"]),
            subject=doc.get("subject"),
            correlationid=doc.get("correlationid"),
            traceparent=doc.get("traceparent") if isinstance(doc.get("traceparent"), str) else None,
            time=time,
            data=data,
        )
