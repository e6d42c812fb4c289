"""The web front end's busiest pages, as a signed-in colleague opens them on the bench's seeded system.

The five pages everyone opens (the start page with its unread count, the inbox, my support, my request
with its supporter, times and referrals, my training), each drawn by the web app calling the APIs it needs
(sessions, notifications, training) as a browser would ask for it: one GET after another on one
keep-alive connection, with the session cookie. Each answer's time is the server's (the web app and the
APIs behind it; the client only sends and reads); its p95 is the figure. Beside it, what a page costs in
CPU across every process of the system (from /proc), which the machine's load does not move.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import requests
from system_memory import family

from psn_shared.testing.workflow import PASSWORD, Network

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
WARM_UP = 5


@dataclass(frozen=True)
class PageFigures:
    by_page_ms: dict[str, list[float]]
    cpu_ms_per_page: float

    @property
    def all_ms(self) -> list[float]:
        return [ms for timings in self.by_page_ms.values() for ms in timings]


def signed_in(web_url: str, email: str) -> requests.Session:
    """A browser's session with the web app: the sign-in form's CSRF token, then the email and password."""
    browser = requests.Session()
    form = browser.get(f"{web_url}/sign-in", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = browser.post(f"{web_url}/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token},
                          allow_redirects=False, timeout=10)
    if answer.status_code != 302:
        raise RuntimeError(f"signing in to the web app answered {answer.status_code}")
    return browser


def _cpu_ticks(pids: Iterable[int]) -> int:
    """User and system CPU of `pids` and everything they started (gunicorn's workers), in clock ticks."""
    ticks = 0
    for pid in family(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone while we looked
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks


def measure(network: Network, web_url: str, system_pids: list[int], rounds: int) -> PageFigures:
    requester = network.login(network.register("Paging Requester", team_id=network.create_team("Bench pages")))
    request = network.ask_for_support(requester, scope="any")
    pages = {"home": "/", "inbox": "/inbox", "my_support": "/support/requests",
             "my_request": f"/support/requests/{request['id']}", "my_training": "/training"}
    browser = signed_in(web_url, requester.email)
    for path in pages.values():
        for _ in range(WARM_UP):
            browser.get(web_url + path, timeout=10).raise_for_status()
    timings: dict[str, list[float]] = {name: [] for name in pages}
    ticks_before = _cpu_ticks(system_pids)
    for _ in range(rounds):
        for name, path in pages.items():
            started = time.perf_counter()
            answer = browser.get(web_url + path, timeout=10)
            timings[name].append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                raise RuntimeError(f"GET {path} answered {answer.status_code}")
    spent_ms = (_cpu_ticks(system_pids) - ticks_before) * 1000 / CLOCK_TICKS
    return PageFigures(timings, spent_ms / (rounds * len(pages)))
