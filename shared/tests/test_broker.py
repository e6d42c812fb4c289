"""AMQP_URL as a list of cluster nodes: validated at start-up, and connected through kombu's failover."""

from __future__ import annotations

import socket

import pytest
from kombu import Connection

from psn_shared.config import ConfigError, Settings
from psn_shared.messaging.broker import broker_urls, connect


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_list_of_nodes_is_read_in_order(monkeypatch):
    monkeypatch.setenv("AMQP_URL", " amqp://u:p@a:5672// ; amqp://u:p@b:5673//,amqps://u:p@c:5671// ")
    settings = Settings.from_env("identity")
    assert settings.amqp_url == "amqp://u:p@a:5672//;amqp://u:p@b:5673//;amqps://u:p@c:5671//"
    assert broker_urls(settings.amqp_url) == ["amqp://u:p@a:5672//", "amqp://u:p@b:5673//", "amqps://u:p@c:5671//"]


@pytest.mark.parametrize("raw", ["amqp://u:secret@a//;http://b", "rabbit-a:5672", ";;"])
def test_an_entry_that_is_not_an_amqp_url_stops_the_process_without_echoing_it(monkeypatch, raw):
    monkeypatch.setenv("AMQP_URL", raw)
    with pytest.raises(ConfigError, match="AMQP_URL") as error:
        Settings.from_env("identity")
    assert "secret" not in str(error.value)


def test_connect_passes_over_nodes_that_are_down_to_one_that_answers(amqp_url):
    down = [f"amqp://guest:guest@127.0.0.1:{closed_port()}//" for _ in range(2)]
    connection = connect(";".join([*down, *broker_urls(amqp_url)]))
    try:
        assert connection.connected
        assert connection.as_uri() == Connection(broker_urls(amqp_url)[0]).as_uri()
    finally:
        connection.release()


def test_connect_raises_when_no_node_answers():
    with pytest.raises(Exception, match="refused"):
        connect(";".join(f"amqp://guest:guest@127.0.0.1:{closed_port()}//" for _ in range(3)), connect_timeout=1)
