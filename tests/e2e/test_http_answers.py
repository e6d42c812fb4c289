"""What a client reading over HTTP gets from a service as gunicorn serves it: the header fields the
app sets and the server's, each once."""

from __future__ import annotations

import pytest
import requests

pytestmark = pytest.mark.e2e


def test_a_read_carries_one_date_its_etag_and_the_app_s_own_fields(network, system):
    requester = network.login(network.register("Header Reader", team_id=network.create_team("Header readers")))
    request = network.ask_for_support(requester, scope="any")

    answer = requests.get(f"{system.url('sessions')}/api/v1/support-requests/{request['id']}",
                          headers={**requester.auth, "X-Correlation-ID": "read-1"}, timeout=10)

    assert answer.status_code == 200
    fields = answer.raw.headers
    # The server sends the Date; an app's own would be dropped by gunicorn, or sent twice by another server.
    assert len(fields.getlist("Date")) == 1
    assert len(fields.getlist("ETag")) == 1 and answer.headers["ETag"].startswith('"')
    assert fields.getlist("X-Correlation-ID") == ["read-1"]
    assert fields.getlist("X-Content-Type-Options") == ["nosniff"]
    assert requests.get(answer.url, headers={**requester.auth, "If-None-Match": answer.headers["ETag"]},
                        timeout=10).status_code == 304
