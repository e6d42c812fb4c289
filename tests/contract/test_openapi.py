"""The committed OpenAPI documents match what the services serve (run `make openapi` after an API change)."""

import pytest

from tests.contract.openapi import SERVICES, committed_spec, current_spec


@pytest.mark.parametrize("service", SERVICES)
def test_the_committed_openapi_document_is_current(service):
    stale = f"run `make openapi` and commit docs/openapi/{service}.json"
    assert current_spec(service) == committed_spec(service), stale
