"""The floor under the headline: the same chain of work written bare, measured in the same run.

An HTTP request (Flask under gunicorn with the services' settings, psycopg, no ORM) commits one
row and publishes one persistent message, waiting for the broker's confirm (kombu); three
consumer processes each take the message, commit one row, publish the next (confirmed) and ack;
an observer on the wire timestamps the last, as the headline's observes
`sessions.supporter.activated`. Absolute times on a shared 2-core machine move from run to run;
ours divided by this floor moves much less, and least when the two take turns, one workflow each
(`headline.measure_beside`, as `make bench` runs them), so both see the machine as it is that moment.

Run as a script it is also the web app: `gunicorn floor:app` imports `app` from here.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import psycopg
import requests
from kombu import Connection, Exchange, Producer, Queue

HOPS = 3
TABLE = "floor_rows"
BENCH = Path(__file__).parent
REPO = BENCH.parent


def _exchange(name: str) -> Exchange:
    return Exchange(name, type="topic", durable=True)


def _insert(conn: psycopg.Connection, step: str, run_id: str) -> None:
    with conn.transaction():
        conn.execute(f"INSERT INTO {TABLE} (id, step, run_id) VALUES (%s, %s, %s)", (str(uuid.uuid4()), step, run_id))


def create_app():
    from flask import Flask, request

    app = Flask("floor")
    # Opened by each worker at its first request: gunicorn imports the app in its master (preload)
    # and forks the workers, which must not share one connection.
    opened: dict[str, object] = {}

    def connections() -> tuple[psycopg.Connection, Producer]:
        if not opened:
            opened["database"] = psycopg.connect(os.environ["FLOOR_DATABASE_URL"], autocommit=True)
            broker = Connection(os.environ["AMQP_URL"], transport_options={"confirm_publish": True})
            opened["producer"] = Producer(broker.channel(), exchange=_exchange(os.environ["FLOOR_EXCHANGE"]))
        return opened["database"], opened["producer"]

    @app.post("/runs")
    def start() -> tuple[dict, int]:
        run_id = request.get_json()["run_id"]
        database, producer = connections()
        _insert(database, "request", run_id)
        producer.publish({"run_id": run_id}, routing_key="floor.hop.1", delivery_mode=2, serializer="json")
        return {"run_id": run_id}, 201

    return app


def _hop(number: int, amqp_url: str, database_url: str, exchange_name: str, ready: mp.Event) -> None:
    database = psycopg.connect(database_url, autocommit=True)
    exchange = _exchange(exchange_name)
    with Connection(amqp_url, transport_options={"confirm_publish": True}) as conn:
        channel = conn.channel()
        channel.basic_qos(0, 10, False)
        queue = Queue(f"{exchange_name}.hop{number}", exchange=exchange, routing_key=f"floor.hop.{number}",
                      durable=True, queue_arguments={"x-queue-type": "quorum"}, channel=channel)
        queue.declare()
        producer = Producer(conn.channel(), exchange=exchange)
        following = f"floor.hop.{number + 1}" if number < HOPS else "floor.done"

        def on_message(body: dict, message) -> None:
            _insert(database, f"hop {number}", body["run_id"])
            producer.publish(body, routing_key=following, delivery_mode=2, serializer="json")
            message.ack()

        with conn.Consumer(queue, callbacks=[on_message]):
            ready.set()
            while True:
                conn.drain_events()


class Floor:
    """The bare chain, started (a `with` block): `once()` sends one request and waits for its last message."""

    def __init__(self, database_url: str, amqp_url: str, web_workers: int, port: int = 18090) -> None:
        # A SQLAlchemy URL is welcome.
        self.database_url = database_url.replace("postgresql+psycopg://", "postgresql://")
        self.amqp_url, self.web_workers, self.port = amqp_url, web_workers, port
        self.exchange_name = f"psn-bench-floor-{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> Floor:
        from headline import Observer

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            conn.execute(f"CREATE TABLE {TABLE} (id varchar(36) PRIMARY KEY, step varchar(16) NOT NULL, "
                         "run_id varchar(36) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())")
        self._stack = stack = ExitStack()
        try:
            with Connection(self.amqp_url) as conn:
                _exchange(self.exchange_name)(conn.channel()).declare()
            stack.callback(_delete_broker_objects, self.amqp_url, self.exchange_name)
            ready = [mp.Event() for _ in range(HOPS)]
            for n in range(HOPS):
                hop = mp.Process(target=_hop, args=(n + 1, self.amqp_url, self.database_url, self.exchange_name,
                                                    ready[n]), daemon=True)
                hop.start()
                stack.callback(hop.join, timeout=10)
                stack.callback(hop.terminate)
            web = _start_web(self.database_url, self.amqp_url, self.exchange_name, self.web_workers, self.port)
            stack.callback(web.wait, timeout=20)
            stack.callback(web.terminate)
            self.observer = Observer(self.amqp_url, self.exchange_name, routing_key="floor.done",
                                     key=lambda body: json.loads(body)["run_id"])
            stack.callback(self.observer.close)
            self.http = stack.enter_context(requests.Session())
            for event in ready:
                if not event.wait(30):
                    raise TimeoutError("a floor hop did not start")
            _wait_listening(self.port)
        except BaseException:
            stack.close()
            raise
        return self

    def once(self) -> float:
        """Milliseconds from sending one request to the observer seeing its last message."""
        run_id = str(uuid.uuid4())
        started = time.perf_counter()
        response = self.http.post(f"http://127.0.0.1:{self.port}/runs", json={"run_id": run_id}, timeout=10)
        response.raise_for_status()
        return (self.observer.wait(run_id) - started) * 1000

    def __exit__(self, *_exc_info: object) -> None:
        self._stack.close()


def measure(database_url: str, amqp_url: str, count: int, web_workers: int, port: int = 18090,
            warm_up: int | None = None) -> list[float]:
    """Latencies in milliseconds from sending each request to the observer seeing its last message,
    paced and warmed up as the headline is."""
    from headline import PACE_S, WARM_UP

    warm_up = WARM_UP if warm_up is None else warm_up
    with Floor(database_url, amqp_url, web_workers, port) as floor:
        latencies = []
        for n in range(count + warm_up):
            time.sleep(PACE_S)
            latency = floor.once()
            if n >= warm_up:
                latencies.append(latency)
        return latencies


def _start_web(database_url: str, amqp_url: str, exchange_name: str, workers: int, port: int) -> subprocess.Popen:
    env = {**os.environ, "FLOOR_DATABASE_URL": database_url, "AMQP_URL": amqp_url, "FLOOR_EXCHANGE": exchange_name,
           "WEB_CONCURRENCY": str(workers), "BIND": f"127.0.0.1:{port}"}
    conf = REPO / "shared" / "src" / "psn_shared" / "gunicorn_conf.py"
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(conf), "--chdir", str(BENCH), "floor:app"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/", timeout=1)
            return
        except requests.RequestException:  # not listening yet, or a worker still starting on a busy machine
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _delete_broker_objects(amqp_url: str, exchange_name: str) -> None:
    with Connection(amqp_url) as conn:
        channel = conn.channel()
        for n in range(HOPS):
            channel.queue_delete(f"{exchange_name}.hop{n + 1}")
        channel.exchange_delete(exchange_name)


if os.environ.get("FLOOR_DATABASE_URL"):
    app = create_app()
