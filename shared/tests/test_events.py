import json
import uuid
from datetime import date

import pytest

from psn_shared.events import CATALOGUE, Envelope, MalformedEvent
from psn_shared.events.subscriptions import SUBSCRIPTIONS


def level_completed() -> Envelope:
    return Envelope.new(
        "training.level.completed",
        {"staff_id": str(uuid.uuid4()), "level": 1, "completed_on": date(2026, 11, 2)},
        source="training",
        correlationid="corr-1",
    )


def test_an_envelope_survives_the_wire():
    sent = level_completed()
    received = Envelope.from_json(sent.to_json())
    assert received == sent
    assert received.data.completed_on == date(2026, 11, 2)


def test_the_wire_form_uses_cloudevents_attribute_names():
    wire = json.loads(level_completed().to_json())
    assert {"specversion", "id", "source", "type", "time", "datacontenttype", "data", "correlationid"} <= set(wire)
    assert wire["dataschema"] == "urn:psn:event:training.level.completed:v1"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"specversion": "1.0"}',
        json.dumps({"specversion": "1.0", "id": "1", "source": "x", "type": "no.such.event", "time": "2026-01-01T00:00:00+00:00", "data": {}}).encode(),  # noqa: E501
        json.dumps({"specversion": "1.0", "id": "1", "source": "x", "type": "training.level.completed", "time": "2026-01-01T00:00:00+00:00", "data": {"level": 7}}).encode(),  # noqa: E501
    ],
)
def test_anything_but_a_valid_event_is_malformed(body):
    with pytest.raises(MalformedEvent):
        Envelope.from_json(body)


def test_a_producer_cannot_publish_off_schema_data():
    with pytest.raises(Exception, match="level"):
        Envelope.new("training.level.completed", {"staff_id": str(uuid.uuid4()), "level": 9,
                                                   "completed_on": date.today()}, source="training")


def test_every_subscription_names_a_catalogued_event():
    for types in SUBSCRIPTIONS.values():
        for name in types:
            CATALOGUE.get(name)
