"""Asking each service for its part of the report, with a token of a governance, coordinator or admin account."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import requests

from psn_shared.quarters import Quarter

SOURCES = ("identity", "training", "sessions")
TIMEOUT_S = 30

Get = Callable[..., Any]  # requests.get, or a stand-in with its signature


class ReportError(Exception):
    """A part of the report could not be had; the message says which and why, `source` which service."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


@dataclass(frozen=True)
class Row:
    """One figure of one quarter, as a service served it."""

    quarter: str
    source: str
    measure: str
    label: str
    group: str | None
    unit: str
    value: int | float | str | None


def login(identity_url: str, email: str, password: str, post: Callable[..., Any] = requests.post) -> str:
    response = post(f"{identity_url}/api/v1/auth/token", json={"email": email, "password": password},
                    timeout=TIMEOUT_S)
    if response.status_code != 200:
        raise ReportError(f"identity refused the login ({response.status_code})")
    return response.json()["access_token"]


def part(base_url: str, source: str, quarter: Quarter, token: str, get: Get = requests.get,
         timeout_s: float = TIMEOUT_S) -> list[Row]:
    url = f"{base_url}/api/v1/reports/board/{source}"
    try:
        response = get(url, params={"quarter": str(quarter)}, headers={"Authorization": f"Bearer {token}"},
                       timeout=timeout_s)
    except requests.Timeout as exc:
        raise ReportError(f"{source} did not answer within {timeout_s:g} s", source) from exc
    except requests.RequestException as exc:
        raise ReportError(f"{source} could not be reached at {base_url}: {exc}", source) from exc
    if response.status_code != 200:
        raise ReportError(f"{source} answered {response.status_code} for {quarter}: {response.text[:200]}", source)
    body = response.json()
    return [Row(quarter=body["quarter"], source=source, measure=m["measure"], label=m["label"], group=m["group"],
                unit=m["unit"], value=m["value"]) for m in body["measures"]]


def gather(urls: dict[str, str], quarters: Iterable[Quarter], token: str, get: Get = requests.get,
           timeout_s: float = TIMEOUT_S) -> list[Row]:
    """Every service's part of every quarter, oldest quarter first.

    Asked side by side, and waited for `timeout_s` in all: the report takes about as long as its slowest
    part, and a service that does not answer in time is named rather than waited on.
    """
    asks = [(quarter, source) for quarter in quarters for source in SOURCES]
    pool = ThreadPoolExecutor(max_workers=len(asks))
    try:
        futures = [pool.submit(part, urls[source], source, quarter, token, get, timeout_s)
                   for quarter, source in asks]
        _done, late = wait(futures, timeout=timeout_s, return_when=FIRST_EXCEPTION)
        for future in futures:
            if future.done() and future.exception() is not None:
                raise future.exception()
        for future, (_quarter, source) in zip(futures, asks, strict=True):
            if future in late:
                raise ReportError(f"{source} did not answer within {timeout_s:g} s", source)
        return [row for future in futures for row in future.result()]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
