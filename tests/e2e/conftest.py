"""The whole system as real processes on free ports, against the real broker and database."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller

from psn_local import SERVICES, System, SystemConfig
from psn_shared.testing.workflow import Network

ADMIN_EMAIL, ADMIN_PASSWORD = "admin@psn.test", "e2e-admin-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An SMTP server that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address in (m["To"] or "")]


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.url = f"smtp://127.0.0.1:{controller.port}"
    yield mailbox
    controller.stop()


@pytest.fixture(scope="session")
def system(databases, amqp_url, amqp_namespace, mailbox, tmp_path_factory, request) -> Iterator[System]:
    work = tmp_path_factory.mktemp("system")
    (work / "failpoints").mkdir()
    config = SystemConfig(
        amqp_url=amqp_url,
        amqp_namespace=amqp_namespace,
        database_urls={s: databases.create(f"e2e_{s}") for s in SERVICES},
        ports={s: free_port() for s in SERVICES},
        smtp_url=mailbox.url,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        log_dir=work / "logs",
        var_dir=work,
        extra_env={
            "EVENT_RETRY_DELAYS_S": "0.2,0.5", "FAILPOINTS_DIR": str(work / "failpoints"),
            # Level 3 counts time as a supporter; the e2e supporters are minutes old.
            "TRAINING_LEVEL3_MIN_SUPPORTER_DAYS": "0", "TRAINING_SCHEDULER_INTERVAL_S": "0.5",
        },
    )
    system = System(config)
    try:
        system.start()
        yield system
    finally:
        system.stop()
        if request.session.testsfailed:
            print(system.tail_logs())


@pytest.fixture(scope="session")
def network(system: System) -> Network:
    return Network({s: system.url(s) for s in SERVICES}, ADMIN_EMAIL, ADMIN_PASSWORD)
