"""What the shared fixtures need to know of a service to test it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from flask import Flask
from sqlalchemy import Engine

from psn_shared.testing import tokens


@dataclass(frozen=True)
class ServiceUnderTest:
    package: ModuleType
    create_app: Callable[..., Flask]
    load_settings: Callable[[], Any]
    uow_factory: Callable[[Engine], Callable[[], Any]]
    handlers: Mapping[str, Callable[..., None]]
    # Writes what every test of the service starts from into its template database (by URL).
    seed: Callable[[str], None] | None = None
    # Identity issues tokens; every other service verifies them against the tests' own key.
    verifies_tokens: bool = True

    @property
    def name(self) -> str:
        return self.package.__name__

    def make_app(self) -> Flask:
        if self.verifies_tokens:
            return self.create_app(self.load_settings(), verifier=tokens.verifier())
        return self.create_app(self.load_settings())
