"""The baseline: a bare kombu loop, persistent publish waiting for each confirm, consumed by another process."""

from __future__ import annotations

import multiprocessing as mp
import time
import uuid

from kombu import Connection, Exchange, Producer, Queue


def _consume(amqp_url: str, queue_name: str, count: int, ready: mp.Event, done: mp.Queue) -> None:
    received = 0
    with Connection(amqp_url) as conn:
        channel = conn.channel()
        channel.basic_qos(0, 200, False)
        queue = Queue(queue_name, channel=channel, durable=True, queue_arguments={"x-queue-type": "quorum"})

        def on_message(message) -> None:
            nonlocal received
            message.ack()
            received += 1

        with conn.Consumer(queue, on_message=on_message):
            ready.set()
            while received < count:
                conn.drain_events(timeout=30)
    done.put(time.perf_counter())


def measure(amqp_url: str, count: int = 10_000) -> float:
    name = f"psn-bench-bare-{uuid.uuid4().hex[:8]}"
    exchange = Exchange(name, type="topic", durable=True)
    with Connection(amqp_url, transport_options={"confirm_publish": True}) as conn:
        channel = conn.channel()
        exchange(channel).declare()
        Queue(name, exchange=exchange, routing_key="bench.#", durable=True,
              queue_arguments={"x-queue-type": "quorum"})(channel).declare()
        ready, done = mp.Event(), mp.Queue()
        consumer = mp.Process(target=_consume, args=(amqp_url, name, count, ready, done))
        consumer.start()
        ready.wait(30)
        producer = Producer(channel, exchange=exchange)
        body = '{"specversion":"1.0","type":"bench.event.happened","data":{"n":0}}'
        started = time.perf_counter()
        for _ in range(count):
            producer.publish(body, routing_key="bench.event.happened", delivery_mode=2,
                             content_type="application/json", content_encoding="utf-8")
        finished = done.get(timeout=120)
        consumer.join()
        channel.queue_delete(name)
        channel.exchange_delete(name)
    return count / (finished - started)
