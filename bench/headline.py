"""Headline latency: from the Level 2 completion request to the supporter being allocatable.

An observer on the wire (pika, its own queue) timestamps each `sessions.supporter.activated`
event, which sessions publishes in the very transaction that makes the profile allocatable; the
clock starts just before the completion request is sent. Completions go one at a time, each
PACE_S after the previous one arrived, so each figure is the latency of one completion, not of one
queued behind the previous one's after-work (its notices and emails, the waiting list served); on a
board, courses complete minutes apart. The floor is paced the same way, and both leave out the first
WARM_UP, which warm connections and caches. `make bench` runs the two in turn (`measure_beside`).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pika

from psn_shared.events import Envelope
from psn_shared.testing.workflow import Network, Person

if TYPE_CHECKING:
    from floor import Floor


def activated_supporter(body: bytes) -> str:
    return Envelope.from_json(body).data.supporter_id


class Observer:
    """Records when each message of one routing key (by default, each supporter's activation) reaches consumers."""

    def __init__(self, amqp_url: str, exchange: str, routing_key: str = "sessions.supporter.activated",
                 key: Callable[[bytes], str] = activated_supporter) -> None:
        self._key = key
        self.arrived: dict[str, float] = {}
        self._events: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._connection = pika.BlockingConnection(pika.URLParameters(amqp_url.rstrip("/") + "/%2F"))
        self._channel = self._connection.channel()
        queue = self._channel.queue_declare("", exclusive=True).method.queue
        self._channel.queue_bind(queue, exchange, routing_key=routing_key)
        self._channel.basic_consume(queue, self._on_message, auto_ack=True)
        self._thread = threading.Thread(target=self._channel.start_consuming, daemon=True)
        self._thread.start()

    def _on_message(self, _channel, _method, _properties, body: bytes) -> None:
        now = time.perf_counter()
        key = self._key(body)
        with self._lock:
            self.arrived[key] = now
            self._event(key).set()

    def _event(self, key: str) -> threading.Event:
        return self._events.setdefault(key, threading.Event())

    def wait(self, key: str, timeout: float = 10.0) -> float:
        with self._lock:
            event = self._event(key)
        if not event.wait(timeout):
            raise TimeoutError(f"nothing for {key} within {timeout}s")
        return self.arrived[key]

    def close(self) -> None:
        self._connection.add_callback_threadsafe(self._channel.stop_consuming)
        self._thread.join(timeout=10)
        self._connection.close()


COHORT_SIZE = 20  # a Level 2 course is a small group
PACE_S = float(os.environ.get("BENCH_PACE_S", "0.25"))
WARM_UP = 20


def prepare_candidates(network: Network, count: int) -> list[tuple[str, Person]]:
    """`count` nominees booked on cohorts of COHORT_SIZE, each with Level 1 and both managers' support."""
    ward = network.create_team("Benchmark ward")
    senior = network.login(network.register("Sam Senior", team_id=ward, grade="Band 8a"))
    line = network.login(network.register("Lee Line", team_id=ward, senior_manager=senior, grade="Band 7"))
    candidates = [
        network.register(f"Candidate {n}", team_id=ward, line_manager=line, senior_manager=senior)
        for n in range(count)
    ]
    booked = []
    for n, candidate in enumerate(candidates):
        if n % COHORT_SIZE == 0:
            cohort = network.create_cohort(capacity=COHORT_SIZE)
        network.wait_known_to_training(candidate)
        network.record_level_1(candidate)
        nomination = network.nominate(candidate, cohort)
        network.approve(nomination, line)
        network.approve(nomination, senior)
        booked.append((cohort, candidate))
    for cohort in dict.fromkeys(c for c, _ in booked):
        network.start_cohort(cohort)  # courses complete only while running; not part of what is timed
    return booked


def measure_beside(network: Network, amqp_url: str, exchange: str, floor: Floor,
                   count: int = 200) -> tuple[list[float], list[float]]:
    """Latencies in milliseconds, ours and the floor's, one per workflow: the two take turns, one
    workflow each, so each pair sees the machine as it was that moment."""
    booked = prepare_candidates(network, count + WARM_UP)
    observer = Observer(amqp_url, exchange)
    ours, bare = [], []
    try:
        for n, (cohort, candidate) in enumerate(booked):
            time.sleep(PACE_S)
            started = time.perf_counter()
            network.complete_level_2(cohort, candidate)
            arrived = observer.wait(candidate.id)
            time.sleep(PACE_S)
            floor_ms = floor.once()
            if n >= WARM_UP:
                ours.append((arrived - started) * 1000)
                bare.append(floor_ms)
    finally:
        observer.close()
    return ours, bare


def measure(network: Network, amqp_url: str, exchange: str, count: int = 200) -> list[float]:
    """Latencies in milliseconds, one per workflow."""
    booked = prepare_candidates(network, count + WARM_UP)
    observer = Observer(amqp_url, exchange)
    latencies = []
    try:
        for n, (cohort, candidate) in enumerate(booked):
            time.sleep(PACE_S)
            started = time.perf_counter()
            network.complete_level_2(cohort, candidate)
            arrived = observer.wait(candidate.id)
            if n >= WARM_UP:
                latencies.append((arrived - started) * 1000)
    finally:
        observer.close()
    return latencies
