"""A RabbitMQ cluster of local nodes, beside (and apart from) the machine's own broker.

Each node is its own `rabbitmq-server` process with its own node name, AMQP and distribution
ports, data and log directories and configuration file, all under one working directory; the
nodes share an Erlang cookie of their own (in that directory, used as HOME), so neither the
machine's broker nor its cookie is touched. The cluster test drives it; `rabbitmq-server` and
`rabbitmqctl` must be installed (RabbitMQ 3.10 or later: quorum queues with message TTL).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


class ClusterError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rabbitmq_scripts() -> Path:
    """Where the real `rabbitmq-server` and `rabbitmqctl` scripts are.

    Debian's /usr/sbin ones are a wrapper that switches to the `rabbitmq` user (and its HOME,
    cookie and files); the scripts beside the wrapper run as whoever calls them.
    """
    found = shutil.which("rabbitmq-server") or "/usr/sbin/rabbitmq-server"
    directory = Path(os.path.realpath(found)).parent
    if not (directory / "rabbitmq-server").exists() or not (directory / "rabbitmqctl").exists():
        raise ClusterError(f"no rabbitmq-server and rabbitmqctl in {directory}: is RabbitMQ installed?")
    return directory


@dataclass
class Node:
    name: str  # e.g. psn-1a2b-a@localhost
    amqp_port: int
    dist_port: int
    home: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.amqp_port}//"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class RabbitCluster:
    """Start `size` nodes, cluster them, stop and restart them one at a time, tear them all down."""

    def __init__(self, work: Path, *, size: int = 3, prefix: str = "psn") -> None:
        self.work = work
        self.scripts = rabbitmq_scripts()
        run = secrets.token_hex(3)
        self.nodes = [
            Node(f"{prefix}-{run}-{letter}@localhost", _free_port(), _free_port(), work / letter)
            for letter in "abcdefg"[:size]
        ]
        self._cookie = secrets.token_hex(20)

    @property
    def amqp_url(self) -> str:
        """Every node's URL, as AMQP_URL takes them."""
        return ";".join(node.url for node in self.nodes)

    def node(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def start(self, timeout: float = 120.0) -> None:
        for node in self.nodes:
            self._prepare(node)
            self._spawn(node)
        deadline = time.monotonic() + timeout
        for node in self.nodes:
            self.await_startup(node, deadline - time.monotonic())
        first, *others = self.nodes
        with ThreadPoolExecutor(len(others)) as pool:  # each CLI call boots a VM: join the others side by side
            list(pool.map(lambda node: self._join(node, first), others))
        members = json.loads(self.ctl(first, "cluster_status", "--formatter", "json"))["running_nodes"]
        if sorted(members) != sorted(node.name for node in self.nodes):
            raise ClusterError(f"the cluster runs {members}, not every node")

    def _join(self, node: Node, first: Node) -> None:
        self.ctl(node, "stop_app")
        self.ctl(node, "join_cluster", first.name)
        self.ctl(node, "start_app")

    def _prepare(self, node: Node) -> None:
        node.home.mkdir(parents=True, exist_ok=True)
        cookie = node.home / ".erlang.cookie"
        if not cookie.exists():
            cookie.write_text(self._cookie)
            cookie.chmod(0o400)
        (node.home / "rabbitmq-env.conf").write_text("")  # not /etc/rabbitmq's: it names the machine's node
        (node.home / "enabled_plugins").write_text("[].\n")  # no management plugin: its port is taken
        (node.home / "rabbitmq.conf").write_text(
            f"listeners.tcp.1 = 127.0.0.1:{node.amqp_port}\n"
            # A node cut off from the others stops serving rather than split the cluster in two.
            "cluster_partition_handling = pause_minority\n"
        )

    def _env(self, node: Node) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(node.home),
            "RABBITMQ_NODENAME": node.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(node.amqp_port),
            "RABBITMQ_DIST_PORT": str(node.dist_port),
            "RABBITMQ_MNESIA_BASE": str(node.home / "mnesia"),
            "RABBITMQ_LOG_BASE": str(node.home / "log"),
            "RABBITMQ_CONFIG_FILE": str(node.home / "rabbitmq.conf"),
            "RABBITMQ_ADVANCED_CONFIG_FILE": str(node.home / "advanced.config"),
            "RABBITMQ_CONF_ENV_FILE": str(node.home / "rabbitmq-env.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(node.home / "enabled_plugins"),
        }

    def _spawn(self, node: Node) -> None:
        log = open(node.home / "server.out", "ab")  # noqa: SIM115 - handed to the child
        # A session of its own: the script, the Erlang VM and its helpers can be killed as one group.
        node.process = subprocess.Popen(
            [str(self.scripts / "rabbitmq-server")], env=self._env(node), stdout=log, stderr=subprocess.STDOUT,
            cwd=node.home, start_new_session=True,
        )

    def ctl(self, node: Node, *args: str, timeout: float = 60.0) -> str:
        result = subprocess.run(
            [str(self.scripts / "rabbitmqctl"), "-q", "-n", node.name, *args], env=self._env(node),
            capture_output=True, text=True, timeout=timeout, cwd=node.home,
        )
        if result.returncode != 0:
            raise ClusterError(f"rabbitmqctl {' '.join(args)} on {node.name}: {result.stderr or result.stdout}")
        return result.stdout

    def await_startup(self, node: Node, timeout: float = 60.0) -> None:
        """Until the node runs RabbitMQ (it refuses the CLI until it has registered with epmd)."""
        deadline = time.monotonic() + timeout
        while True:
            if not node.running:
                raise ClusterError(f"{node.name} exited; see {node.home / 'log'}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ClusterError(f"{node.name} not running after {timeout:.0f}s; see {node.home / 'log'}")
            try:
                self.ctl(node, "await_startup", "--timeout", str(max(1, int(remaining))), timeout=remaining + 5)
                return
            except (ClusterError, subprocess.TimeoutExpired):
                time.sleep(0.2)  # poll interval while the VM boots, bounded by the deadline above

    def leaders(self, queue_names: list[str]) -> dict[str, str]:
        """Which node leads each of these quorum queues, asked of any running node."""
        asked = next(node for node in self.nodes if node.running)
        rows = json.loads(self.ctl(asked, "list_queues", "name", "leader", "--formatter", "json") or "[]")
        return {row["name"]: row["leader"] for row in rows if row["name"] in queue_names}

    def stop_node(self, node: Node, *, crash: bool = False, timeout: float = 60.0) -> None:
        """SIGTERM (the node shuts down cleanly, as a pod asked to stop) or SIGKILL (a crash); wait for it."""
        if not node.running:
            return
        if crash:
            os.killpg(node.process.pid, signal.SIGKILL)
        else:
            node.process.send_signal(signal.SIGTERM)
        try:
            node.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(node.process.pid, signal.SIGKILL)
            node.process.wait(timeout=10)
        self._kill_group(node)

    def restart_node(self, node: Node, timeout: float = 90.0) -> None:
        """Start a stopped node on its own data: it rejoins the cluster it was part of."""
        self._spawn(node)
        self.await_startup(node, timeout)

    def close(self, timeout: float = 60.0) -> None:
        """Stop every node (cleanly while the deadline lasts, then by force)."""
        running = [node for node in self.nodes if node.running]
        for node in running:
            node.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for node in running:
            try:
                node.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(node.process.pid, signal.SIGKILL)
                node.process.wait(timeout=10)
        for node in self.nodes:
            self._kill_group(node)

    @staticmethod
    def _kill_group(node: Node) -> None:
        """Whatever the node's VM left behind in its session (erl_child_setup, inet_gethost)."""
        if node.process is None:
            return
        with contextlib.suppress(ProcessLookupError):  # nothing left: the node exited whole
            os.killpg(node.process.pid, signal.SIGKILL)
