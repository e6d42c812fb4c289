"""Asking each service for its part of the report, with a token of a governance, coordinator or admin account."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import requests

from psn_shared.quarters import Quarter

SOURCES = ("identity", "training", "sessions")
TIMEOUT_S = 30

Get = Callable[..., Any]  # requests.get, or a stand-in with its signature


class ReportError(Exception):
    """A part of the report could not be had; the message says which and why."""


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


def part(base_url: str, source: str, quarter: Quarter, token: str, get: Get = requests.get) -> list[Row]:
    url = f"{base_url}/api/v1/reports/board/{source}"
    try:
        response = get(url, params={"quarter": str(quarter)}, headers={"Authorization": f"Bearer {token}"},
                       timeout=TIMEOUT_S)
    except requests.RequestException as exc:
        raise ReportError(f"{source} could not be reached at {base_url}: {exc}") from exc
    if response.status_code != 200:
        raise ReportError(f"{source} answered {response.status_code} for {quarter}: {response.text[:200]}")
    body = response.json()
    return [Row(quarter=body["quarter"], source=source, measure=m["measure"], label=m["label"], group=m["group"],
                unit=m["unit"], value=m["value"]) for m in body["measures"]]


def gather(urls: dict[str, str], quarters: Iterable[Quarter], token: str, get: Get = requests.get) -> list[Row]:
    """Every service's part of every quarter, oldest quarter first."""
    return [row for quarter in quarters for source in SOURCES
            for row in part(urls[source], source, quarter, token, get)]
