"""API reads against a floor: requests per second of one real GET over a bare Flask "hello".

Both servers run under gunicorn with the services' settings and the same number of workers, and
the same load generator drives each for the same time: a few processes, each with one keep-alive
connection sending GETs one after another. The generator shares the two cores with the server,
as it does for both, so the ratio says what our layers cost, not what the machine can do. The two
are driven in turn, a few short rounds each (`in_turn`), and the ratio is the median of the rounds'
ratios: a burst of load elsewhere on a shared machine then moves one round, not the figure.

Run as a script it is also the "hello" app: `gunicorn api_reads:app` imports `app` from here.
"""

from __future__ import annotations

import http.client
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from flask import Flask

BENCH = Path(__file__).parent
GUNICORN_CONF = BENCH.parent / "shared" / "src" / "psn_shared" / "gunicorn_conf.py"


def _drive(url: str, headers: dict[str, str], seconds: float, counted: mp.Queue) -> None:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    ok = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        conn.request("GET", parts.path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {url} answered {response.status}")
        ok += 1
    conn.close()
    counted.put(ok)


def requests_per_second(url: str, headers: dict[str, str] | None = None, *, seconds: float = 5.0,
                        connections: int = 4) -> float:
    """GETs of `url` answered 200 per second, from `connections` processes for `seconds`."""
    counted: mp.Queue = mp.Queue()
    drivers = [mp.Process(target=_drive, args=(url, headers or {}, seconds, counted)) for _ in range(connections)]
    started = time.perf_counter()
    for driver in drivers:
        driver.start()
    total = sum(counted.get(timeout=seconds + 60) for _ in drivers)
    elapsed = time.perf_counter() - started
    for driver in drivers:
        driver.join(timeout=10)
    return total / elapsed


@dataclass(frozen=True)
class ReadRounds:
    """Requests per second of the read and of the hello, round by round, each round one of each."""

    reads: list[float]
    hellos: list[float]

    @property
    def read_per_s(self) -> float:
        return statistics.median(self.reads)

    @property
    def hello_per_s(self) -> float:
        return statistics.median(self.hellos)

    @property
    def ratio(self) -> float:
        return statistics.median(read / hello for read, hello in zip(self.reads, self.hellos, strict=True))


def in_turn(read_url: str, read_headers: dict[str, str], hello_url: str, *, rounds: int,
            seconds: float) -> ReadRounds:
    """`rounds` rounds of the read then the hello, each driven for `seconds`."""
    reads, hellos = [], []
    for _ in range(rounds):
        reads.append(requests_per_second(read_url, read_headers, seconds=seconds))
        hellos.append(requests_per_second(hello_url, seconds=seconds))
    return ReadRounds(reads, hellos)


def hello_server(port: int, workers: int) -> subprocess.Popen:
    """The floor: Flask answering a small JSON object, nothing else."""
    env = {**os.environ, "WEB_CONCURRENCY": str(workers), "BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "--chdir", str(BENCH),
                                "api_reads:app"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/hello", timeout=1).raise_for_status()
            return process
        except requests.RequestException:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the hello server did not start") from None
            time.sleep(0.1)


app = Flask("hello")


@app.get("/hello")
def hello() -> dict[str, str]:
    return {"hello": "world"}
