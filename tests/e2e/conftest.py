"""The whole system as real processes on free ports, against the real broker and database."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from psn_local import SERVICES, System, SystemConfig
from psn_shared.events.subscriptions import SUBSCRIPTIONS
from psn_shared.messaging.topology import Topology
from psn_shared.testing.infra import delete_namespace
from psn_shared.testing.standins import (
    FcmStandIn,
    NotifyStandIn,
    PushStandIn,
    fcm_stand_in,
    serving,
    vapid_private_key,
)
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
        # str(): an address in its own alphabet arrives as raw UTF-8 (SMTPUTF8), parsed as a Header.
        return [m for m in self.messages if address in str(m["To"] or "")]


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    # SMTPUTF8: people's addresses may be written in their own alphabet (siân@...).
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=True)
    controller.start()
    mailbox.url = f"smtp://127.0.0.1:{controller.port}"
    yield mailbox
    controller.stop()


@dataclass
class Providers:
    """The outside services notifications sends through, stood in for on this machine."""

    notify: NotifyStandIn
    push: PushStandIn
    fcm: FcmStandIn
    push_url: str
    env: dict[str, str]


# Must-deliver messages move to their next channel after this many seconds without confirmation.
CONFIRM_WITHIN_S = 3


@pytest.fixture(scope="session")
def providers(tmp_path_factory) -> Iterator[Providers]:
    notify, push = NotifyStandIn(), PushStandIn()
    with ExitStack() as stack:
        notify_url = stack.enter_context(serving(notify))
        push_url = stack.enter_context(serving(push))
        fcm = stack.enter_context(fcm_stand_in())
        credentials = tmp_path_factory.mktemp("fcm") / "service-account.json"
        credentials.write_text(json.dumps(fcm.service_account()))
        yield Providers(notify, push, fcm, push_url, {
            "NOTIFY_API_KEY": notify.api_key, "NOTIFY_BASE_URL": notify_url,
            "NOTIFY_SMS_TEMPLATE_ID": "sms-template", "VAPID_PRIVATE_KEY": vapid_private_key(),
            "VAPID_SUBJECT": "mailto:ops@psn.test", "FCM_CREDENTIALS_FILE": str(credentials),
            "FCM_BASE_URL": fcm.base_url, "MUST_DELIVER_CONFIRM_S": str(CONFIRM_WITHIN_S),
        })


def system_config(work: Path, *, databases, amqp_url: str, amqp_namespace: str, mailbox: Mailbox,
                  providers: Providers, hint: str = "e2e", replicas: int = 1) -> SystemConfig:
    """The e2e settings for a system of its own: databases named for `hint`, free ports, short retries."""
    (work / "failpoints").mkdir(parents=True, exist_ok=True)
    return SystemConfig(
        amqp_url=amqp_url,
        amqp_namespace=amqp_namespace,
        database_urls={s: databases.create(f"{hint}_{s}") for s in SERVICES},
        ports={s: free_port() for s in SERVICES},
        web_port=free_port(),
        smtp_url=mailbox.url,
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        log_dir=work / "logs",
        var_dir=work,
        replicas=replicas,
        extra_env={
            "EVENT_RETRY_DELAYS_S": "0.2,0.5", "FAILPOINTS_DIR": str(work / "failpoints"),
            # Level 3 counts time as a supporter; the e2e supporters are minutes old.
            "TRAINING_LEVEL3_MIN_SUPPORTER_DAYS": "0", "TRAINING_SCHEDULER_INTERVAL_S": "0.5",
            # Web apps say they are not ready for this long before stopping (5 s by default).
            "SHUTDOWN_DRAIN_S": "0.5",
            **providers.env,
        },
    )


@contextmanager
def running(config: SystemConfig, request: pytest.FixtureRequest) -> Iterator[System]:
    """The system started, and stopped at the end (its logs printed if a test failed)."""
    system = System(config)
    failed_before = request.session.testsfailed
    try:
        system.start()
        yield system
    finally:
        system.stop()
        if request.session.testsfailed > failed_before:
            print(system.tail_logs())


def delete_queues(amqp_url: str, namespace: str) -> None:
    names = [n for service in SUBSCRIPTIONS for n in Topology(namespace, service, (0.2, 0.5)).all_queue_names()]
    delete_namespace(amqp_url, namespace, names)


@pytest.fixture(scope="session")
def system(databases, amqp_url, amqp_namespace, mailbox, providers, tmp_path_factory, request) -> Iterator[System]:
    """The whole system, shared by the e2e tests; PSN_E2E_REPLICAS=n runs them on n copies of each
    web app, consumer and relay."""
    config = system_config(tmp_path_factory.mktemp("system"), databases=databases, amqp_url=amqp_url,
                           amqp_namespace=amqp_namespace, mailbox=mailbox, providers=providers,
                           replicas=int(os.environ.get("PSN_E2E_REPLICAS", "1")))
    with running(config, request) as system:
        yield system


@pytest.fixture(scope="session")
def network(system: System) -> Network:
    return Network({s: system.url(s) for s in SERVICES}, ADMIN_EMAIL, ADMIN_PASSWORD)


# The tests that start a system of their own, run before the shared one starts: two full systems at
# once would ask PostgreSQL for more connections than its default 100.
OWN_SYSTEM = ("test_as_make_run.py", "test_cluster.py", "test_replicas.py", "test_tracing.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    own = [item for item in items if item.path.parent == here and item.path.name in OWN_SYSTEM]
    rest = [item for item in items if item not in own]
    first = next((n for n, item in enumerate(rest) if item.path.parent == here), len(rest))
    items[:] = rest[:first] + own + rest[first:]
