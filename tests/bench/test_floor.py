"""The headline's floor runs: every request goes through the three hops, each committing its row."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

import floor


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_each_request_is_observed_after_a_row_per_hop(databases, amqp_url):
    url = databases.create("floor").replace("postgresql+psycopg://", "postgresql://")
    latencies = floor.measure(url, amqp_url, count=3, web_workers=1, port=free_port(), warm_up=2)
    assert len(latencies) == 3 and all(latency > 0 for latency in latencies)
    with psycopg.connect(url) as conn:
        steps = conn.execute(f"SELECT step, count(*) FROM {floor.TABLE} GROUP BY step").fetchall()
    assert dict(steps) == {"request": 5, "hop 1": 5, "hop 2": 5, "hop 3": 5}
