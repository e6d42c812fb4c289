"""The dead-letter queues, for an operator: list, inspect, replay or discard what is in them.

    python -m psn_shared.tools.dead_letters list [SERVICE ...]
    python -m psn_shared.tools.dead_letters show SERVICE EVENT_ID
    python -m psn_shared.tools.dead_letters replay SERVICE (EVENT_ID ... | --all) --reason TEXT
    python -m psn_shared.tools.dead_letters discard SERVICE EVENT_ID ... --reason TEXT

It reads AMQP_URL and AMQP_NAMESPACE as the services do. A message is identified by its event id
(the CloudEvents `id`; the AMQP message id for a message that is not an event). Replaying sends the
message back to the service's queue with its attempts reset, once the broker has confirmed it
takes it from the dead-letter queue; discarding removes it. Both need a reason, and each message
replayed or discarded is logged (JSON, with its id, type, error and the reason) for the audit.
Messages not named are left where they were, in their order.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import amqp

from psn_shared.config import amqp_urls
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.logs import configure_logging
from psn_shared.messaging.broker import connect
from psn_shared.messaging.consumer import ATTEMPTS_HEADER, ERROR_HEADER
from psn_shared.messaging.topology import Topology

log = logging.getLogger("psn_shared.tools.dead_letters")


@dataclass
class DeadLetter:
    delivery_tag: int
    message: Any  # amqp.Message

    @property
    def body(self) -> bytes:
        body = self.message.body
        return body if isinstance(body, bytes) else body.encode()

    @property
    def headers(self) -> dict[str, Any]:
        return dict(self.message.properties.get("application_headers") or {})

    @property
    def envelope(self) -> dict[str, Any] | None:
        try:
            document = json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            return None
        return document if isinstance(document, dict) else None

    @property
    def id(self) -> str:
        envelope = self.envelope or {}
        return str(envelope.get("id") or self.message.properties.get("message_id") or f"tag-{self.delivery_tag}")

    @property
    def type(self) -> str:
        envelope = self.envelope or {}
        return str(envelope.get("type") or self.message.properties.get("type") or "(not an event)")

    def summary(self) -> dict[str, Any]:
        envelope = self.envelope or {}
        return {"id": self.id, "type": self.type, "subject": envelope.get("subject"), "time": envelope.get("time"),
                "attempts": self.headers.get(ATTEMPTS_HEADER), "error": self.headers.get(ERROR_HEADER)}


class DeadLetters:
    """One service's dead-letter queue, read on one channel: every message is taken unacknowledged,
    so whatever is not acked goes back, in order, when the channel closes."""

    def __init__(self, channel: Any, topology: Topology) -> None:
        self.channel = channel
        self.topology = topology
        self.messages = self._take_all()

    def _take_all(self) -> list[DeadLetter]:
        taken = []
        while (message := self.channel.basic_get(self.topology.dead_letter_queue_name, no_ack=False)) is not None:
            taken.append(DeadLetter(message.delivery_info["delivery_tag"], message))
        return taken

    def find(self, ids: list[str]) -> list[DeadLetter]:
        by_id = {letter.id: letter for letter in self.messages}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise LookupError(f"not in {self.topology.dead_letter_queue_name}: {', '.join(unknown)}")
        return [by_id[i] for i in ids]

    def replay(self, letters: list[DeadLetter], reason: str) -> None:
        for letter in letters:
            headers = {k: v for k, v in letter.headers.items() if k not in (ATTEMPTS_HEADER, ERROR_HEADER)}
            properties = letter.message.properties
            copy = amqp.Message(letter.body, content_type=properties.get("content_type"), delivery_mode=2,
                                message_id=properties.get("message_id"),
                                correlation_id=properties.get("correlation_id"), type=properties.get("type"),
                                application_headers=headers)
            # Confirmed into the service queue before it leaves this one: a crash in between leaves a
            # copy in each, and the consumer's inbox applies the event once.
            self.channel.basic_publish_confirm(copy, exchange="", routing_key=self.topology.queue_name)
            self.channel.basic_ack(letter.delivery_tag)
            log.warning("dead letter replayed", extra={"ctx_audit": {**letter.summary(), "action": "replay",
                                                                  "queue": self.topology.queue_name,
                                                                  "reason": reason}})

    def discard(self, letters: list[DeadLetter], reason: str) -> None:
        for letter in letters:
            self.channel.basic_ack(letter.delivery_tag)
            log.warning("dead letter discarded", extra={"ctx_audit": {**letter.summary(), "action": "discard",
                                                                   "body": letter.body.decode(errors="replace"),
                                                                   "reason": reason}})


@contextmanager
def opened(amqp_url: str, namespace: str, service: str) -> Iterator[DeadLetters]:
    if service not in SUBSCRIPTIONS:
        raise LookupError(f"no service {service!r}; one of {', '.join(SUBSCRIPTIONS)}")
    with connect(amqp_url) as connection:
        channel = connection.channel()
        channel.confirm_select()
        try:
            yield DeadLetters(channel, Topology(namespace, service))
        finally:
            channel.close()  # anything not acked goes back to the dead-letter queue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m psn_shared.tools.dead_letters", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="each service's dead letters, one JSON line each")
    listing.add_argument("services", nargs="*", default=list(SUBSCRIPTIONS))
    show = commands.add_parser("show", help="one dead letter whole: headers and body")
    show.add_argument("service")
    show.add_argument("id")
    replay = commands.add_parser("replay", help="send dead letters back to the service's queue")
    replay.add_argument("service")
    replay.add_argument("ids", nargs="*")
    replay.add_argument("--all", action="store_true", help="every dead letter of the service")
    replay.add_argument("--reason", required=True, help="why (logged)")
    discard = commands.add_parser("discard", help="remove dead letters for good")
    discard.add_argument("service")
    discard.add_argument("ids", nargs="+")
    discard.add_argument("--reason", required=True, help="why (logged, with the message)")
    args = parser.parse_args(argv)

    configure_logging("dead-letters")
    amqp_url = amqp_urls(os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"))
    namespace = os.environ.get("AMQP_NAMESPACE", "psn")
    if args.command in ("replay", "discard") and not args.reason.strip():
        parser.error("--reason must say why")
    if args.command == "replay" and bool(args.ids) == args.all:
        parser.error("name the event ids to replay, or --all")
    try:
        if args.command == "list":
            for service in args.services:
                with opened(amqp_url, namespace, service) as letters:
                    for letter in letters.messages:
                        print(json.dumps({"service": service, **letter.summary()}))
        elif args.command == "show":
            with opened(amqp_url, namespace, args.service) as letters:
                letter = letters.find([args.id])[0]
                body: Any = letter.envelope or letter.body.decode(errors="replace")
                print(json.dumps({"headers": letter.headers, "properties": {
                    k: v for k, v in letter.message.properties.items() if k != "application_headers"},
                    "body": body}, indent=2, default=str))
        else:
            with opened(amqp_url, namespace, args.service) as letters:
                chosen = letters.messages if args.command == "replay" and args.all else letters.find(args.ids)
                getattr(letters, args.command)(chosen, args.reason)
                print(f"{args.command}ed {len(chosen)} dead letter(s) of {args.service}", file=sys.stderr)
    except LookupError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
