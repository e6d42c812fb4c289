"""The operator's dead-letter tool against the real broker: list, show, replay, discard."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import amqp
import pytest

from psn_shared.events import Envelope
from psn_shared.events.contracts import TeamCreated
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.broker import connect
from psn_shared.messaging.consumer import ATTEMPTS_HEADER, ERROR_HEADER
from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import delete_namespace
from psn_shared.tools.dead_letters import main


@pytest.fixture
def topology(amqp_url, monkeypatch) -> Iterator[Topology]:
    topology = Topology(f"psn-dlq-{uuid.uuid4().hex[:8]}", "sessions")
    monkeypatch.setenv("AMQP_URL", amqp_url)
    monkeypatch.setenv("AMQP_NAMESPACE", topology.namespace)
    with connect(amqp_url) as connection:
        channel = connection.channel()
        topology.service_queue()(channel).declare()
        topology.dead_letter_queue()(channel).declare()
    yield topology
    names = [n for s in SUBSCRIPTIONS for n in Topology(topology.namespace, s).all_queue_names()]
    delete_namespace(amqp_url, topology.namespace, names)


def dead_letter(amqp_url: str, topology: Topology, body: str, error: str, message_id: str | None = None) -> None:
    with connect(amqp_url) as connection:
        channel = connection.channel()
        channel.basic_publish_confirm(
            amqp.Message(body, content_type="application/json", delivery_mode=2, message_id=message_id,
                         application_headers={ATTEMPTS_HEADER: 3, ERROR_HEADER: error}),
            exchange="", routing_key=topology.dead_letter_queue_name)


def team_event() -> Envelope:
    payload = TeamCreated(team_id=str(uuid.uuid4()), name="Ward 5", service="Acute", organisation="NHSGGC")
    return Envelope.new("identity.team.created", payload, source="identity")


def queued(amqp_url: str, queue: str) -> list[amqp.Message]:
    """Everything in a queue, taken off it."""
    with connect(amqp_url) as connection:
        channel = connection.channel()
        found = []
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            found.append(message)
        return found


def listed(capsys) -> list[dict]:
    assert main(["list", "sessions"]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_list_show_replay_and_discard(amqp_url, topology, capsys):
    first, second = team_event(), team_event()
    dead_letter(amqp_url, topology, first.to_json(), "RuntimeError: handler failed")
    dead_letter(amqp_url, topology, "not json at all", "malformed: not JSON", message_id="garbage-1")
    dead_letter(amqp_url, topology, second.to_json(), "RuntimeError: again")

    entries = listed(capsys)
    assert [(e["id"], e["type"], e["error"], e["attempts"]) for e in entries] == [
        (first.id, "identity.team.created", "RuntimeError: handler failed", 3),
        ("garbage-1", "(not an event)", "malformed: not JSON", 3),
        (second.id, "identity.team.created", "RuntimeError: again", 3),
    ]
    assert [e["id"] for e in listed(capsys)] == [first.id, "garbage-1", second.id], "listing takes nothing away"

    assert main(["show", "sessions", first.id]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["body"]["data"]["name"] == "Ward 5" and shown["headers"][ERROR_HEADER].startswith("RuntimeError")

    assert main(["replay", "sessions", first.id, "--reason", "handler fixed in release 42"]) == 0
    audit = capsys.readouterr().err
    assert "handler fixed in release 42" in audit and first.id in audit
    assert main(["discard", "sessions", "garbage-1", "--reason", "not an event; sent by a test tool"]) == 0
    assert "not an event; sent by a test tool" in capsys.readouterr().err

    assert [e["id"] for e in listed(capsys)] == [second.id]
    replayed = queued(amqp_url, topology.queue_name)
    assert [Envelope.from_json(m.body).id for m in replayed] == [first.id]
    assert ATTEMPTS_HEADER not in (replayed[0].properties.get("application_headers") or {}), "attempts start again"


def test_replay_all(amqp_url, topology, capsys):
    events = [team_event() for _ in range(3)]
    for event in events:
        dead_letter(amqp_url, topology, event.to_json(), "RuntimeError")
    assert main(["replay", "sessions", "--all", "--reason", "database was read-only"]) == 0
    assert listed(capsys) == []
    assert [Envelope.from_json(m.body).id for m in queued(amqp_url, topology.queue_name)] == [e.id for e in events]


def test_an_unknown_id_changes_nothing_and_a_reason_is_required(amqp_url, topology, capsys):
    event = team_event()
    dead_letter(amqp_url, topology, event.to_json(), "RuntimeError")
    assert main(["discard", "sessions", event.id, "no-such-id", "--reason", "typo"]) == 2
    assert "no-such-id" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["discard", "sessions", event.id])
    with pytest.raises(SystemExit):
        main(["replay", "sessions", event.id, "--reason", "  "])
    with pytest.raises(SystemExit):
        main(["replay", "sessions", "--reason", "neither ids nor --all"])
    assert [e["id"] for e in listed(capsys)] == [event.id]
