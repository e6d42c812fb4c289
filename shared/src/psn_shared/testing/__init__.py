"""Test helpers: real PostgreSQL and RabbitMQ for every test run, isolated by name; shared fixtures and fakes."""

from psn_shared.testing.service import ServiceUnderTest

__all__ = ["ServiceUnderTest"]
