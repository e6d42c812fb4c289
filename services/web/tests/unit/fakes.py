"""The four services' APIs, faked at the HTTP client: each test says what they answer and reads what was sent."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from web.config import DEFAULT_URLS

REPORTS_URL = "http://127.0.0.1:8005"  # the reports app, where a test's settings name it

# (status, body) or (status, body, headers), or a function of what was sent giving one.
Answer = tuple[int, Any] | tuple[int, Any, dict[str, str]] | Callable[["Sent"], tuple]


@dataclass
class Sent:
    method: str
    service: str
    path: str
    headers: dict[str, str]
    json: Any
    params: dict[str, Any]
    data: Any = None  # a body sent as it is, or a form's fields beside its files
    files: dict[str, tuple[str, bytes, str]] | None = None  # each file's name, content and type


NOT_FOUND = (404, {"type": "about:blank", "title": "Not Found", "status": 404})


@dataclass
class FakeServices:
    answers: dict[tuple[str, str, str], Answer] = field(default_factory=dict)
    sent: list[Sent] = field(default_factory=list)
    unknown: Answer = NOT_FOUND  # the answer to a call no test set one for

    def on(self, method: str, service: str, path: str, answer: Answer) -> None:
        self.answers[(method, service, path)] = answer

    def calls(self, method: str, service: str, path: str) -> list[Sent]:
        return [s for s in self.sent if (s.method, s.service, s.path) == (method, service, path)]

    def request(self, method: str, url: str, *, headers: dict[str, str] | None = None, timeout: float = 0,
                json: Any = None, params: dict[str, Any] | None = None, data: Any = None,
                files: dict[str, tuple] | None = None, **_: Any) -> requests.Response:
        bases = {**DEFAULT_URLS, "reports": REPORTS_URL}
        service = next(name for name, base in bases.items() if url.startswith(base))
        path = url[len(bases[service]):]
        read = {key: (name, stream.read(), kind) for key, (name, stream, kind) in files.items()} if files else None
        sent = Sent(method, service, path, dict(headers or {}), json, dict(params or {}), data, read)
        self.sent.append(sent)
        answer = self.answers.get((method, service, path), self.unknown)
        status, body, *headers = answer(sent) if callable(answer) else answer
        return _response(status, body, headers[0] if headers else {})

    def get(self, url: str, timeout: float = 0) -> requests.Response:
        return self.request("GET", url, timeout=timeout)


def _response(status: int, body: Any, headers: dict[str, str]) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    if isinstance(body, bytes):
        response._content = body
    else:
        response._content = b"" if body is None else json.dumps(body).encode()
        response.headers["Content-Type"] = "application/problem+json" if status >= 400 else "application/json"
    return response


def problem(status: int, title: str, errors: list[dict[str, str]] | None = None, detail: str = "") -> tuple[int, Any]:
    return status, {"type": "about:blank", "title": title, "status": status, "detail": detail, "errors": errors or []}
